// items.csv (docs/import.md#items): patient-specific items, grouped per record.
#include <algorithm>
#include <map>

#include "importers/importers.h"

namespace vardavtal {

long read_item_sets(const std::string& path, const ImportOptions& options, const KnownCodes& known,
                    ErrorList& errors, const BatchSink<ItemSet>& sink) {
  enum { kRecordId, kSeller, kItem, kQuantity };
  static constexpr ColumnSpec cols[] = {
      {"record_id", true}, {"seller", true}, {"item_code", true}, {"quantity", true}};
  struct Pending {
    ItemSet set;
    long line = 0, column = 0;  // the record's first line
    struct Net {
      int64_t quantity = 0;
      long line = 0, column = 0;  // the item's last line and its quantity column
    };
    std::map<std::string, Net> net;
  };
  std::map<std::pair<std::string, std::string>, Pending> sets;
  TableReader t(path, cols, options, errors);
  while (t.next()) {
    auto record_id = t.text(kRecordId, true, 64);
    if (!known.hospital(t.raw(kSeller))) t.fail(kSeller, "a known hospital code");
    auto item = t.text(kItem, true, 32);
    auto qty = t.integer(kQuantity, -1000000, 1000000);
    if (qty && *qty == 0) t.fail(kQuantity, "a non-zero quantity");
    if (!t.row_ok()) continue;
    auto key = std::make_pair(std::string(t.raw(kSeller)), std::string(*record_id));
    Pending& p = sets[key];
    if (p.line == 0) {
      p.set.seller = key.first;
      p.set.record_id = key.second;
      p.line = t.line();
      p.column = t.column_of(kRecordId);
    }
    p.set.lines.push_back({std::string(*item), *qty});
    auto& net = p.net[std::string(*item)];
    net.quantity += *qty;
    net.line = t.line();
    net.column = t.column_of(kQuantity);
  }
  for (auto& [key, p] : sets) {
    for (const auto& [item, net] : p.net) {
      if (net.quantity < 0)
        errors.add({path, net.line, net.column, "quantity",
                    "a net quantity of item " + item + " on record " + key.second +
                        " that is not negative (a negative line only corrects another)",
                    std::to_string(net.quantity)});
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
