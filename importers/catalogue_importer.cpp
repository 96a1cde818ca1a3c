// The price catalogue (docs/import.md#price-catalogue): weights.csv, prices.csv, index.csv.
#include "core/codes.h"
#include "importers/batcher.h"
#include "importers/importers.h"

namespace vardavtal {

namespace {
constexpr int64_t kMinYear = 1990, kMaxYear = 2100;
}

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
    if (!is_drg_code_form(t.raw(kDrg))) t.fail(kDrg, "a DRG code: letter, two digits, letter");
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
  enum { kSeller, kYear, kItem, kName, kPrice };
  static constexpr ColumnSpec cols[] = {
      {"seller", true}, {"year", true}, {"item_code", true}, {"name", true}, {"price", true}};
  TableReader t(path, cols, options, errors);
  Batcher<PriceRow> batch(sink);
  while (t.next()) {
    PriceRow& p = batch.slot().row;
    if (!known.hospital(t.raw(kSeller))) t.fail(kSeller, "a known hospital code");
    p.seller.assign(t.raw(kSeller));
    if (auto v = t.integer(kYear, kMinYear, kMaxYear)) p.year = static_cast<int>(*v);
    if (auto v = t.text(kItem, true, 32)) p.item_code.assign(*v);
    if (auto v = t.text(kName, true)) p.name.assign(*v);
    if (auto v = t.money(kPrice)) p.price = *v;
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kItem));
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
    if (!ok) t.fail(kIndex, "an index name of letters, digits, '-' or '_' (LPIK)");
    r.index.assign(name);
    if (auto v = t.integer(kYear, kMinYear, kMaxYear)) r.year = static_cast<int>(*v);
    if (auto v = t.decimal(kRate, kRateBound, /*allow_negative=*/true)) r.rate = *v;
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kIndex));
  }
  batch.flush();
  return t.rows();
}

}  // namespace vardavtal
