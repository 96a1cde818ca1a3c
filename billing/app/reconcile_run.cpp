#include "billing/app/reconcile_run.h"

#include <set>
#include <stdexcept>

#include "core/codes.h"
#include "core/error_text.h"
#include "importers/importers.h"
#include "store/pricing_reads.h"
#include "store/purchaser_reads.h"

namespace vardavtal {

namespace {

template <class T>
void read_file_rows(const std::string& path, Store& store,
                    long (*reader)(const std::string&, const ImportOptions&, const KnownCodes&,
                                   ErrorList&, const BatchSink<T>&),
                    const std::set<std::string>& patients,
                    std::map<std::string, std::vector<T>>& out) {
  std::set<std::string> regions = store.region_codes(), hospitals = store.hospital_codes();
  KnownCodes known{[&](std::string_view c) { return regions.count(std::string(c)) > 0; },
                   [&](std::string_view c) { return hospitals.count(std::string(c)) > 0; }};
  ErrorList errors;
  ImportOptions options;
  reader(path, options, known, errors, [&](std::span<Located<T>> rows) {
    for (const Located<T>& r : rows)
      if (patients.count(r.row.patient_id)) out[r.row.patient_id].push_back(r.row);
  });
  if (!errors.empty())
    throw PersonError(path + " rejected:\n" + errors.report(),
                      path + " avvisad:\n" + errors.report(Language::sv));
}

}  // namespace

ReconcileReport run_reconcile(Store& store, const std::string& buyer,
                              const std::vector<std::string>& files,
                              const std::optional<std::string>& residents_file,
                              const std::optional<std::string>& referrals_file,
                              bool force) {
  // Everything is read before anything is reported: a bad file gives no report.
  ReconcileInput in;
  in.buyer = buyer;
  for (const std::string& f : files) in.specs.push_back(read_received_spec(f));
  in.regions = latest_regions(store);
  in.hospitals = latest_hospitals(store);
  if (!force) {
    std::string en, sv;
    for (const Message& m : addressed_elsewhere(in)) {
      en += (en.empty() ? "" : "\n") + m.en;
      sv += (sv.empty() ? "" : "\n") + m.sv;
    }
    if (!en.empty()) throw MisaddressedSpecError(en, sv);
  }
  std::set<std::string> patients;
  for (const ReceivedSpec& s : in.specs)
    for (const ReceivedLine& l : s.lines) patients.insert(l.patient_id);
  const std::shared_ptr<const Catalogue> catalogue = current_catalogue(store);
  in.catalogue = catalogue.get();
  if (residents_file) {
    read_file_rows<Residence>(*residents_file, store, read_residents, patients, in.residences);
    in.have_residents = true;
  } else {
    in.have_residents = buyer_has_rows(store, "residents", buyer);
    if (in.have_residents) in.residences = residences_of(store, buyer, patients);
  }
  if (referrals_file) {
    read_file_rows<Referral>(*referrals_file, store, read_referrals, patients, in.referrals);
    in.have_referrals = true;
  } else {
    in.have_referrals = buyer_has_rows(store, "referrals", buyer);
    if (in.have_referrals) in.referrals = referrals_of(store, buyer, patients);
  }
  ReconcileReport report = reconcile(in);
  // Every line's patient was looked up (residence, referrals): the access log's list.
  for (const ReceivedSpec& spec : in.specs)
    for (const ReceivedLine& l : spec.lines)
      if (!l.patient_id.empty()) {
        // As imported and asked for (19121212-1212 is 191212121212).
        Phrase why{"", ""};
        const std::optional<std::string> id = normalize_patient_id(l.patient_id, &why);
        report.patients.push_back(id.value_or(l.patient_id));
      }
  return report;
}

}  // namespace vardavtal
