// The reads of a billing run's months: the record versions not yet posted,
// priced and sorted against their postings in force (billing_run.cpp plans
// and writes them), and a reader that reads the next month ahead on a
// connection of its own while the run plans and writes the month before
// (docs/ledger.md, "Reading ahead"). The functions use the caller's Store;
// none is thread-safe, except as MonthReadAhead says.
#pragma once

#include <future>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "billing/app/base_year_tally.h"
#include "core/period.h"
#include "ledger/billing_planner.h"
#include "store/store.h"

namespace vardavtal {

// The held versions in record id order (byte order, whatever the database's
// collation): the order the run lists them in.
void sort_held(std::vector<HeldRecord>& held);
// The changed versions in record id order, which the credit notes' lines follow.
void sort_changed(std::vector<PricedVersions::Changed>& changed);

// Prices the seller's record versions not yet posted that `filter` selects
// (each read with its care posting in force: what is billed is not priced
// again) and sorts them against that posting (`last`: the latest billing date
// posted) into `versions`, which must be empty; each priced version also
// goes to `tally` when given.
void read_unposted(Store& store, const Catalogue& catalogue, const std::string& seller,
                   RecordFilter filter, Date last, PricedVersions& versions,
                   BaseYearTally* tally = nullptr);

// Reads the billed postings that changed versions replace.
void read_billed(Store& store, const std::string& seller, PricedVersions& versions);

// The versions month `m` of a run over `run` posts of the buyers in `buyers`:
// those not yet posted with a billing date in the month (on the run's first
// month also the earlier, late ones), each added to `tally` as well.
// `last_billed`: the seller's last billed month when the run began (nullopt:
// never billed).
PricedVersions read_month(Store& store, const Catalogue& catalogue, const std::string& seller,
                          Period m, const BillingMonths& run, const BuyerRange& buyers,
                          std::optional<Period> last_billed, BaseYearTally& tally);

// On the run's first month (of several), the changed versions of billed
// records whose new billing date falls in a later month of the run, and the
// billed records withdrawn by a version dated after the run (see the .cpp).
// None when the seller was never billed before the run.
std::vector<PricedVersions::Changed> read_later_changed(Store& store, const Catalogue& catalogue,
                                                        const std::string& seller, Period m,
                                                        const BillingMonths& run,
                                                        std::optional<Period> last_billed);

// Reads one month ahead, in a thread of its own, on a session of its own
// (Store::open_beside): read_month of the whole month, or only its buyer
// ranges when the month is to be planned in parts (the run then reads the
// parts itself). A month's read sees what was committed when it began: the
// run starts a month's read only when no write of its own that the month
// depends on is uncommitted (after its first month, a month's versions
// depend on no posting of the run's other months, as long as no import
// commits during the run: a read that sees one is `stale`). The methods are called
// from one thread; the catalogue must outlive the reader.
class MonthReadAhead {
 public:
  struct Month {
    Period period;
    std::vector<BuyerRange> ranges;          // the month's parts (one: in one piece)
    std::optional<PricedVersions> versions;  // in one piece: its versions
    BaseYearTally tally;                     // the versions' base-year values
    // An import committed after the run began (its watermark): the read may
    // miss a posting the run wrote for another month, and is not to be used.
    bool stale = false;
    // The highest specification counter of the month's prefix (the seller's
    // organisation number and the month) committed: the run's own months
    // before it number under other prefixes, so the run may carry its other
    // counters from the month before and take this one from here.
    int64_t last_spec_counter = 0;
  };

  // `beside`: the session it reads on (Store::open_beside), which it owns;
  // `watermark`: imports_seen when the run began; `sub_years` as for the
  // run's BaseYearTally.
  MonthReadAhead(std::unique_ptr<Store> beside, const Catalogue& catalogue,
                 const BillingSeller& seller, BillingMonths run, std::optional<Period> last_billed,
                 const std::set<int>& sub_years, int64_t watermark, int64_t versions_per_part);
  ~MonthReadAhead();  // waits for a read under way

  // Begins reading month `m` (no other read may be under way).
  void start(Period m);
  // Month `m` if it was started (waits for it; rethrows its error), else nullopt.
  std::optional<Month> take(Period m);
  // Gives back the session it reads on, once a read under way has ended (its
  // result is dropped): the next seller's run reads on it instead of opening
  // another. nullptr (the session closed) when that read failed or the
  // session is not idle (Store::idle). The reader is then not to be used.
  std::unique_ptr<Store> release();

 private:
  Month read(Period m);

  std::unique_ptr<Store> store_;
  const Catalogue& catalogue_;
  std::string seller_;
  std::string org_number_;
  BillingMonths run_;
  std::optional<Period> last_billed_;
  std::set<int> sub_years_;
  int64_t watermark_;
  int64_t versions_per_part_;
  std::optional<Period> started_;
  std::future<Month> pending_;
};

}  // namespace vardavtal
