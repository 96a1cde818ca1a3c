// The purchaser's registers (docs/import.md#purchaser-registers): referrals.csv, residents.csv.
#include "importers/batcher.h"
#include "importers/importers.h"

namespace vardavtal {

namespace {
// valid_to, when given, must not be before valid_from.
void check_period(TableReader& t, int to_col, const std::optional<Date>& from,
                  const std::optional<std::optional<Date>>& to) {
  if (from && to && *to && days_between(*from, **to) < 0)
    t.fail(to_col, {"a date not before valid_from " + format_iso(*from),
                    "ett datum inte före valid_from " + format_iso(*from)});
}
}  // namespace

long read_referrals(const std::string& path, const ImportOptions& options, const KnownCodes& known,
                    ErrorList& errors, const BatchSink<Referral>& sink) {
  enum { kId, kCounty, kPatient, kSeller, kFrom, kTo };
  static constexpr ColumnSpec cols[] = {{"referral_id", true}, {"county", true},
                                        {"patient_id", true},  {"seller", true},
                                        {"valid_from", true},  {"valid_to", false}};
  TableReader t(path, cols, options, errors);
  Batcher<Referral> batch(sink);
  while (t.next()) {
    Referral& r = batch.slot().row;
    if (auto v = t.text(kId, true, 64)) r.referral_id.assign(*v);
    if (auto v = t.county(kCounty, known.region)) r.county.assign(*v);
    t.patient_id(kPatient, r.patient_id);
    if (!known.hospital(t.raw(kSeller)))
      t.fail(kSeller, {"a known hospital code", "en känd sjukhuskod"});
    r.seller.assign(t.raw(kSeller));
    auto from = t.date(kFrom);
    auto to = t.optional_date(kTo);
    check_period(t, kTo, from, to);
    if (from) r.valid_from = *from;
    if (to) r.valid_to = *to;
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kId));
  }
  batch.flush();
  return t.rows();
}

long read_residents(const std::string& path, const ImportOptions& options, const KnownCodes& known,
                    ErrorList& errors, const BatchSink<Residence>& sink) {
  enum { kPatient, kCounty, kFrom, kTo };
  static constexpr ColumnSpec cols[] = {
      {"patient_id", true}, {"county", true}, {"valid_from", true}, {"valid_to", false}};
  TableReader t(path, cols, options, errors);
  Batcher<Residence> batch(sink);
  while (t.next()) {
    Residence& r = batch.slot().row;
    t.patient_id(kPatient, r.patient_id);
    if (auto v = t.county(kCounty, known.region)) r.county.assign(*v);
    auto from = t.date(kFrom);
    auto to = t.optional_date(kTo);
    check_period(t, kTo, from, to);
    if (from) r.valid_from = *from;
    if (to) r.valid_to = *to;
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kPatient));
  }
  batch.flush();
  return t.rows();
}

}  // namespace vardavtal
