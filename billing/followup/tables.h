// The follow-up tables (docs/followup.md), built from the ledger and the
// records billed. The CLI and the server call these. Not thread-safe per Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "billing/followup/followup_table.h"
#include "store/store.h"

namespace vardavtal {

// A column of codes (county code, seller code) beside the names people read:
// CSV and JSON only. Shared by the table files.
FollowupColumn code_column(const std::string& key);
// A row's code; null on rows that name no single party (subtotals, total).
Cell code_cell(const std::string& code);
struct FollowupOptions {
  std::string seller;
  int year = 0;
  std::optional<std::string> restate;  // index series restating the previous year
};

// 1. Invoiced per buyer region: year, previous year (restated with
//    U(year−1 → year) of `restate` when given), difference, difference %, total;
//    restated, also the previous year as invoiced and the change against it.
//    Every table's region and seller rows carry their code (region_code,
//    seller_code: CSV and JSON only).
FollowupTable invoiced_table(Store& store, const FollowupOptions& o);

// 2. Contacts per care type: year, previous year, difference, difference %, total.
FollowupTable contacts_table(Store& store, const FollowupOptions& o);

// 3. Top 10 DRGs by DRG points in the year, with name and clinic (the clinic
//    with the most points for the DRG that year), points over three years;
//    then the top-10 sum, the top-10 share and the total. Ties by DRG code.
FollowupTable top_drg_table(Store& store, const FollowupOptions& o);

// 4. DRG points per clinic over three years: the top 6 clinics of the year,
//    "others" and the total.
FollowupTable clinics_table(Store& store, const FollowupOptions& o);

// 5. One buyer region's top 10 DRGs by points in the year from this seller,
//    their sum, the total and the top-10 share (points with two decimals).
FollowupTable buyer_top_drg_table(Store& store, const FollowupOptions& o,
                                  const std::string& buyer);

// 6. Invoiced per buyer split into the variable part (DRG), subscription,
//    outliers and items (exceptions), this year's total vs last year's.
FollowupTable invoiced_split_table(Store& store, const FollowupOptions& o);

// 7. Change decomposition per buyer region: last year's and this year's
//    invoiced amounts and DRG points, the volume effect (the change in points
//    at last year's average price per point) and the price and model effect
//    (the rest). --restate restates last year's amount first.
FollowupTable decomposition_table(Store& store, const FollowupOptions& o);

// 9. The buyer's view: bought care per seller in the year, inside or outside
//    the buyer's healthcare region, split into care with a referral, care
//    without one and subscription; last year's total (restated as in
//    invoiced_table with `restate`), difference, difference %. o.seller is
//    not used.
FollowupTable bought_table(Store& store, const FollowupOptions& o, const std::string& buyer);

// 8. Cost per DRG point per hospital over three years: the KPP cost of the
//    records billed that are not outliers divided by their DRG points, and the
//    change from the first year to the last.
FollowupTable cost_per_point_table(Store& store, const FollowupOptions& o);

// §8.5: per buyer the seller's agreement of the year commits, the committed
// points (and cap), the points delivered so far (billed, corrections netted),
// the months billed, the run-rate forecast for the year (delivered ÷ months
// billed × 12) and the true-up expected at settlement on that forecast
// (positive: invoiced to the buyer; negative: credited). Throws
// std::invalid_argument when the agreement has no [commitment].
FollowupTable commitment_table(Store& store, const FollowupOptions& o);

// Issue 17: the production plan per buyer region and clinic (`import plans`):
// planned contacts and DRG points, delivered so far (care of the year billed,
// corrections netted), the run-rate forecast for the year (delivered ÷ months
// billed × 12) and its deviation from the plan, in numbers and per cent.
// Delivered care without a plan is listed too. Throws std::invalid_argument
// when the seller has no plan for the year.
FollowupTable plan_table(Store& store, const FollowupOptions& o);

// The months of `year` the seller has billed: 0 before it, 12 after it.
int months_billed(Store& store, const std::string& seller, int year);

// §8.6, the buyer's view (seed 003: "Fördelning köpt vård remitterad av
// medicinska skäl"): what `buyer` bought in the year for care referred for
// medical reasons, at university hospitals and at others, inside and outside
// its healthcare region, beside all it bought there and the share.
FollowupTable referred_table(Store& store, const FollowupOptions& o, const std::string& buyer);

// The buyer regions the seller invoiced in the year or the year before.
std::vector<std::string> buyers_of(Store& store, const FollowupOptions& o);

// A region's short name for tables: "Region Dalarna" -> "Dalarna".
std::string short_region_name(const std::string& name);

}  // namespace vardavtal
