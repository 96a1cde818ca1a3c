#include "billing/followup/tables.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "core/decimal.h"
#include "core/error_text.h"
#include "ledger/followup.h"
#include "ledger/posting.h"
#include "pricing/uplift.h"
#include "store/followup_reads.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"
#include "store/settlement_reads.h"

namespace vardavtal {

std::string short_region_name(const std::string& name) {
  std::string s = name;
  if (s.rfind("Region ", 0) == 0) s = s.substr(7);
  if (s.size() > 4 && s.compare(s.size() - 4, 4, " län") == 0) s = s.substr(0, s.size() - 4);
  return s;
}

FollowupColumn code_column(const std::string& key) {
  return {key, "", true};
}

Cell code_cell(const std::string& code) {
  Cell c = Cell::of_text(code);
  c.empty = code.empty();
  return c;
}

namespace {
// U(Y−1 → Y) of the --restate series (nullopt without --restate), and the
// table's footnote saying so.
std::optional<UpliftFactor> restatement(Store& store, const FollowupOptions& o, std::string* note) {
  if (!o.restate) return std::nullopt;
  const int y = o.year, p = o.year - 1;
  const std::shared_ptr<const Catalogue> catalogue_ptr = current_catalogue(store);
  const Catalogue& catalogue = *catalogue_ptr;
  const IndexSeries* s = catalogue.series(*o.restate);
  if (!s)
    throw BadArgument("no index series '" + *o.restate + "'",
                      "ingen indexserie '" + *o.restate + "'");
  int missing = 0;
  std::optional<UpliftFactor> u = uplift_factor(*s, p, y, &missing);
  if (!u)
    throw BadArgument("no " + *o.restate + " rate for " + std::to_string(missing),
                      "ingen " + *o.restate + "-sats för " + std::to_string(missing));
  if (note) {
    std::string pct = format_scaled(s->at(y), 4);  // rate in 10^-6 = per cent in 10^-4
    for (char& c : pct)
      if (c == '.') c = ',';
    *note = "*) " + std::to_string(p) + " uppräknat med " + *o.restate + " " + std::to_string(y) +
            " på " + pct + " % (faktor " + u->to_string() + ")";
  }
  return u;
}

// Year Y−1 as invoiced and as shown (restated with --restate, else as invoiced).
struct PreviousYear {
  Money as_invoiced, shown;
  PreviousYear& operator+=(const PreviousYear& o) {
    as_invoiced += o.as_invoiced;
    shown += o.shown;
    return *this;
  }
};

PreviousYear previous_year(Money as_invoiced, const std::optional<UpliftFactor>& u) {
  return {as_invoiced, u ? apply_uplift(as_invoiced, *u) : as_invoiced};
}

// The columns comparing year Y with Y−1 (`stem`: "invoiced", `word`:
// "Fakturerat"): the previous year, diff and diff %; restated, the previous
// year is restated, and the previous year as invoiced and the change against
// it follow.
std::vector<FollowupColumn> change_columns(const std::string& stem, const std::string& word, int p,
                                           bool restated) {
  const std::string ps = std::to_string(p);
  if (!restated)
    return {{stem + "_" + ps, word + " " + ps}, {"diff", "Diff"}, {"diff_pct", "Diff %"}};
  return {{stem + "_" + ps + "_restated", word + " " + ps + "*"},
          {"diff", "Diff"},
          {"diff_pct", "Diff % mot uppräknat"},
          {stem + "_" + ps, word + " " + ps + " ej uppräknat"},
          {"diff_pct_as_invoiced", "Diff % mot ej uppräknat"}};
}

// The cells of change_columns for one row, the year's amount being in column
// `stem`_`y` (the differences and changes refer to it: live in XLSX).
void add_change_cells(std::vector<Cell>& row, Money now, const PreviousYear& prev, bool restated,
                      const std::string& stem, int y) {
  const CellRef year{stem + "_" + std::to_string(y)},
      before{stem + "_" + std::to_string(y - 1) + (restated ? "_restated" : "")},
      as_invoiced{stem + "_" + std::to_string(y - 1)};
  row.push_back(Cell::money(prev.shown.ore()));
  row.push_back(Cell::money((now - prev.shown).ore()).from(year, before));
  row.push_back(Cell::change(now.ore(), prev.shown.ore()).from(year, before));
  if (!restated) return;
  row.push_back(Cell::money(prev.as_invoiced.ore()));
  row.push_back(Cell::change(now.ore(), prev.as_invoiced.ore()).from(year, as_invoiced));
}
}  // namespace

FollowupTable invoiced_table(Store& store, const FollowupOptions& o) {
  const int y = o.year, p = o.year - 1;
  auto invoiced = invoiced_by_buyer_year(store, o.seller, p, y);
  auto names = region_names(store);
  std::string note;
  const std::optional<UpliftFactor> u = restatement(store, o, &note);
  FollowupTable t;
  t.name = "invoiced";
  t.title = "Fakturerat per region, " + o.seller + " " + std::to_string(y) + " (tkr)";
  t.seller = o.seller;
  t.year = y;
  t.columns = {{"region", "Regioner"},
               {"invoiced_" + std::to_string(y), "Fakturerat " + std::to_string(y)}};
  for (auto& c : change_columns("invoiced", "Fakturerat", p, u.has_value())) t.columns.push_back(c);
  t.columns.push_back(code_column("region_code"));
  t.note = note;
  std::set<std::string> buyers;
  for (const auto& [k, v] : invoiced) buyers.insert(k.first);
  std::vector<std::pair<std::string, std::string>> rows;  // (label, code)
  for (const auto& b : buyers) rows.push_back({short_region_name(names.count(b) ? names[b] : b), b});
  std::sort(rows.begin(), rows.end());
  auto add = [&](const std::string& label, const std::string& code, Money now,
                 const PreviousYear& prev) {
    std::vector<Cell> row{Cell::of_text(label), Cell::money(now.ore())};
    add_change_cells(row, now, prev, u.has_value(), "invoiced", y);
    row.push_back(code_cell(code));
    t.rows.push_back(std::move(row));
  };
  Money total_now;
  PreviousYear total_prev;  // sums the rounded regions' amounts
  for (const auto& [label, code] : rows) {
    const Money now = invoiced.count({code, y}) ? invoiced[{code, y}] : Money{};
    const PreviousYear prev =
        previous_year(invoiced.count({code, p}) ? invoiced[{code, p}] : Money{}, u);
    add(label, code, now, prev);
    total_now += now;
    total_prev += prev;
  }
  add("total", "", total_now, total_prev);
  return t;
}

FollowupTable contacts_table(Store& store, const FollowupOptions& o) {
  const int y = o.year, p = o.year - 1;
  auto contacts = contacts_by_type_year(store, o.seller, p, y);
  FollowupTable t;
  t.name = "contacts";
  t.title = "Antal kontakter, " + o.seller + " " + std::to_string(y);
  t.seller = o.seller;
  t.year = y;
  t.columns = {{"care_type", "Slutenvård/Öppenvård"},
               {"contacts_" + std::to_string(y), "Antal kontakter " + std::to_string(y)},
               {"contacts_" + std::to_string(p), "Antal kontakter " + std::to_string(p)},
               {"diff", "Diff"},
               {"diff_pct", "Diff %"}};
  const std::pair<CareType, const char*> kinds[] = {
      {CareType::inpatient, "Vårdtillfällen (SV)"},
      {CareType::doctor_visit, "Läkarbesök (ÖV)"},
      {CareType::day_care, "Dagsjukvård (ÖV)"},
      {CareType::other_visit, "Övriga besök (ÖV)"}};
  long long total_now = 0, total_prev = 0;
  const CellRef year{t.columns[1].key}, before{t.columns[2].key};
  for (const auto& [type, label] : kinds) {
    const std::string key(to_string(type));
    long long now = contacts.count({key, y}) ? contacts[{key, y}] : 0;
    long long prev = contacts.count({key, p}) ? contacts[{key, p}] : 0;
    total_now += now;
    total_prev += prev;
    Cell first = Cell::of_text(label);
    first.code = key;  // CSV/JSON carry the care type's code
    t.rows.push_back({first, Cell::count(now), Cell::count(prev),
                      Cell::count(now - prev).from(year, before),
                      Cell::change(now, prev).from(year, before)});
  }
  t.rows.push_back({Cell::of_text("total"), Cell::count(total_now), Cell::count(total_prev),
                    Cell::count(total_now - total_prev).from(year, before),
                    Cell::change(total_now, total_prev).from(year, before)});
  return t;
}

namespace {
std::vector<FollowupColumn> three_years(int y, const std::string& prefix) {
  std::vector<FollowupColumn> c;
  for (int k = y - 2; k <= y; ++k)
    c.push_back({prefix + std::to_string(k), std::to_string(k)});
  return c;
}
}  // namespace

FollowupTable top_drg_table(Store& store, const FollowupOptions& o) {
  const int y = o.year;
  auto rows = points_by_drg_clinic_year(store, o.seller, "", y - 2, y);
  std::map<std::string, std::array<int64_t, 3>> by_drg;
  std::map<std::string, std::map<std::string, int64_t>> clinic_points;  // DRG -> clinic -> points (y)
  std::array<int64_t, 3> total{};
  for (const PointsRow& r : rows) {
    by_drg[r.drg][r.year - (y - 2)] += r.points;
    total[r.year - (y - 2)] += r.points;
    if (r.year == y) clinic_points[r.drg][r.clinic] += r.points;
  }
  std::vector<std::pair<std::string, std::array<int64_t, 3>>> ranked(by_drg.begin(), by_drg.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second[2] != b.second[2] ? a.second[2] > b.second[2] : a.first < b.first;
  });
  if (ranked.size() > 10) ranked.resize(10);
  const std::shared_ptr<const Catalogue> catalogue_ptr = current_catalogue(store);
  const Catalogue& catalogue = *catalogue_ptr;
  FollowupTable t;
  t.name = "top-drg";
  t.title = "Största DRG (poäng), " + o.seller + " " + std::to_string(y - 2) + "-" + std::to_string(y);
  t.seller = o.seller;
  t.year = y;
  t.columns = {{"drg", "DRG-kod"}, {"name", "DRG-text"}, {"clinic", "Klinik"}};
  for (auto& c : three_years(y, "points_")) t.columns.push_back(c);
  std::array<int64_t, 3> top{};
  for (const auto& [drg, pts] : ranked) {
    const WeightEntry* w = catalogue.weight(y, drg_key(drg));
    std::string clinic;
    int64_t best = -1;
    for (const auto& [c, p] : clinic_points[drg])
      if (p > best) best = p, clinic = c;
    std::vector<Cell> row{Cell::of_text(drg), Cell::of_text(w ? w->name : ""), Cell::of_text(clinic)};
    for (int k = 0; k < 3; ++k) {
      row.push_back(Cell::points(pts[k]));
      top[k] += pts[k];
    }
    t.rows.push_back(std::move(row));
  }
  std::vector<Cell> sum{Cell::of_text("top 10"), Cell::of_text(""), Cell::of_text("")},
      share{Cell::of_text("top-10 share"), Cell::of_text(""), Cell::of_text("")},
      all{Cell::of_text("total"), Cell::of_text(""), Cell::of_text("")};
  sum[0].text = "Summa topp 10";
  sum[0].code = "top10";
  share[0].text = "Topp 10 andel av totalt";
  share[0].code = "top10_share";
  for (int k = 0; k < 3; ++k) {
    sum.push_back(Cell::points(top[k]));
    const std::string key = t.columns[3 + k].key;  // points_YEAR
    share.push_back(Cell::share(top[k], total[k]).from({key, -1}, {key, 1}));
    all.push_back(Cell::points(total[k]));
  }
  t.rows.push_back(std::move(sum));
  t.rows.push_back(std::move(share));
  t.rows.push_back(std::move(all));
  return t;
}

FollowupTable clinics_table(Store& store, const FollowupOptions& o) {
  const int y = o.year;
  auto rows = points_by_drg_clinic_year(store, o.seller, "", y - 2, y);
  std::map<std::string, std::array<int64_t, 3>> by_clinic;
  std::array<int64_t, 3> total{};
  for (const PointsRow& r : rows) {
    by_clinic[r.clinic][r.year - (y - 2)] += r.points;
    total[r.year - (y - 2)] += r.points;
  }
  std::vector<std::pair<std::string, std::array<int64_t, 3>>> ranked(by_clinic.begin(),
                                                                     by_clinic.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second[2] != b.second[2] ? a.second[2] > b.second[2] : a.first < b.first;
  });
  const size_t shown = std::min<size_t>(6, ranked.size());
  FollowupTable t;
  t.name = "clinics";
  t.title = "DRG-poäng per klinik, " + o.seller + " " + std::to_string(y - 2) + "-" + std::to_string(y);
  t.seller = o.seller;
  t.year = y;
  t.columns = {{"clinic", "Verksamhetsområde/Klinik"}};
  for (auto& c : three_years(y, "points_")) t.columns.push_back(c);
  std::array<int64_t, 3> others = total;
  for (size_t i = 0; i < shown; ++i) {
    std::vector<Cell> row{Cell::of_text(ranked[i].first)};
    for (int k = 0; k < 3; ++k) {
      row.push_back(Cell::points(ranked[i].second[k]));
      others[k] -= ranked[i].second[k];
    }
    t.rows.push_back(std::move(row));
  }
  std::vector<Cell> other{Cell::of_text("Övriga verksamhetsområden")}, all{Cell::of_text("total")};
  other[0].code = "others";
  for (int k = 0; k < 3; ++k) {
    other.push_back(Cell::points(others[k]));
    all.push_back(Cell::points(total[k]));
  }
  t.rows.push_back(std::move(other));
  t.rows.push_back(std::move(all));
  return t;
}

FollowupTable buyer_top_drg_table(Store& store, const FollowupOptions& o,
                                  const std::string& buyer) {
  const int y = o.year;
  auto rows = points_by_drg_clinic_year(store, o.seller, buyer, y, y);
  std::map<std::string, int64_t> by_drg;
  int64_t total = 0;
  for (const PointsRow& r : rows) {
    by_drg[r.drg] += r.points;
    total += r.points;
  }
  std::vector<std::pair<std::string, int64_t>> ranked(by_drg.begin(), by_drg.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > 10) ranked.resize(10);
  const std::shared_ptr<const Catalogue> catalogue_ptr = current_catalogue(store);
  const Catalogue& catalogue = *catalogue_ptr;
  auto names = region_names(store);
  FollowupTable t;
  t.name = "buyer-top-drg";
  t.title = "Topp 10 DRG (poäng), " + short_region_name(names.count(buyer) ? names[buyer] : buyer) +
            " " + std::to_string(y) + ", från " + o.seller;
  t.seller = o.seller;
  t.buyer = buyer;
  t.buyer_name = short_region_name(names.count(buyer) ? names[buyer] : buyer);
  t.year = y;
  t.point_decimals = 2;
  t.percent_decimals = 2;
  t.columns = {{"drg", "DRG-kod"}, {"name", "DRG-text"}, {"points", "DRG-poäng"}};
  int64_t top = 0;
  for (const auto& [drg, pts] : ranked) {
    const WeightEntry* w = catalogue.weight(y, drg_key(drg));
    t.rows.push_back({Cell::of_text(drg), Cell::of_text(w ? w->name : ""), Cell::points(pts)});
    top += pts;
  }
  Cell sum = Cell::of_text("Summa topp 10"), share = Cell::of_text("Topp 10 DRG andel av total");
  sum.code = "top10";
  share.code = "top10_share";
  t.rows.push_back({sum, Cell::of_text(""), Cell::points(top)});
  t.rows.push_back(
      {share, Cell::of_text(""), Cell::share(top, total).from({"points", -1}, {"points", 1})});
  t.rows.push_back({Cell::of_text("total"), Cell::of_text(""), Cell::points(total)});
  return t;
}

FollowupTable cost_per_point_table(Store& store, const FollowupOptions& o) {
  const int y = o.year;
  std::map<std::string, std::array<std::pair<int64_t, int64_t>, 3>> by_seller;  // cost, points
  std::array<std::pair<int64_t, int64_t>, 3> total{};
  for (const CostRow& r : inlier_cost_by_seller_year(store, y - 2, y)) {
    auto& cell = by_seller[r.seller][r.year - (y - 2)];
    add_ore(cell.first, r.kpp_cost);
    cell.second += r.points;
    add_ore(total[r.year - (y - 2)].first, r.kpp_cost);
    total[r.year - (y - 2)].second += r.points;
  }
  // öre per point = cost (öre) / (points / 10^4), rounded once.
  auto per_point = [](const std::pair<int64_t, int64_t>& c) {
    return c.second == 0
               ? Cell::blank(CellKind::money)
               : Cell::money(round_half_away(static_cast<__int128>(c.first) * 10000, c.second));
  };
  FollowupTable t;
  t.name = "cost-per-point";
  t.title = "Kostnad per DRG-poäng (kr), innerfall, " + std::to_string(y - 2) + "-" +
            std::to_string(y);
  t.seller = o.seller;
  t.year = y;
  t.columns = {{"hospital", "Sjukhus"}};
  for (auto& c : three_years(y, "cost_per_point_")) t.columns.push_back(c);
  t.columns.push_back({"change_pct", "Förändring " + std::to_string(y - 2) + "-" + std::to_string(y)});
  t.columns.push_back(code_column("seller_code"));
  auto add = [&](const std::string& label, const std::string& code,
                 const std::array<std::pair<int64_t, int64_t>, 3>& v) {
    std::vector<Cell> row{Cell::of_text(label)};
    for (const auto& c : v) row.push_back(per_point(c));
    row.push_back(row[1].empty || row[3].empty ? Cell::blank(CellKind::percent)
                                               : Cell::change(row[3].value, row[1].value)
                                                     .from({t.columns[3].key}, {t.columns[1].key}));
    row.push_back(code_cell(code));
    t.rows.push_back(std::move(row));
  };
  const std::map<std::string, std::string> names = hospital_names(store);
  for (const auto& [seller, v] : by_seller) {
    auto name = names.find(seller);
    add(name == names.end() ? seller : name->second, seller, v);
  }
  add("total", "", total);
  t.money_in_kronor = true;
  return t;
}

FollowupTable invoiced_split_table(Store& store, const FollowupOptions& o) {
  const int y = o.year, p = o.year - 1;
  struct Split {
    int64_t variable = 0, subscription = 0, outliers = 0, items = 0, tariffs = 0, at_cost = 0;
    int64_t total = 0, previous = 0;
  };
  std::map<std::string, Split> by_buyer;
  for (const InvoicedSplitRow& x : invoiced_split_by_buyer_year(store, o.seller, p, y)) {
    Split& s = by_buyer[x.buyer];
    if (x.year == p) {
      add_ore(s.previous, x.amount);
      continue;
    }
    add_ore(s.total, x.amount);
    if (x.subscription) {
      add_ore(s.subscription, x.amount);
      continue;
    }
    add_ore(s.variable, x.variable);
    add_ore(s.outliers, x.outliers);
    add_ore(s.items, x.items);
    add_ore(s.tariffs, x.tariffs);
    add_ore(s.at_cost, x.at_cost);
  }
  auto names = region_names(store);
  FollowupTable t;
  t.name = "invoiced-split";
  t.title = "Fakturerat per region: rörlig ersättning och abonnemang, " + o.seller + " " +
            std::to_string(y) + " (tkr)";
  t.seller = o.seller;
  t.year = y;
  const std::string ys = std::to_string(y), ps = std::to_string(p);
  t.columns = {{"region", "Regioner"},
               {"variable_" + ys, "Rörlig " + ys},
               {"subscription_" + ys, "Abonnemang " + ys},
               {"outliers_" + ys, "Ytterfall " + ys},
               {"items_" + ys, "Undantag " + ys},
               {"tariffs_" + ys, "Åtgärdsersättning " + ys},
               {"at_cost_" + ys, "Tilläggsdebitering " + ys},
               {"invoiced_" + ys, "Totalt " + ys},
               {"invoiced_" + ps, "Totalt " + ps},
               {"diff", "Diff"},
               {"diff_pct", "Diff %"},
               code_column("region_code")};
  std::vector<std::tuple<std::string, std::string, Split>> rows;  // label, code, split
  for (const auto& [code, s] : by_buyer)
    rows.push_back({short_region_name(names.count(code) ? names[code] : code), code, s});
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
  Split sum;
  const CellRef year{"invoiced_" + ys}, before{"invoiced_" + ps};
  auto add = [&](const std::string& label, const std::string& code, const Split& s) {
    t.rows.push_back({Cell::of_text(label), Cell::money(s.variable), Cell::money(s.subscription),
                      Cell::money(s.outliers), Cell::money(s.items), Cell::money(s.tariffs),
                      Cell::money(s.at_cost), Cell::money(s.total), Cell::money(s.previous),
                      Cell::money((Money::from_ore(s.total) - Money::from_ore(s.previous)).ore())
                          .from(year, before),
                      Cell::change(s.total, s.previous).from(year, before), code_cell(code)});
  };
  for (const auto& [label, code, s] : rows) {
    add(label, code, s);
    add_ore(sum.variable, s.variable);
    add_ore(sum.subscription, s.subscription);
    add_ore(sum.outliers, s.outliers);
    add_ore(sum.items, s.items);
    add_ore(sum.tariffs, s.tariffs);
    add_ore(sum.at_cost, s.at_cost);
    add_ore(sum.total, s.total);
    add_ore(sum.previous, s.previous);
  }
  add("total", "", sum);
  return t;
}

FollowupTable decomposition_table(Store& store, const FollowupOptions& o) {
  const int y = o.year, p = o.year - 1;
  auto invoiced = invoiced_by_buyer_year(store, o.seller, p, y);
  auto points = points_by_buyer_year(store, o.seller, p, y);
  auto names = region_names(store);
  const std::optional<UpliftFactor> u = restatement(store, o, nullptr);
  FollowupTable t;
  t.name = "decomposition";
  t.title = "Förändring av fakturerat: volym respektive pris och modell, " + o.seller + " " +
            std::to_string(p) + "-" + std::to_string(y) + " (tkr)";
  t.seller = o.seller;
  t.year = y;
  const std::string ys = std::to_string(y), ps = std::to_string(p);
  t.columns = {{"region", "Regioner"},
               {"invoiced_" + ps + (o.restate ? "_restated" : ""), "Fakturerat " + ps},
               {"invoiced_" + ys, "Fakturerat " + ys},
               {"change", "Förändring"},
               {"points_" + ps, "DRG-poäng " + ps},
               {"points_" + ys, "DRG-poäng " + ys},
               {"volume_effect", "Volymeffekt"},
               {"price_model_effect", "Pris- och modelleffekt"},
               code_column("region_code")};
  std::set<std::string> buyers;
  for (const auto& [k, v] : invoiced) buyers.insert(k.first);
  for (const auto& [k, v] : points) buyers.insert(k.first);
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& b : buyers) rows.push_back({short_region_name(names.count(b) ? names[b] : b), b});
  std::sort(rows.begin(), rows.end());
  auto get = [](const auto& m, const std::string& b, int year) {
    auto it = m.find({b, year});
    return it == m.end() ? decltype(it->second){} : it->second;
  };
  Money sum_before, sum_now, sum_volume;
  int64_t points_before = 0, points_now = 0;
  auto add = [&](const std::string& label, const std::string& code, Money before, Money now,
                 int64_t pb, int64_t pn, const Decomposition& d) {
    t.rows.push_back({Cell::of_text(label), Cell::money(before.ore()), Cell::money(now.ore()),
                      Cell::money(d.change.ore()).from({t.columns[2].key}, {t.columns[1].key}),
                      Cell::points(pb), Cell::points(pn), Cell::money(d.volume.ore()),
                      Cell::money(d.price_and_model.ore()), code_cell(code)});
  };
  for (const auto& [label, code] : rows) {
    Money before = get(invoiced, code, p), now = get(invoiced, code, y);
    if (u) before = apply_uplift(before, *u);
    const int64_t pb = get(points, code, p), pn = get(points, code, y);
    const Decomposition d = decompose(before, now, pb, pn);
    add(label, code, before, now, pb, pn, d);
    sum_before += before;
    sum_now += now;
    sum_volume += d.volume;
    points_before += pb;
    points_now += pn;
  }
  // The total row adds the regions' effects (each rounded once).
  add("total", "", sum_before, sum_now, points_before, points_now,
      Decomposition{sum_now - sum_before, sum_volume, sum_now - sum_before - sum_volume});
  return t;
}

FollowupTable bought_table(Store& store, const FollowupOptions& o, const std::string& buyer) {
  const int y = o.year, p = o.year - 1;
  const std::string home = healthcare_region_of(store, buyer);
  std::string note;
  const std::optional<UpliftFactor> u = restatement(store, o, &note);
  struct Bought {
    std::string name;
    bool inside = false;
    int64_t with = 0, without = 0, subscription = 0;
    int64_t settlement = 0, commitment = 0;  // §8.4, §8.5 true-ups of the agreement year
    PreviousYear previous;
  };
  std::map<std::string, Bought> by_seller;
  for (const SettledRow& r : settled_by_seller_year(store, buyer, p, y)) {
    Bought& b = by_seller[r.seller];
    if (b.name.empty()) {  // the seller as named below when it also sold care
      if (auto party = LedgerStore(store).seller_party(r.seller)) {
        b.name = party->name;
        b.inside = healthcare_region_of(store, party->county) == home;
      }
    }
    if (r.year == p) {
      b.previous.as_invoiced += r.settlement + r.commitment;
    } else {
      add_ore(b.settlement, r.settlement.ore());
      add_ore(b.commitment, r.commitment.ore());
    }
  }
  for (const BoughtRow& r : bought_by_seller_year(store, buyer, p, y)) {
    Bought& b = by_seller[r.seller];
    b.name = r.seller_name;
    b.inside = r.healthcare_region == home;
    if (r.year == p) {
      b.previous.as_invoiced += Money::from_ore(r.with_referral) +
                                Money::from_ore(r.without_referral) +
                                Money::from_ore(r.subscription);
    } else {
      add_ore(b.with, r.with_referral);
      add_ore(b.without, r.without_referral);
      add_ore(b.subscription, r.subscription);
    }
  }
  auto names = region_names(store);
  FollowupTable t;
  t.name = "bought";
  t.title = "Köpt vård, " + short_region_name(names.count(buyer) ? names[buyer] : buyer) + " " +
            std::to_string(y) + " (tkr)";
  t.buyer = buyer;
  t.buyer_name = short_region_name(names.count(buyer) ? names[buyer] : buyer);
  t.year = y;
  t.note = note;
  const std::string ys = std::to_string(y);
  t.columns = {{"seller", "Säljare"},
               {"healthcare_region", "Sjukvårdsregion"},
               {"with_referral_" + ys, "Med remiss " + ys},
               {"without_referral_" + ys, "Utan remiss " + ys},
               {"subscription_" + ys, "Abonnemang " + ys},
               {"settlement_" + ys, "Efterreglering " + ys},
               {"commitment_" + ys, "Volymåtagande " + ys},
               {"bought_" + ys, "Totalt " + ys}};
  for (auto& c : change_columns("bought", "Totalt", p, u.has_value())) t.columns.push_back(c);
  t.columns.push_back(code_column("seller_code"));
  Bought inside, outside;
  auto add = [&](const std::string& label, const std::string& where, const std::string& code,
                 const Bought& b) {
    const Money total = Money::from_ore(b.with) + Money::from_ore(b.without) +
                        Money::from_ore(b.subscription) + Money::from_ore(b.settlement) +
                        Money::from_ore(b.commitment);
    Cell region = Cell::of_text(where == "inside" ? "inom" : where == "outside" ? "utom" : "");
    region.code = where;
    std::vector<Cell> row{Cell::of_text(label),        region,
                          Cell::money(b.with),         Cell::money(b.without),
                          Cell::money(b.subscription), Cell::money(b.settlement),
                          Cell::money(b.commitment),   Cell::money(total.ore())};
    add_change_cells(row, total, b.previous, u.has_value(), "bought", y);
    row.push_back(code_cell(code));
    t.rows.push_back(std::move(row));
  };
  auto accumulate = [](Bought& into, const Bought& b) {
    add_ore(into.with, b.with);
    add_ore(into.without, b.without);
    add_ore(into.subscription, b.subscription);
    add_ore(into.settlement, b.settlement);
    add_ore(into.commitment, b.commitment);
    into.previous += b.previous;  // sums the rounded sellers' amounts (checked Money)
  };
  for (auto& [code, b] : by_seller) {
    b.previous = previous_year(b.previous.as_invoiced, u);
    add(b.name.empty() ? code : b.name, b.inside ? "inside" : "outside", code, b);
    accumulate(b.inside ? inside : outside, b);
  }
  Bought all = inside;
  accumulate(all, outside);
  add("inom sjukvårdsregionen", "inside", "", inside);
  t.rows.back()[0].code = "inside_total";
  add("utom sjukvårdsregionen", "outside", "", outside);
  t.rows.back()[0].code = "outside_total";
  add("total", "", "", all);
  return t;
}

std::vector<std::string> buyers_of(Store& store, const FollowupOptions& o) {
  std::set<std::string> buyers;
  for (const auto& [k, v] : invoiced_by_buyer_year(store, o.seller, o.year - 1, o.year))
    buyers.insert(k.first);
  return {buyers.begin(), buyers.end()};
}

}  // namespace vardavtal
