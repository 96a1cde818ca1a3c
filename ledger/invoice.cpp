#include "ledger/invoice.h"

#include <cstdio>

namespace vardavtal {

std::string_view swedish_name(InvoiceType t) {
  return t == InvoiceType::credit ? "kreditfaktura" : "faktura";
}

std::string_view swedish_name(BillingKind k) {
  switch (k) {
    case BillingKind::care:
      return "vård";
    case BillingKind::subscription:
      return "abonnemang";
    case BillingKind::settlement:
      return "avräkning";
    case BillingKind::commitment:
      return "åtagande";
  }
  return "";
}

std::string_view to_string(InvoiceType t) { return t == InvoiceType::invoice ? "invoice" : "credit"; }
std::string_view to_string(BillingKind k) {
  switch (k) {
    case BillingKind::care: return "care";
    case BillingKind::subscription: return "subscription";
    case BillingKind::settlement: return "settlement";
    case BillingKind::commitment: return "commitment";
  }
  return "?";
}

std::optional<BillingKind> parse_billing_kind(std::string_view text) {
  for (BillingKind k : {BillingKind::care, BillingKind::subscription, BillingKind::settlement,
                        BillingKind::commitment})
    if (to_string(k) == text) return k;
  return std::nullopt;
}

std::optional<Period> first_billed_period(std::optional<Date> first_care,
                                          std::optional<int> first_subscription_year) {
  std::optional<Period> out;
  if (first_care) out = period_of(*first_care);
  if (first_subscription_year) {
    const Period january(*first_subscription_year, 1);
    if (!out || january < *out) out = january;
  }
  return out;
}

std::string invoice_number(std::string_view county, int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*s%08lld", static_cast<int>(county.size()), county.data(),
                static_cast<long long>(seq));
  return buf;
}

std::string specification_prefix(std::string_view org, Period period) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ZVF%.*s%02d%02u", static_cast<int>(org.size()), org.data(),
                period.year() % 100, period.month());
  return buf;
}

std::string specification_id(std::string_view org, Period period, int64_t counter) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(counter));
  return specification_prefix(org, period) + buf;
}

Period month_before(Date issue) {
  const Date day_before{date::sys_days(issue) - date::days{1}};
  return Period(static_cast<int>(day_before.year()), static_cast<unsigned>(day_before.month()));
}

Period month_end_period(const Invoice& invoice) {
  const bool true_up =
      invoice.kind == BillingKind::settlement || invoice.kind == BillingKind::commitment;
  return true_up ? month_before(invoice.issue_date) : invoice.period;
}

Date default_issue_date(Period period) {
  return date::sys_days{period.last_day()} + date::days{1};
}

Date due_date(Date issue) { return date::sys_days{issue} + date::days{30}; }

bool is_late(Date billing, Date issue) {
  date::year_month_day limit = billing + date::months{6};
  if (!limit.ok()) limit = date::year_month_day_last{limit.year(), date::month_day_last{limit.month()}};
  return date::sys_days{issue} > date::sys_days{limit};
}

}  // namespace vardavtal
