// The price catalogue (docs/import.md#price-catalogue): weights.csv, prices.csv, index.csv.
#include "core/codes.h"
#include "importers/batcher.h"
#include "importers/importers.h"
#include "importers/limits.h"

namespace vardavtal {

namespace {

// A price-list row's price, or (at_cost = 1, §8.2) none: the item is billed
// at the cost stated on each item line, and its price is empty (stored 0).
void read_price(TableReader& t, int price_col, int at_cost_col, PriceRow& p) {
  p.price = Money{};
  auto at_cost = t.flag(at_cost_col);
  p.at_cost = at_cost.value_or(false);
  if (!at_cost) return;  // reported; whether a price is due is unknown
  if (!p.at_cost) {
    if (auto v = t.money(price_col)) p.price = *v;
  } else if (!t.raw(price_col).empty()) {
    t.fail(price_col, {"an empty price on an at-cost row (at_cost = 1)",
                       "ett tomt pris på en rad till självkostnad (at_cost = 1)"});
  }
}
}  // namespace

long read_weights(const std::string& path, const ImportOptions& options, ErrorList& errors,
                  const BatchSink<WeightRow>& sink) {
  enum { kYear, kDrg, kName, kWeight, kLos, kCost, kDayWeight };
  static constexpr ColumnSpec cols[] = {{"year", true},      {"drg", true},
                                        {"name", true},      {"weight", true},
                                        {"los_limit", false}, {"cost_limit", false},
                                        {"day_weight", false}};
  TableReader t(path, cols, options, errors);
  Batcher<WeightRow> batch(sink);
  while (t.next()) {
    WeightRow& w = batch.slot().row;
    if (auto v = t.integer(kYear, kMinYear, kMaxYear)) w.year = static_cast<int>(*v);
    if (!is_drg_code_form(t.raw(kDrg)))
      t.fail(kDrg, {"a DRG code: letter, two digits, letter",
                    "en DRG-kod: bokstav, två siffror, bokstav"});
    w.drg.assign(t.raw(kDrg));
    if (auto v = t.text(kName, true)) w.name.assign(*v);
    if (auto v = t.decimal(kWeight, kWeightBound)) w.weight = *v;
    if (auto v = t.optional_integer(kLos, 0, 9999))
      w.los_limit = v->has_value() ? std::optional<int>(static_cast<int>(**v)) : std::nullopt;
    if (auto v = t.optional_money(kCost)) w.cost_limit = *v;
    if (auto v = t.optional_decimal(kDayWeight, kWeightBound)) w.day_weight = v->value_or(0);
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kDrg));
  }
  batch.flush();
  return t.rows();
}

long read_prices(const std::string& path, const ImportOptions& options, const KnownCodes& known,
                 ErrorList& errors, const BatchSink<PriceRow>& sink) {
  enum { kSeller, kYear, kItem, kName, kPrice, kAtCost };
  static constexpr ColumnSpec cols[] = {{"seller", true}, {"year", true},  {"item_code", true},
                                        {"name", true},   {"price", true}, {"at_cost", false}};
  TableReader t(path, cols, options, errors);
  Batcher<PriceRow> batch(sink);
  while (t.next()) {
    PriceRow& p = batch.slot().row;
    if (!known.hospital(t.raw(kSeller)))
      t.fail(kSeller, {"a known hospital code", "en känd sjukhuskod"});
    p.seller.assign(t.raw(kSeller));
    if (auto v = t.integer(kYear, kMinYear, kMaxYear)) p.year = static_cast<int>(*v);
    if (auto v = t.text(kItem, true, 32)) p.item_code.assign(*v);
    if (auto v = t.text(kName, true)) p.name.assign(*v);
    read_price(t, kPrice, kAtCost, p);
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kItem));
  }
  batch.flush();
  return t.rows();
}

long read_tariffs(const std::string& path, const ImportOptions& options, const KnownCodes& known,
                  ErrorList& errors, const BatchSink<TariffRow>& sink) {
  enum { kSeller, kYear, kCareType, kClinic, kField, kUnit, kPrice, kName };
  static constexpr ColumnSpec cols[] = {
      {"seller", true},         {"year", true}, {"care_type", true}, {"clinic", false},
      {"medical_field", false}, {"unit", true}, {"price", true},     {"name", true}};
  TableReader t(path, cols, options, errors);
  Batcher<TariffRow> batch(sink);
  while (t.next()) {
    TariffRow& r = batch.slot().row;
    if (!known.hospital(t.raw(kSeller)))
      t.fail(kSeller, {"a known hospital code", "en känd sjukhuskod"});
    r.seller.assign(t.raw(kSeller));
    if (auto v = t.integer(kYear, kMinYear, kMaxYear)) r.year = static_cast<int>(*v);
    auto care_type = parse_care_type(t.raw(kCareType));
    if (!care_type)
      t.fail(kCareType, {"inpatient, doctor_visit, day_care or other_visit",
                         "inpatient, doctor_visit, day_care eller other_visit"});
    r.care_type = care_type.value_or(CareType::inpatient);
    if (auto v = t.text(kClinic, false, 100)) r.clinic.assign(*v);
    std::string_view field = t.raw(kField);
    if (!field.empty() && !is_medical_field_form(field))
      t.fail(kField, {"a three-digit MVO code (medical field), or empty for any",
                      "en tresiffrig MVO-kod (medicinskt verksamhetsområde), eller tomt för alla"});
    r.medical_field.assign(field);
    auto unit = parse_tariff_unit(t.raw(kUnit));
    if (!unit) t.fail(kUnit, {"contact or care_day", "contact eller care_day"});
    r.unit = unit.value_or(TariffUnit::contact);
    auto price = t.money(kPrice);
    if (price && *price == Money{}) t.fail(kPrice, {"a price above 0", "ett pris över 0"});
    r.price = price.value_or(Money{});
    if (auto v = t.text(kName, true)) r.name.assign(*v);
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kCareType));
  }
  batch.flush();
  return t.rows();
}

long read_index(const std::string& path, const ImportOptions& options, ErrorList& errors,
                const BatchSink<IndexRow>& sink) {
  enum { kIndex, kYear, kRate };
  static constexpr ColumnSpec cols[] = {{"index", true}, {"year", true}, {"rate", true}};
  TableReader t(path, cols, options, errors);
  Batcher<IndexRow> batch(sink);
  while (t.next()) {
    IndexRow& r = batch.slot().row;
    std::string_view name = t.raw(kIndex);
    bool ok = !name.empty() && name.size() <= 32;
    for (char c : name)
      ok = ok && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_');
    if (!ok)
      t.fail(kIndex, {"an index name of letters, digits, '-' or '_' (LPIK)",
                      "ett indexnamn av bokstäver, siffror, '-' eller '_' (LPIK)"});
    r.index.assign(name);
    if (auto v = t.integer(kYear, kMinYear, kMaxYear)) r.year = static_cast<int>(*v);
    if (auto v = t.decimal(kRate, kRateBound, /*allow_negative=*/true)) r.rate = *v;
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kIndex));
  }
  batch.flush();
  return t.rows();
}

}  // namespace vardavtal
