#include "billing/app/month_reads.h"

#include <algorithm>
#include <system_error>
#include <utility>

#include "billing/app/pricing_service.h"
#include "ledger/invoice.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"
#include "store/write_transaction.h"

namespace vardavtal {

// The held versions in record id order (byte order, whatever the database's
// collation): the order the run lists them in.
void sort_held(std::vector<HeldRecord>& held) {
  std::stable_sort(held.begin(), held.end(), [](const HeldRecord& a, const HeldRecord& b) {
    return a.record_id < b.record_id;
  });
}

// The changed versions in record id order, which the credit notes' lines follow.
void sort_changed(std::vector<PricedVersions::Changed>& changed) {
  std::sort(changed.begin(), changed.end(),
            [](const PricedVersions::Changed& a, const PricedVersions::Changed& b) {
              return a.posting.record_id < b.posting.record_id;
            });
}

// Prices the seller's record versions not yet posted that `filter` selects
// (each read with its care posting in force: what is billed is not priced
// again) and sorts them against that posting (`last`: the latest billing date
// posted) into `versions`, which must be empty; each priced version also
// goes to `tally` when given.
void read_unposted(Store& store, const Catalogue& catalogue, const std::string& seller,
                   RecordFilter filter, Date last, PricedVersions& versions, BaseYearTally* tally) {
  filter.seller = seller;
  filter.unposted = true;
  // In whatever order the index gives (no sort, not even of a day's records
  // by record id); the changed and held versions are then put in record id
  // order, which the credit notes' lines and the held list follow. The added
  // ones need no order: the planner sorts each invoice's lines by billing
  // date and record id, which a seller's latest versions never share.
  filter.order = RecordFilter::Order::any;
  price_stored_records(store, catalogue, filter, [&](const StoredRecord& s, const PricedRecord& p) {
    versions.add(seller, s.record, s.version, s.items_version, p,
                 s.in_force ? &*s.in_force : nullptr, last);
    if (tally) tally->add(s, p);
  });
  sort_changed(versions.changed);
  sort_held(versions.held);
}

// Reads the billed postings that changed versions replace.
void read_billed(Store& store, const std::string& seller, PricedVersions& versions) {
  LedgerStore ledger(store);
  for (PricedVersions::Changed& c : versions.changed) {
    c.billed = ledger.open_posting(c.billed_posting);
    const Posting& old = c.billed.posting;
    if (std::optional<Record> r = ledger.record_version(seller, old.record_id, old.record_version))
      c.billed_record = RecordTraits::of(*r);
  }
}

PricedVersions read_month(Store& store, const Catalogue& catalogue, const std::string& seller,
                          Period m, const BillingMonths& run, const BuyerRange& buyers,
                          std::optional<Period> last_billed, BaseYearTally& tally) {
  PricedVersions versions;
  RecordFilter month;
  // A version 1 dated after the last billed month was never posted.
  month.unposted_after = last_billed ? last_billed->last_day() : Period(1, 1).first_day();
  if (m != run.from) month.billing_from = m.first_day();
  month.billing_to = m.last_day();
  month.county_from = buyers.from;
  month.county_before = buyers.before;
  read_unposted(store, catalogue, seller, month, m.last_day(), versions, &tally);
  read_billed(store, seller, versions);
  return versions;
}

// On the run's first month (of several), the changed versions of billed
// records whose new billing date falls in a later month of the run: their
// reversal goes on the first month (as when the run was one plan), their new
// posting on its own month, where it is then a version never billed.
// Also the billed records withdrawn by a version dated after the run: their
// reversal is due now (billing rules §2: the next run), whatever that date.
// None when the seller was never billed before the run (nothing is billed).
std::vector<PricedVersions::Changed> read_later_changed(Store& store, const Catalogue& catalogue,
                                                        const std::string& seller, Period m,
                                                        const BillingMonths& run,
                                                        std::optional<Period> last_billed) {
  if (m != run.from || !last_billed) return {};
  PricedVersions later;
  if (m < run.through) {
    RecordFilter billed;
    billed.billing_from = m.next().first_day();
    billed.billing_to = run.through.last_day();
    billed.billed = true;
    read_unposted(store, catalogue, seller, billed, run.through.last_day(), later);
  }
  RecordFilter withdrawn;
  withdrawn.billing_from = run.through.next().first_day();
  withdrawn.billed = true;
  withdrawn.withdrawn = true;
  read_unposted(store, catalogue, seller, withdrawn, run.through.last_day(), later);
  read_billed(store, seller, later);
  return std::move(later.changed);
}

MonthReadAhead::MonthReadAhead(std::unique_ptr<Store> beside, const Catalogue& catalogue,
                               const BillingSeller& seller, BillingMonths run,
                               std::optional<Period> last_billed, const std::set<int>& sub_years,
                               int64_t watermark, int64_t versions_per_part)
    : store_(std::move(beside)),
      catalogue_(catalogue),
      seller_(seller.code),
      org_number_(seller.org_number),
      run_(run),
      last_billed_(last_billed),
      sub_years_(sub_years),
      watermark_(watermark),
      versions_per_part_(versions_per_part) {}

MonthReadAhead::~MonthReadAhead() {
  if (pending_.valid()) pending_.wait();
}

MonthReadAhead::Month MonthReadAhead::read(Period m) {
  Month out{m, {}, std::nullopt, BaseYearTally(catalogue_, seller_, sub_years_, last_billed_)};
  ReadSnapshot snapshot(*store_);  // the item sets and the records of one state
  // With no import since the run began, the records are those the run began
  // with (imports alone write them), and the month depends on no posting of
  // the run's other months: else the run reads the month itself.
  out.stale = store_->imports_seen() > watermark_;
  if (out.stale) return out;
  out.last_spec_counter =
      LedgerStore(*store_).last_spec_counter(specification_prefix(org_number_, m));
  out.ranges = buyer_ranges(record_rows_by_county(*store_, seller_, m.first_day(), m.last_day()),
                            versions_per_part_);
  if (out.ranges.size() == 1)
    out.versions = read_month(*store_, catalogue_, seller_, m, run_, out.ranges.front(),
                              last_billed_, out.tally);
  return out;
}

void MonthReadAhead::start(Period m) {
  try {
    pending_ = std::async(std::launch::async, [this, m] { return read(m); });
    started_ = m;
  } catch (const std::system_error&) {
    // No thread to be had: take() says nothing was read, the run reads it.
  }
}

std::unique_ptr<Store> MonthReadAhead::release() {
  bool failed = false;
  if (pending_.valid()) {
    try {
      pending_.get();
    } catch (...) {
      failed = true;  // whatever broke the read is not handed on
    }
  }
  started_.reset();
  if (failed || (store_ && !store_->idle())) store_.reset();
  return std::move(store_);
}

std::optional<MonthReadAhead::Month> MonthReadAhead::take(Period m) {
  if (!started_ || *started_ != m) return std::nullopt;
  started_.reset();
  return pending_.get();
}

}  // namespace vardavtal
