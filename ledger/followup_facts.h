// The follow-up aggregates (docs/followup.md) kept beside the ledger: every
// posting adds its contribution (a reversal subtracts the one of the posting
// it reverses) to a row keyed by what the follow-up tables group by, so the
// tables read a few thousand sums instead of every posting. Each commit of
// `bill` appends one set of rows (the sum of its months'); the rows of all
// runs sum to the aggregates of the postings in force. `verify` recomputes
// them from the postings. Not thread-safe; one instance per billing run, per
// commit's months or per recomputation.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "core/money.h"
#include "core/record.h"
#include "ledger/posting.h"

namespace vardavtal {

// What a care posting's record version adds to its key: care type, clinic,
// whether it had a referral, and its KPP cost.
struct RecordFacts {
  CareType care_type = CareType::inpatient;
  std::string_view clinic;  // interned by FollowupFacts::intern, or a caller-owned string
  bool referral = false;
  std::optional<Money> kpp_cost;
  bool referred_medical = false;  // referral_reason "medical" (§8.6)
};

// The grouping of one aggregate row. Strings view FollowupFacts' interned set.
struct FactKey {
  std::string_view seller, buyer;
  int period_year = 0;   // year of the invoice or credit note (the billed period)
  int billing_year = 0;  // year of the posting's billing date (of the care)
  bool subscription = false;
  std::string_view care_type, drg, clinic;  // care only; drg empty for item-only care
  bool outlier = false;                     // care: outlier kind not "none"
  bool referral = false;                    // care: the record had a referral
  bool referred_medical = false;            // care: referred for medical reasons (§8.6)

  auto tie() const {
    return std::tie(seller, buyer, period_year, billing_year, subscription, care_type, drg, clinic,
                    outlier, referral, referred_medical);
  }
  bool operator<(const FactKey& o) const { return tie() < o.tie(); }
  bool operator==(const FactKey& o) const { return tie() == o.tie(); }
};

// Signed sums; öre for amounts, 10^-4 for points. For care, amount =
// variable + outliers + items + tariffs + at_cost (split_care_amount per
// posting).
struct FactSums {
  int64_t contacts = 0;       // care postings in force
  int64_t points = 0;         // their DRG points
  int64_t inlier_kpp = 0;     // KPP cost of non-outliers with a DRG and a KPP cost
  int64_t inlier_points = 0;  // their DRG points
  int64_t amount = 0, variable = 0, outliers = 0, items = 0;
  int64_t tariffs = 0, at_cost = 0;  // §8.1 tariffs, §8.2 at-cost items

  FactSums& operator+=(const FactSums& o);
  bool operator==(const FactSums& o) const = default;
};

class FollowupFacts {
 public:
  // A stable view of `s` owned by this object (no allocation when seen before).
  std::string_view intern(std::string_view s);

  // Adds the posting, billed on an invoice or credit note of `period_year`.
  // Care postings and reversals need the facts of their record version.
  void add(const Posting& p, int period_year, const RecordFacts* record);
  // Adds a stored row (a recomputation's or a reader's counterpart).
  void add(const FactKey& key, const FactSums& sums);
  // Adds every row of `other` (a part of the same month's, or another month's
  // of the same commit).
  void add(const FollowupFacts& other);

  const std::map<FactKey, FactSums>& rows() const { return rows_; }

 private:
  std::set<std::string, std::less<>> strings_;
  std::map<FactKey, FactSums> rows_;
};

}  // namespace vardavtal
