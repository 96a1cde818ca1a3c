// Identifier and code vocabulary: organisation numbers, personnummer, SCB
// county and municipality codes, DRG codes, care types, hospital kinds.
// Pure functions, safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error_text.h"

namespace vardavtal {

// Luhn (mod 10) check over a string of digits; false on any non-digit.
bool luhn_valid(std::string_view digits);

// Organisation number: "NNNNNNNNNN" or "NNNNNN-NNNN" with a valid Luhn check
// digit; returns the 10 digits.
std::optional<std::string> normalize_org_number(std::string_view text);

// Patient identifier. A value made only of digits (optionally with one '-'
// before the last four) must be a 12-digit personnummer or samordningsnummer
// (day + 60) with a real birth date and a valid Luhn check digit over the last
// ten digits; it is returned as 12 digits. Anything else is a pseudonym: 1–64
// printable characters with at least one letter, returned unchanged.
// On failure `why` says what was wrong.
std::optional<std::string> normalize_patient_id(std::string_view text, Phrase* why);
// Same, writing the normalized id into `out` (reusing its capacity); false on failure.
bool normalize_patient_id_into(std::string_view text, std::string& out, Phrase* why);

// Bankgiro number: 7 or 8 digits, optionally with a '-' before the last four,
// with a valid Luhn check digit; returned as "NNN-NNNN" or "NNNN-NNNN".
std::optional<std::string> normalize_bankgiro(std::string_view text);

// Two-digit SCB county code, e.g. "03".
bool is_county_code_form(std::string_view s);
// Four-digit SCB municipality code, e.g. "0380".
bool is_municipality_code_form(std::string_view s);
// DRG code in the weight list's form: MDC letter, two digits, suffix letter ("E03N").
bool is_drg_code_form(std::string_view s);

enum class CareType { inpatient, doctor_visit, day_care, other_visit };
inline constexpr CareType kCareTypes[] = {CareType::inpatient, CareType::doctor_visit,
                                          CareType::day_care, CareType::other_visit};
std::optional<CareType> parse_care_type(std::string_view s);
std::string_view to_string(CareType t);
// The care type in Swedish, for people (XLSX, tables): "Slutenvård",
// "Läkarbesök", "Dagsjukvård", "Övrigt besök".
std::string_view swedish_name(CareType t);

// Why a patient was referred (§8.6): for medical reasons, or by the
// patient's own choice; none when the record does not say.
enum class ReferralReason { none, medical, choice };
std::optional<ReferralReason> parse_referral_reason(std::string_view s);  // "medical" | "choice"
std::string_view to_string(ReferralReason r);                             // "" for none

enum class HospitalKind { university, county, district };
std::optional<HospitalKind> parse_hospital_kind(std::string_view s);
std::string_view to_string(HospitalKind k);

}  // namespace vardavtal
