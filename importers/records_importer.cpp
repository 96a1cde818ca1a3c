// records.csv (docs/import.md#care-records): one row per care contact.
#include "core/text.h"
#include "importers/batcher.h"
#include "importers/importers.h"
#include "importers/limits.h"

namespace vardavtal {

namespace {
enum Col {
  kRecordId,
  kSeller,
  kPatientId,
  kCounty,
  kMunicipality,
  kCareType,
  kClinic,
  kAdmission,
  kDischarge,
  kLeaveDays,
  kDrg,
  kKppCost,
  kReferralId,
  kEmergency,
  kPatientFee,
  kMedicalField,
  kDiagnosis,
  kAgreementType,
  kRiksavtalChapter,
  kCareLevel,
  kReferralReason,
  kCancelled
};
constexpr ColumnSpec kColumns[] = {
    {"record_id", true},
    {"seller", true},
    {"patient_id", true},
    {"county", true},
    {"municipality", false},
    {"care_type", true},
    {"clinic", true},
    {"admission_date", true},
    {"discharge_date", false},
    {"leave_days", false},
    {"drg", false},
    {"kpp_cost", false},
    {"referral_id", false},
    {"emergency", false},
    {"patient_fee", false},
    {"medical_field", false},
    {"diagnosis", false},
    {"agreement_type", false},
    {"riksavtal_chapter", false},
    {"care_level", false},
    {"referral_reason", false},
    {"cancelled", false},
};

// ICD-10 form: a letter, two digits, then optionally a '.' and 1-4 more
// letters or digits ("I35.0", "C509", "Z03.9").
bool is_icd10_form(std::string_view s) {
  if (s.size() < 3 || s.size() > 8 || s[0] < 'A' || s[0] > 'Z' || s[1] < '0' || s[1] > '9' ||
      s[2] < '0' || s[2] > '9')
    return false;
  std::string_view rest = s.substr(3);
  if (!rest.empty() && rest[0] == '.') rest.remove_prefix(1);
  for (char c : rest)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  return s.size() == 3 || !rest.empty();
}

// The national standard's "Avtalspost i Riksavtalet" (agreementInRiksavtalet):
// the chapter and point of the Riksavtal under which care without a referral
// was given; the values schematron rule ÖR50 accepts.
bool is_riksavtal_chapter(std::string_view s) {
  for (std::string_view c : {"3.1", "3.2", "4.1", "4.3", "4.4"})
    if (s == c) return true;
  return false;
}

// The national classification of the contact (billing rules §8.6), each
// optional: 0, "" or none when not given.
void read_classification(TableReader& t, Record& r) {
  if (auto v = t.optional_integer(kAgreementType, 1, 3))
    r.agreement_type = static_cast<int>(v->value_or(0));
  std::string_view chapter = t.raw(kRiksavtalChapter);
  if (!chapter.empty() && !is_riksavtal_chapter(chapter))
    t.fail(kRiksavtalChapter,
           {"a Riksavtal chapter and point: 3.1, 3.2, 4.1, 4.3 or 4.4 (ÖR50)",
            "ett kapitel och en punkt i Riksavtalet: 3.1, 3.2, 4.1, 4.3 eller 4.4 (ÖR50)"});
  assign_bytes(r.riksavtal_chapter, chapter);
  if (auto v = t.optional_integer(kCareLevel, 1, 4)) r.care_level = static_cast<int>(v->value_or(0));
  std::string_view reason = t.raw(kReferralReason);
  auto parsed = reason.empty() ? ReferralReason::none : parse_referral_reason(reason);
  if (!parsed) t.fail(kReferralReason, {"medical, choice or empty", "medical, choice eller tomt"});
  r.referral_reason = parsed.value_or(ReferralReason::none);
}
}  // namespace

long read_records(const std::string& path, const ImportOptions& options, const KnownCodes& known,
                  ErrorList& errors, const BatchSink<Record>& sink) {
  TableReader t(path, kColumns, options, errors);
  Batcher<Record> batch(sink);
  while (t.next()) {
    Record& r = batch.slot().row;
    if (auto v = t.text(kRecordId, true, 64)) assign_bytes(r.record_id, *v);
    std::string_view seller = t.raw(kSeller);
    if (!known.hospital(seller)) t.fail(kSeller, {"a known hospital code", "en känd sjukhuskod"});
    assign_bytes(r.seller, seller);
    t.patient_id(kPatientId, r.patient_id);
    auto county = t.county(kCounty, known.region);
    if (county) assign_bytes(r.county, *county);
    std::string_view muni = t.raw(kMunicipality);
    if (!muni.empty() && (!is_municipality_code_form(muni) ||
                          (county && muni.substr(0, 2) != *county))) {
      t.fail(kMunicipality, {"a four-digit SCB municipality code in the patient's county",
                             "en fyrsiffrig kommunkod (SCB) i patientens län"});
    }
    assign_bytes(r.municipality, muni);
    auto care_type = parse_care_type(t.raw(kCareType));
    if (!care_type)
      t.fail(kCareType, {"inpatient, doctor_visit, day_care or other_visit",
                         "inpatient, doctor_visit, day_care eller other_visit"});
    r.care_type = care_type.value_or(CareType::inpatient);
    if (auto v = t.text(kClinic, true, 100)) assign_bytes(r.clinic, *v);
    auto admission = t.date(kAdmission);
    if (admission) r.admission_date = *admission;
    auto discharge = t.optional_date(kDischarge);
    auto leave = t.optional_integer(kLeaveDays, 0, 9999);
    r.leave_days = static_cast<int>(leave && *leave ? **leave : 0);
    if (care_type && discharge) {
      if (*care_type == CareType::inpatient) {
        if (!*discharge) {
          t.fail(kDischarge,
                 {"a discharge date for inpatient care", "ett utskrivningsdatum för slutenvård"});
        } else if (admission && days_between(*admission, **discharge) < 0) {
          t.fail(kDischarge,
                 {"a discharge date not before the admission date " + format_iso(*admission),
                  "ett utskrivningsdatum inte före inskrivningsdatumet " + format_iso(*admission)});
        } else if (admission && days_between(*admission, **discharge) > kMaxStayDays) {
          t.fail(kDischarge, {"a stay of at most 3 years (" + std::to_string(kMaxStayDays) +
                                  " days) from the admission date " + format_iso(*admission) +
                                  " (a plausibility limit: docs/import.md#plausibility)",
                              "en vårdtid på högst 3 år (" + std::to_string(kMaxStayDays) +
                                  " dagar) från inskrivningsdatumet " + format_iso(*admission) +
                                  " (en rimlighetsgräns: docs/import.md#plausibility)"});
        } else if (admission && leave && r.leave_days > days_between(*admission, **discharge)) {
          t.fail(kLeaveDays,
                 {"leave days not more than the " +
                      std::to_string(days_between(*admission, **discharge)) + " days of the stay",
                  "permissionsdagar inte fler än vårdtidens " +
                      std::to_string(days_between(*admission, **discharge)) + " dagar"});
        }
        r.discharge_date = *discharge;
      } else {
        if (*discharge && admission && *discharge != admission)
          t.fail(kDischarge, {"an empty discharge date (or the visit date) for a visit",
                              "ett tomt utskrivningsdatum (eller besöksdatumet) för ett besök"});
        if (r.leave_days != 0)
          t.fail(kLeaveDays, {"0 or empty for a visit", "0 eller tomt för ett besök"});
        r.discharge_date.reset();
      }
    }
    std::string_view drg = t.raw(kDrg);
    if (!drg.empty() && !is_drg_code_form(drg))
      t.fail(kDrg, {"a DRG code: letter, two digits, letter (E03N)",
                    "en DRG-kod: bokstav, två siffror, bokstav (E03N)"});
    assign_bytes(r.drg, drg);
    if (auto v = t.optional_money(kKppCost)) r.kpp_cost = *v;
    if (auto v = t.text(kReferralId, false, 64)) assign_bytes(r.referral_id, *v);
    if (auto v = t.flag(kEmergency)) r.emergency = *v;
    if (auto v = t.flag(kCancelled)) r.cancelled = *v;
    if (auto v = t.optional_money(kPatientFee)) r.patient_fee = v->value_or(Money{});
    std::string_view mvo = t.raw(kMedicalField);
    if (!mvo.empty() && !is_medical_field_form(mvo))
      t.fail(kMedicalField, {"a three-digit MVO code (medical field)",
                             "en tresiffrig MVO-kod (medicinskt verksamhetsområde)"});
    assign_bytes(r.medical_field, mvo);
    std::string_view icd = t.raw(kDiagnosis);
    if (!icd.empty() && !is_icd10_form(icd))
      t.fail(kDiagnosis, {"an ICD-10 code such as I35.0", "en ICD-10-kod som I35.0"});
    assign_bytes(r.diagnosis, icd);
    read_classification(t, r);
    if (t.row_ok()) batch.keep(t.line(), t.column_of(kRecordId));
  }
  batch.flush();
  return t.rows();
}

}  // namespace vardavtal
