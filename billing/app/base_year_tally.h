// The base-year values of the subscriptions a billing run fixes, gathered
// while the run prices the base years' months, so that fixing a year's
// subscription in its first month need not read and price its base years
// again (docs/ledger.md, "Subscriptions"). A subscription year counts only
// when the run reads every latest version of each of its base years:
//   - nothing of a base year was posted when the run began (the seller's last
//     billed month is before it), so each of its versions is unposted and
//     read by the run's months (the run's first month also reads every
//     earlier one);
//   - the run has read through the base year's December (a base year is
//     before the year it subscribes for).
// Otherwise complete() is nullopt and the caller reads the base years
// (compute_subscriptions), which gives the same values.
// Not thread-safe; refers to the catalogue, which must outlive it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "billing/app/pricing_service.h"
#include "core/period.h"

namespace vardavtal {

class BaseYearTally {
 public:
  // The subscription years of `seller` (`years`) in a run after
  // `last_billed` (nullopt: the seller's first run).
  BaseYearTally(const Catalogue& catalogue, const std::string& seller, const std::set<int>& years,
                std::optional<Period> last_billed);

  // A latest version the run priced, of any month.
  void add(const StoredRecord& s, const PricedRecord& p);
  // Adds what `other` (a copy of this tally made before any add, then fed a
  // month read elsewhere) gathered.
  void merge(const BaseYearTally& other);
  // Every version of the months up to `m` has been added.
  void read_through(Period m) { read_through_ = m; }
  // Year `year`'s base-year values when the run has read all of them.
  std::optional<BaseYearValues> complete(int year) const;

 private:
  struct Year {
    const Agreement* terms = nullptr;
    int last_base_year = 0;
    BaseYearValues base;
  };
  std::map<int, Year> years_;  // the subscription years whose base years all count
  std::optional<Period> read_through_;
};

}  // namespace vardavtal
