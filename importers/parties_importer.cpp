// regions.csv and hospitals.csv (docs/import.md#parties).
#include "core/codes.h"
#include "importers/batcher.h"
#include "importers/importers.h"

namespace vardavtal {

long read_regions(const std::string& path, const ImportOptions& options, ErrorList& errors,
                  const BatchSink<Region>& sink) {
  enum { kCode, kName, kOrg, kHealthcareRegion };
  static constexpr ColumnSpec cols[] = {
      {"code", true}, {"name", true}, {"org_number", true}, {"healthcare_region", true}};
  TableReader t(path, cols, options, errors);
  Batcher<Region> batch(sink);
  while (t.next()) {
    Region& r = batch.slot().row;
    if (!is_county_code_form(t.raw(kCode)))
      t.fail(kCode, {"a two-digit SCB county code", "en tvåsiffrig länskod (SCB)"});
    r.code.assign(t.raw(kCode));
    if (auto v = t.text(kName, true)) r.name.assign(*v);
    auto org = normalize_org_number(t.raw(kOrg));
    if (!org)
      t.fail(kOrg, {"a 10-digit organisation number with a valid check digit",
                    "ett organisationsnummer med 10 siffror och giltig kontrollsiffra"});
    r.org_number = org.value_or("");
    if (auto v = t.text(kHealthcareRegion, true, 64)) r.healthcare_region.assign(*v);
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kCode));
  }
  batch.flush();
  return t.rows();
}

long read_hospitals(const std::string& path, const ImportOptions& options, const KnownCodes& known,
                    ErrorList& errors, const BatchSink<Hospital>& sink) {
  enum { kCode, kName, kRegion, kKind, kHsa, kBankgiro };
  static constexpr ColumnSpec cols[] = {{"code", true},      {"name", true},
                                        {"region", true},    {"kind", true},
                                        {"hsa_id", false},   {"bankgiro", false}};
  TableReader t(path, cols, options, errors);
  Batcher<Hospital> batch(sink);
  while (t.next()) {
    Hospital& h = batch.slot().row;
    std::string_view code = t.raw(kCode);
    bool ok = !code.empty() && code.size() <= 10;
    for (char c : code) ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    if (!ok)
      t.fail(kCode, {"a hospital code of 1-10 capital letters or digits",
                     "en sjukhuskod av 1-10 versaler eller siffror"});
    h.code.assign(code);
    if (auto v = t.text(kName, true)) h.name.assign(*v);
    if (auto v = t.county(kRegion, known.region)) h.region.assign(*v);
    auto kind = parse_hospital_kind(t.raw(kKind));
    if (!kind)
      t.fail(kKind, {"university, county or district", "university, county eller district"});
    h.kind = kind.value_or(HospitalKind::university);
    if (auto v = t.text(kHsa, false, 64)) h.hsa_id.assign(*v);
    h.bankgiro.clear();
    if (!t.raw(kBankgiro).empty()) {
      auto bg = normalize_bankgiro(t.raw(kBankgiro));
      if (!bg)
        t.fail(kBankgiro, {"a bankgiro number: 7-8 digits with a valid check digit",
                           "ett bankgironummer: 7-8 siffror med giltig kontrollsiffra"});
      else h.bankgiro = *bg;
    }
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kCode));
  }
  batch.flush();
  return t.rows();
}

}  // namespace vardavtal
