// The `commitment` follow-up table (billing rules §8.5; docs/followup.md#commitment).
#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "billing/followup/tables.h"
#include "core/error_text.h"
#include "pricing/commitment.h"
#include "store/followup_reads.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"

namespace vardavtal {

int months_billed(Store& store, const std::string& seller, int year) {
  const std::optional<Period> last = LedgerStore(store).last_period(seller);
  if (!last || last->year() < year) return 0;
  return last->year() > year ? 12 : static_cast<int>(last->month());
}

namespace {

struct CommitmentRow {
  std::string label, code;
  CommitmentOutcome now;  // on delivered points; its true-up is not shown
  int64_t forecast = 0;
  Money expected;
};
}  // namespace

FollowupTable commitment_table(Store& store, const FollowupOptions& o) {
  const std::shared_ptr<const Catalogue> catalogue = current_catalogue(store);
  const PricingAgreement* a = catalogue->agreement(o.seller, o.year);
  if (!a || !a->terms.has_commitment())
    throw BadArgument(
        "the " + std::to_string(o.year) + " agreement of " + o.seller + " has no [commitment]",
        "avtalet " + std::to_string(o.year) + " för " + o.seller + " har inget [commitment]");
  if (!a->point_price) throw BadArgument(a->point_price_error, a->point_price_error_sv);
  const auto points = points_by_buyer_year(store, o.seller, o.year, o.year);
  const int months = months_billed(store, o.seller, o.year);
  auto names = region_names(store);
  std::vector<CommitmentRow> rows;
  for (const auto& [buyer, committed] : a->terms.commitment_points) {
    auto d = points.find({buyer, o.year});
    CommitmentRow r;
    r.code = buyer;
    r.label = short_region_name(names.count(buyer) ? names[buyer] : buyer);
    r.now =
        *commitment_outcome(a->terms, buyer, *a->point_price, d == points.end() ? 0 : d->second);
    r.forecast = forecast_points(r.now.delivered, months);
    r.expected =
        forecast_outcome(a->terms, buyer, *a->point_price, r.now.delivered, months)->true_up();
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return std::tie(x.label, x.code) < std::tie(y.label, y.code);
  });

  FollowupTable t;
  t.name = "commitment";
  t.title = "Volymåtagande per region, " + o.seller + " " + std::to_string(o.year) + " (" +
            std::to_string(months) + " av 12 månader fakturerade)";
  t.seller = o.seller;
  t.year = o.year;
  t.money_in_kronor = true;
  t.point_decimals = 2;
  t.columns = {{"region", "Regioner"},
               {"committed_points", "Åtagande (poäng)"},
               {"cap_points", "Tak (poäng)"},
               {"delivered_points", "Levererat hittills"},
               {"months_billed", "Fakturerade månader"},
               {"forecast_points", "Prognos helår"},
               {"expected_true_up", "Förväntad avräkning (kr)"},
               code_column("region_code")};
  int64_t committed = 0, delivered = 0, forecast = 0;
  Money expected;
  for (const CommitmentRow& r : rows) {
    Cell cap = Cell::points(r.now.cap.value_or(0));
    cap.empty = !r.now.cap;
    t.rows.push_back({Cell::of_text(r.label), Cell::points(r.now.committed), cap,
                      Cell::points(r.now.delivered), Cell::count(months), Cell::points(r.forecast),
                      Cell::money(r.expected.ore()), code_cell(r.code)});
    committed += r.now.committed;
    delivered += r.now.delivered;
    forecast += r.forecast;
    expected += r.expected;
  }
  Cell no_cap = Cell::points(0);
  no_cap.empty = true;
  t.rows.push_back({Cell::of_text("total"), Cell::points(committed), no_cap,
                    Cell::points(delivered), Cell::count(months), Cell::points(forecast),
                    Cell::money(expected.ore()), code_cell("")});
  t.note =
      "Prognos = levererat ÷ fakturerade månader × 12. Avräkning vid årets slut: underskott "
      "× poängpris × andel faktureras, överskott över taket krediteras.";
  return t;
}

}  // namespace vardavtal
