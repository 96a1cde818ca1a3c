// Posting: one entry of the append-only ledger (docs/ledger.md#invoices-and-credit-notes). A care
// posting carries a record version's priced amounts; a reversal negates a care
// posting (a correction); a subscription posting carries one month's
// installment. Postings are never changed: content_hash() seals every field.
// Value type; pure functions; any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/money.h"
#include "core/record.h"
#include "pricing/price.h"

namespace vardavtal {

// settlement, commitment: a year-end true-up of one buyer's year (billing
// rules §8.4, §8.5), signed, with no record.
enum class PostingKind { care, reversal, subscription, settlement, commitment };
std::string_view to_string(PostingKind k);

struct Posting {
  int64_t id = 0;
  int64_t run_id = 0;
  PostingKind kind = PostingKind::care;
  std::string seller;
  std::string buyer;
  Date billing_date{};
  std::string record_id;  // care, reversal
  int64_t record_version = 0;
  int64_t items_version = 0;
  int64_t reverses = 0;  // reversal: the care posting's id
  int reason_code = 0;   // reversal: national credit reason code
  std::string drg;
  int64_t weight = 0;
  int care_days = 0;
  std::string outlier;
  Money drg_amount, los_outlier_amount, cost_outlier_amount, items_amount, patient_fee, gross;
  Money amount;  // invoiced: the variable part (care), the installment (subscription)
  std::string agreement_id;
  int64_t agreement_version = 0;
  int64_t weights_year = 0;
  int64_t weight_version = 0;
  int64_t price_list_version = 0;
  // §8: a tariff's amount (price × units) and its catalogue version, the
  // at-cost items' amount above the threshold, and whether price-list items
  // were discounted with the subscription ([subscription] include_items).
  Money tariff_amount, at_cost_amount;
  int64_t tariff_units = 0;
  int64_t tariff_version = 0;
  std::string tariff_unit;  // "contact" | "care_day"; empty without a tariff
  bool items_discounted = false;

  // Care and reversals bill a record version; the other kinds none.
  bool has_record() const { return kind == PostingKind::care || kind == PostingKind::reversal; }
  // DRG-based value (DRG + outliers): what a subscription covers.
  Money drg_based_value() const { return drg_amount + los_outlier_amount + cost_outlier_amount; }
  // The activity value (§8.1): DRG-based value plus tariffs.
  Money activity_value() const { return drg_based_value() + tariff_amount; }
  // A tariff's price per unit (tariff_amount = units × price exactly).
  Money tariff_price() const;
  // A digest of every field, stored with the posting; `verify` recomputes it.
  // The §8 fields join it only when one is set, so that a posting written
  // before them keeps its digest.
  int64_t content_hash() const;
};

// The care posting of a priced (not held) record version.
Posting care_posting(const Record& r, int64_t record_version, int64_t items_version,
                     const PricedRecord& p);

// The reversal of a care posting: every amount negated, for the same buyer
// and billing date.
Posting reversal_of(const Posting& original, int reason_code);

// A care posting's invoiced amount split for the follow-up (docs/followup.md#invoiced-split,
// table 6). The at-cost amount is always invoiced whole, and so are the
// items unless the subscription discounted them; the rest of the amount
// (plus the patient fee) is the invoiced part of the subscription's base,
// apportioned between the DRG, the outliers, the tariffs and the discounted
// items by their shares of that base, each rounded once; the patient fee
// reduces the variable part. variable + outliers + items + tariffs +
// at_cost = amount exactly.
struct CareSplit {
  Money variable, outliers, items, tariffs, at_cost;
};
CareSplit split_care_amount(const Posting& p);

// The national credit reason for replacing `old` by `replacement`: 1 when the
// buyer (county) changed, 3 when the DRG changed, 2 when an invoiced amount
// changed with the same DRG, 0 when nothing invoiced changed.
int correction_reason(const Posting& old, const Posting& replacement);
// The credit reason of a record withdrawn as registered in error (billing
// rules §2): 9, not billable.
inline constexpr int kWithdrawnReason = 9;

}  // namespace vardavtal
