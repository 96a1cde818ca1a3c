// Invoice and InvoiceLine: what the ledger's postings are billed on
// (docs/ledger.md#invoices-and-credit-notes). A care, subscription, settlement or commitment
// invoice (380) or credit note (381); every posting ends up on exactly one line. Numbering, specification
// ids, dates and the late-care rule live here. Value types; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/money.h"
#include "core/period.h"

namespace vardavtal {

enum class InvoiceType { invoice, credit };  // 380, 381
// settlement: the year-end settlement of the cost difference (billing rules
// §8.4); commitment: a volume commitment's true-up (§8.5). Neither carries
// patient data, so neither has a fakturaunderlag.
enum class BillingKind { care, subscription, settlement, commitment };
std::string_view to_string(InvoiceType t);
std::string_view to_string(BillingKind k);
// The kind `to_string` names; nullopt for any other text.
std::optional<BillingKind> parse_billing_kind(std::string_view text);
// In Swedish, for people: "faktura", "kreditfaktura"; "vård", "abonnemang",
// "avräkning", "åtagande".
std::string_view swedish_name(InvoiceType t);
std::string_view swedish_name(BillingKind k);

struct Invoice {
  std::string seller;
  std::string number;  // digits only
  int64_t seq = 0;     // gapless per region (the issuer)
  int64_t run_id = 0;
  InvoiceType type = InvoiceType::invoice;
  BillingKind kind = BillingKind::care;
  std::string buyer;
  Period period;
  Date issue_date{};
  Date due_date{};
  std::string spec_id;           // care invoices only
  std::string reference_number;  // credit notes: the original invoice
  Money total;                   // positive
  int64_t lines = 0;
  int64_t late_lines = 0;
};

struct InvoiceLine {
  std::string seller;
  std::string number;
  int64_t line_no = 0;
  int64_t posting_id = 0;
  Money amount;  // positive
  bool late = false;
  std::string reference_number;  // credit lines
  int64_t reference_line = 0;
  int reason_code = 0;
};

// The first month a seller's first billing run bills: the earlier of the
// month of its first care and January of its first agreement year with a
// subscription, so that all twelve installments of that year are invoiced
// whatever month its care starts in (and with no care at all); nullopt when
// it has neither.
std::optional<Period> first_billed_period(std::optional<Date> first_care,
                                               std::optional<int> first_subscription_year);

// The invoice number: the seller's county code and the gapless sequence
// number in 8 digits of its region's series, which every hospital of the
// region shares, since they all invoice under the region's organisation
// number ("0300000017"). Digits only (the national standard
// forbids spaces and hyphens).
std::string invoice_number(std::string_view seller_county, int64_t seq);

// The specification id: "ZVF" + organisation number (10) + YYMM + a 6-digit
// counter: 23 characters (ÖR37). The prefix is all but the counter, which
// counts per prefix.
std::string specification_prefix(std::string_view org_number, Period period);
std::string specification_id(std::string_view org_number, Period period, int64_t counter);

// The month whose close (docs/erp.md) an invoice belongs to: its billed
// month; but a year-end true-up (settlement, commitment), billed for December
// and issued long after it, belongs to the month before its issue date — by
// default the seller's last billed month when it was settled — so that it
// never lands in a month already closed and booked.
Period month_end_period(const Invoice& invoice);
// The month before `issue`'s day: the month a document issued that day closes with.
Period month_before(Date issue);

// Issue date by default: the day after the billed month. Due 30 days later.
Date default_issue_date(Period period);
Date due_date(Date issue);

// Late care: invoiced more than six months after its billing date
// (issue date later than billing date + 6 calendar months).
bool is_late(Date billing_date, Date issue_date);

}  // namespace vardavtal
