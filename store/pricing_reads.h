// The store's reads for pricing: the latest catalogue rows into a Catalogue,
// and the latest version of each record with its latest item set. The latest
// item sets of all the records in scope are loaded into memory first, then
// the records are streamed in batches: memory grows with the item lines in
// scope (all held at once), plus one batch of records. Not thread-safe per
// Store.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/record.h"
#include "ledger/billing_planner.h"
#include "pricing/catalogue.h"
#include "store/store.h"

namespace vardavtal {

// Loads agreements, weights, prices, index series and hospital regions (each
// row's latest version) and finalizes the catalogue.
void load_catalogue(Store& store, Catalogue& catalogue);

// The same catalogue, loaded once per Store session and loaded again when an
// import has been recorded since (the imports table's highest id). For readers
// that do not change it; the pointer stays valid after a reload.
std::shared_ptr<const Catalogue> current_catalogue(Store& store);

struct StoredRecord {
  Record record;
  int64_t version = 0;
  std::vector<ItemLine> items;  // the latest item set, empty when none
  int64_t items_version = 0;    // 0 when the record has no items
  // The care posting in force of the record, read only when the filter asks
  // for `unposted` or `billed` records (nullopt otherwise, and when none).
  std::optional<BilledVersion> in_force;
};

struct RecordFilter {
  std::optional<std::string> seller;
  std::optional<int> year;  // billing year
  std::optional<std::string> record_id;
  // Billing dates from..to (inclusive; either bound optional).
  std::optional<Date> billing_from, billing_to;
  // Counties (the buyer) from..before: county_from <= county < county_before
  // (either bound optional). County codes are two digits, so the range is the
  // same in every collation.
  std::optional<std::string> county_from, county_before;
  // Only versions that no care posting in force billed: the record version
  // and its latest item set (version 0 when none) differ from the posting's,
  // or there is no posting (each record's posting in force is read with it,
  // and the billed ones are dropped before the sink: nothing is priced to
  // know it).
  bool unposted = false;
  // With `unposted`: a record whose only version (1) is dated after this
  // cannot have been posted, and is not probed for a posting in force. A
  // billing run sets it to the end of the seller's last billed month when the
  // run began (a version is posted only by a run through its billing date).
  std::optional<Date> unposted_after;
  // Only records with a care posting in force (a billed record).
  bool billed = false;
  // Only records whose latest version is withdrawn (cancelled = 1).
  bool withdrawn = false;
  // The order of the records: by record_id (within the seller); by billing
  // date, then record_id, which the index records_billing_county gives without a
  // sort of the whole range (a billing run's month); or any order (a sum over
  // a year's records, the subscription's base values). SQLite sorts in memory:
  // a large range sorted by record_id is held whole while it sorts.
  enum class Order { record_id, billing_date, any };
  Order order = Order::record_id;
};

// The number of record rows (every version) of `seller` per county with a
// billing date from..to (inclusive), read from the index alone: an upper
// bound of the latest versions a billing run's month reads, by buyer.
std::map<std::string, int64_t> record_rows_by_county(Store& store, const std::string& seller,
                                                     Date from, Date to);

// Calls `sink` with batches of the latest record versions matching the
// filter (every column of the records table), ordered by seller and
// record_id (or as filter.order says), each with its latest item set (read
// batch by batch, for the records that have one). Batches are valid during
// the call.
void for_each_latest_record(Store& store, const RecordFilter& filter,
                            const std::function<void(std::span<const StoredRecord>)>& sink);

}  // namespace vardavtal
