// plans.csv (docs/import.md#plans): seller, buyer, year, clinic,
// planned_contacts, planned_points; one row per (seller, buyer, year, clinic).
#include "core/codes.h"
#include "importers/batcher.h"
#include "importers/importers.h"
#include "importers/limits.h"

namespace vardavtal {

long read_plans(const std::string& path, const ImportOptions& options, const KnownCodes& known,
                ErrorList& errors, const BatchSink<PlanRow>& sink) {
  enum { kSeller, kBuyer, kYear, kClinic, kContacts, kPoints };
  static constexpr ColumnSpec cols[] = {
      {"seller", true},           {"buyer", true},         {"year", true}, {"clinic", true},
      {"planned_contacts", true}, {"planned_points", true}};
  TableReader t(path, cols, options, errors);
  Batcher<PlanRow> batch(sink);
  while (t.next()) {
    PlanRow& r = batch.slot().row;
    if (!known.hospital(t.raw(kSeller)))
      t.fail(kSeller, {"a known hospital code", "en känd sjukhuskod"});
    r.seller.assign(t.raw(kSeller));
    if (!is_county_code_form(t.raw(kBuyer)) || !known.region(t.raw(kBuyer)))
      t.fail(kBuyer,
             {"a known two-digit region code (\"04\")", "en känd tvåsiffrig länskod (\"04\")"});
    r.buyer.assign(t.raw(kBuyer));
    if (auto v = t.integer(kYear, kMinYear, kMaxYear)) r.year = static_cast<int>(*v);
    if (auto v = t.text(kClinic, true, 100)) r.clinic.assign(*v);
    if (auto v = t.integer(kContacts, 0, 100'000'000)) r.planned_contacts = *v;
    if (auto v = t.decimal(kPoints, kCommitmentBound)) r.planned_points = *v;
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kSeller));
  }
  batch.flush();
  return t.rows();
}

}  // namespace vardavtal
