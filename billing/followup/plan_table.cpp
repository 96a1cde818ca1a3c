// The `plan` follow-up table (issue 17 item 3; docs/followup.md#plan).
#include <algorithm>
#include <set>
#include <stdexcept>
#include <tuple>

#include "billing/followup/tables.h"
#include "core/error_text.h"
#include "pricing/commitment.h"
#include "store/followup_reads.h"

namespace vardavtal {

namespace {

struct PlanLine {
  std::string region, code, clinic;
  CareDelivered planned, delivered, forecast;
  bool has_plan = false;
};

// Contacts and points planned, delivered, the forecast and the deviation of
// the forecast from the plan (and as a share of the plan).
std::vector<Cell> figures(const CareDelivered& planned, const CareDelivered& delivered,
                          const CareDelivered& forecast, bool has_plan) {
  Cell planned_contacts = Cell::count(planned.contacts),
       planned_points = Cell::points(planned.points);
  planned_contacts.empty = planned_points.empty = !has_plan;
  const CellRef contacts_plan{"planned_contacts"}, contacts_forecast{"forecast_contacts"},
      points_plan{"planned_points"}, points_forecast{"forecast_points"};
  Cell dev_contacts =
      Cell::count(forecast.contacts - planned.contacts).from(contacts_forecast, contacts_plan);
  Cell dev_points =
      Cell::points(forecast.points - planned.points).from(points_forecast, points_plan);
  dev_contacts.empty = dev_points.empty = !has_plan;
  return {planned_contacts,
          Cell::count(delivered.contacts),
          Cell::count(forecast.contacts),
          dev_contacts,
          Cell::change(forecast.contacts, has_plan ? planned.contacts : 0)
              .from(contacts_forecast, contacts_plan),
          planned_points,
          Cell::points(delivered.points),
          Cell::points(forecast.points),
          dev_points,
          Cell::change(forecast.points, has_plan ? planned.points : 0)
              .from(points_forecast, points_plan)};
}

}  // namespace

FollowupTable plan_table(Store& store, const FollowupOptions& o) {
  const auto plans = plans_of(store, o.seller, o.year);
  if (plans.empty())
    throw BadArgument(
        "no production plan of " + o.seller + " for " + std::to_string(o.year) + " (import plans)",
        "ingen produktionsplan för " + o.seller + " " + std::to_string(o.year) +
            " (importera plans)");
  const auto delivered = care_by_buyer_clinic(store, o.seller, o.year);
  const int months = months_billed(store, o.seller, o.year);
  auto names = region_names(store);
  std::set<std::pair<std::string, std::string>> keys;
  for (const auto& [k, v] : plans) keys.insert(k);
  for (const auto& [k, v] : delivered) keys.insert(k);
  std::vector<PlanLine> lines;
  for (const auto& key : keys) {
    PlanLine l;
    l.code = key.first;
    l.region = short_region_name(names.count(key.first) ? names[key.first] : key.first);
    l.clinic = key.second;
    if (auto p = plans.find(key); p != plans.end()) {
      l.planned = p->second;
      l.has_plan = true;
    }
    if (auto d = delivered.find(key); d != delivered.end()) l.delivered = d->second;
    l.forecast = {forecast_points(l.delivered.contacts, months),
                  forecast_points(l.delivered.points, months)};
    lines.push_back(std::move(l));
  }
  std::sort(lines.begin(), lines.end(), [](const PlanLine& a, const PlanLine& b) {
    return std::tie(a.region, a.code, a.clinic) < std::tie(b.region, b.code, b.clinic);
  });

  FollowupTable t;
  t.name = "plan";
  t.title = "Produktionsplan per region och klinik, " + o.seller + " " + std::to_string(o.year) +
            " (" + std::to_string(months) + " av 12 månader fakturerade)";
  t.seller = o.seller;
  t.year = o.year;
  t.columns = {{"region", "Regioner"},
               {"clinic", "Klinik"},
               {"planned_contacts", "Planerade kontakter"},
               {"delivered_contacts", "Levererade kontakter"},
               {"forecast_contacts", "Prognos kontakter"},
               {"deviation_contacts", "Avvikelse kontakter"},
               {"deviation_contacts_pct", "Avvikelse %"},
               {"planned_points", "Planerade poäng"},
               {"delivered_points", "Levererade poäng"},
               {"forecast_points", "Prognos poäng"},
               {"deviation_points", "Avvikelse poäng"},
               {"deviation_points_pct", "Avvikelse poäng %"},
               code_column("region_code")};
  // The total compares plans with the forecast of the planned rows only: care
  // without a plan is listed, but not counted against a plan it never had.
  CareDelivered planned, got, forecast, planned_forecast;
  for (const PlanLine& l : lines) {
    std::vector<Cell> row{Cell::of_text(l.region), Cell::of_text(l.clinic)};
    for (Cell& c : figures(l.planned, l.delivered, l.forecast, l.has_plan)) row.push_back(c);
    row.push_back(code_cell(l.code));
    t.rows.push_back(std::move(row));
    planned.contacts += l.planned.contacts;
    planned.points += l.planned.points;
    got.contacts += l.delivered.contacts;
    got.points += l.delivered.points;
    forecast.contacts += l.forecast.contacts;
    forecast.points += l.forecast.points;
    if (l.has_plan) {
      planned_forecast.contacts += l.forecast.contacts;
      planned_forecast.points += l.forecast.points;
    }
  }
  std::vector<Cell> total{Cell::of_text("total"), Cell::of_text("")};
  std::vector<Cell> f = figures(planned, got, forecast, true);
  // Deviations of the total: the planned rows' forecast against their plans.
  f[3] = Cell::count(planned_forecast.contacts - planned.contacts);
  f[4] = Cell::change(planned_forecast.contacts, planned.contacts);
  f[8] = Cell::points(planned_forecast.points - planned.points);
  f[9] = Cell::change(planned_forecast.points, planned.points);
  for (Cell& c : f) total.push_back(c);
  total.push_back(code_cell(""));
  t.rows.push_back(std::move(total));
  t.note =
      "Levererat = vård med vårddatum under året som fakturerats hittills (rättelser netto). "
      "Prognos = levererat ÷ fakturerade månader × 12. Avvikelse = prognos − plan; rader utan "
      "plan visas men räknas inte in i totalens avvikelse.";
  return t;
}

}  // namespace vardavtal
