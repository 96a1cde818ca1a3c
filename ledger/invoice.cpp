#include "ledger/invoice.h"

#include <cstdio>

namespace vardavtal {

std::string_view to_string(InvoiceType t) { return t == InvoiceType::invoice ? "invoice" : "credit"; }
std::string_view to_string(BillingKind k) { return k == BillingKind::care ? "care" : "subscription"; }

std::string period_of(Date d) { return format_iso(d).substr(0, 7); }

bool is_period(std::string_view t) {
  return t.size() == 7 && parse_iso_date(std::string(t) + "-01").has_value();
}

Date first_day(std::string_view period) { return *parse_iso_date(std::string(period) + "-01"); }

Date last_day(std::string_view period) {
  Date f = first_day(period);
  return date::year_month_day_last{f.year(), date::month_day_last{f.month()}};
}

std::string next_period(std::string_view period) {
  Date f = first_day(period);
  return period_of(Date{f.year() / f.month() / 1} + date::months{1});
}

std::optional<std::string> first_billed_period(std::optional<Date> first_care,
                                               std::optional<int> first_subscription_year) {
  std::optional<std::string> out;
  if (first_care) out = period_of(*first_care);
  if (first_subscription_year) {
    std::string january = period_of(date::year{*first_subscription_year} / date::January / 1);
    if (!out || january < *out) out = std::move(january);
  }
  return out;
}

std::string invoice_number(std::string_view county, int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*s%08lld", static_cast<int>(county.size()), county.data(),
                static_cast<long long>(seq));
  return buf;
}

std::string specification_id(std::string_view org, std::string_view period, int64_t counter) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ZVF%.*s%.*s%.*s%06lld", static_cast<int>(org.size()), org.data(),
                2, period.data() + 2, 2, period.data() + 5, static_cast<long long>(counter));
  return buf;
}

Date default_issue_date(std::string_view period) {
  return date::sys_days{last_day(period)} + date::days{1};
}

Date due_date(Date issue) { return date::sys_days{issue} + date::days{30}; }

bool is_late(Date billing, Date issue) {
  date::year_month_day limit = billing + date::months{6};
  if (!limit.ok()) limit = date::year_month_day_last{limit.year(), date::month_day_last{limit.month()}};
  return date::sys_days{issue} > date::sys_days{limit};
}

}  // namespace vardavtal
