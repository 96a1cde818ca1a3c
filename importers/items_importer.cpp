// items.csv (docs/import.md#items): patient-specific items, grouped per record.
#include <algorithm>
#include <map>

#include "core/decimal.h"
#include "importers/importers.h"
#include "importers/limits.h"

namespace vardavtal {

namespace {
// An item line's stated cost (§8.2): kronor with at most 2 decimals, for the
// line's whole quantity, of the quantity's sign: negative (or zero) only on
// a negative correction line, which takes back part of another line's cost.
// nullopt when invalid (an error is recorded); an empty field is no cost.
std::optional<std::optional<Money>> line_cost(TableReader& t, int col,
                                              std::optional<int64_t> qty) {
  if (t.raw(col).empty()) return std::optional<Money>{};
  auto ore = t.decimal(col, kAmountBound, /*allow_negative=*/true);
  if (!ore) return std::nullopt;
  if (qty && ((*qty > 0 && *ore < 0) || (*qty < 0 && *ore > 0))) {
    t.fail(col, {*qty > 0 ? "a cost not negative on a line of positive quantity"
                          : "a cost not positive on a correction (negative quantity)",
                 *qty > 0 ? "en kostnad som inte är negativ på en rad med positivt antal"
                          : "en kostnad som inte är positiv på en rättelse (negativt antal)"});
    return std::nullopt;
  }
  return std::optional<Money>{Money::from_ore(*ore)};
}
}  // namespace

long read_item_sets(const std::string& path, const ImportOptions& options, const KnownCodes& known,
                    ErrorList& errors, const BatchSink<ItemSet>& sink) {
  enum { kRecordId, kSeller, kItem, kQuantity, kCost, kCostRef };
  static constexpr ColumnSpec cols[] = {{"record_id", true}, {"seller", true},
                                        {"item_code", true}, {"quantity", true},
                                        {"cost", false},     {"cost_ref", false}};
  struct Pending {
    ItemSet set;
    long line = 0, column = 0;  // the record's first line
    struct Net {
      int64_t quantity = 0;
      int64_t cost = 0;           // öre, the lines' stated costs
      long line = 0, column = 0;  // the item's last line and its quantity column
      long cost_column = 0;       // the item's last line's cost column
    };
    std::map<std::string, Net> net;
  };
  std::map<std::pair<std::string, std::string>, Pending> sets;
  TableReader t(path, cols, options, errors);
  while (t.next()) {
    auto record_id = t.text(kRecordId, true, 64);
    if (!known.hospital(t.raw(kSeller)))
      t.fail(kSeller, {"a known hospital code", "en känd sjukhuskod"});
    auto item = t.text(kItem, true, 32);
    auto qty = t.integer(kQuantity, -1000000, 1000000);
    if (qty && *qty == 0) t.fail(kQuantity, {"a non-zero quantity", "ett antal som inte är noll"});
    auto cost = line_cost(t, kCost, qty);
    auto cost_ref = t.text(kCostRef, false, 100);
    if (cost_ref && !cost_ref->empty() && cost && !*cost)
      t.fail(kCostRef, {"an empty cost_ref on a line without a cost (the cost's evidence)",
                        "ett tomt cost_ref på en rad utan kostnad (kostnadens underlag)"});
    if (!t.row_ok()) continue;
    auto key = std::make_pair(std::string(t.raw(kSeller)), std::string(*record_id));
    Pending& p = sets[key];
    if (p.line == 0) {
      p.set.seller = key.first;
      p.set.record_id = key.second;
      p.line = t.line();
      p.column = t.column_of(kRecordId);
    }
    p.set.lines.emplace_back(std::string(*item), *qty, *cost, std::string(*cost_ref));
    auto& net = p.net[std::string(*item)];
    net.quantity += *qty;
    net.cost += *cost ? (*cost)->ore() : 0;
    net.line = t.line();
    net.column = t.column_of(kQuantity);
    net.cost_column = t.column_of(kCost);
  }
  for (auto& [key, p] : sets) {
    for (const auto& entry : p.net) {
      const std::string& item = entry.first;
      const auto& net = entry.second;  // not a structured binding: the lambda captures it
      // A net sum of the item's lines below zero, in `column` at `at`.
      auto negative = [&](long at, const char* column, Phrase expected, std::string found) {
        errors.add({path, net.line, at, column, std::move(expected), std::move(found)});
      };
      const std::string on = item + " on record " + key.second;
      const std::string on_sv = item + " på vårdkontakt " + key.second;
      if (net.quantity < 0)
        negative(net.column, "quantity",
                 {"a net quantity of item " + on +
                      " that is not negative (a negative line only corrects another)",
                  "ett nettoantal av artikel " + on_sv +
                      " som inte är negativt (en negativ rad rättar bara en annan)"},
                 std::to_string(net.quantity));
      if (net.cost < 0)
        negative(net.cost_column, "cost",
                 {"a net cost of item " + on +
                      " that is not negative (a negative cost only corrects another)",
                  "en nettokostnad för artikel " + on_sv +
                      " som inte är negativ (en negativ kostnad rättar bara en annan)"},
                 format_scaled(net.cost, 2));
    }
  }
  std::vector<Located<ItemSet>> batch;
  for (auto& [key, p] : sets) {
    std::sort(p.set.lines.begin(), p.set.lines.end());
    batch.push_back({std::move(p.set), p.line, p.column});
    if (batch.size() == 4096) {
      sink(batch);
      batch.clear();
    }
  }
  if (!batch.empty()) sink(batch);
  return t.rows();
}

}  // namespace vardavtal
