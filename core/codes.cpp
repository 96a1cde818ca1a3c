#include "core/codes.h"

#include "core/catalogue.h"

#include "core/date.h"
#include "core/text.h"

namespace vardavtal {

namespace {
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
}  // namespace

bool luhn_valid(std::string_view d) {
  if (!all_digits(d)) return false;
  int sum = 0;
  bool dbl = false;
  for (size_t i = d.size(); i-- > 0;) {
    int v = d[i] - '0';
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

std::optional<std::string> normalize_org_number(std::string_view t) {
  std::string d;
  if (t.size() == 11 && t[6] == '-') {
    d = std::string(t.substr(0, 6)) + std::string(t.substr(7));
  } else {
    d = std::string(t);
  }
  if (d.size() != 10 || !luhn_valid(d)) return std::nullopt;
  return d;
}

std::optional<std::string> normalize_patient_id(std::string_view t, Phrase* why) {
  std::string out;
  if (!normalize_patient_id_into(t, out, why)) return std::nullopt;
  return out;
}

bool normalize_patient_id_into(std::string_view t, std::string& out, Phrase* why) {
  char d[12];
  size_t n = 0;
  bool numeric = !t.empty();
  for (size_t i = 0; i < t.size() && numeric; ++i) {
    char c = t[i];
    if (c >= '0' && c <= '9') {
      if (n < sizeof d) d[n] = c;
      ++n;
    } else if (!(c == '-' && i + 5 == t.size())) {
      numeric = false;
    }
  }
  if (numeric) {
    if (n != 12) {
      if (why)
        *why = {"a 12-digit personnummer (YYYYMMDDNNNN)",
                "ett personnummer med 12 siffror (ÅÅÅÅMMDDNNNN)"};
      return false;
    }
    auto num = [&](int at, int len) {
      int v = 0;
      for (int i = at; i < at + len; ++i) v = v * 10 + (d[i] - '0');
      return v;
    };
    int day = num(6, 2);
    if (day > 60) day -= 60;  // samordningsnummer
    Date birth{date::year{num(0, 4)}, date::month{static_cast<unsigned>(num(4, 2))},
               date::day{static_cast<unsigned>(day)}};
    if (!birth.ok()) {
      if (why)
        *why = {"a personnummer with a real birth date",
                "ett personnummer med ett verkligt födelsedatum"};
      return false;
    }
    if (!luhn_valid(std::string_view(d + 2, 10))) {
      if (why)
        *why = {"a personnummer with a valid check digit",
                "ett personnummer med giltig kontrollsiffra"};
      return false;
    }
    out.assign(d, 12);
    return true;
  }
  if (has_control_character(t) || t.find('\t') != std::string_view::npos) {
    if (why) *why = {"a pseudonym of printable characters", "en pseudonym av skrivbara tecken"};
    return false;
  }
  bool letter = false;
  for (unsigned char c : t)
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80) letter = true;
  if (t.size() > 64 || !letter) {
    if (why)
      *why = {"a 12-digit personnummer or a pseudonym (1-64 characters with a letter)",
              "ett personnummer med 12 siffror eller en pseudonym (1-64 tecken med en bokstav)"};
    return false;
  }
  out.assign(t);
  return true;
}

std::optional<std::string> normalize_bankgiro(std::string_view t) {
  std::string d;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '-' && i + 5 == t.size()) continue;
    d += t[i];
  }
  if ((d.size() != 7 && d.size() != 8) || !luhn_valid(d)) return std::nullopt;
  return d.substr(0, d.size() - 4) + "-" + d.substr(d.size() - 4);
}

bool is_county_code_form(std::string_view s) { return s.size() == 2 && all_digits(s); }
bool is_municipality_code_form(std::string_view s) { return s.size() == 4 && all_digits(s); }
bool is_drg_code_form(std::string_view s) {
  return s.size() == 4 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= '0' && s[1] <= '9' &&
         s[2] >= '0' && s[2] <= '9' && s[3] >= 'A' && s[3] <= 'Z';
}

std::optional<CareType> parse_care_type(std::string_view s) {
  for (CareType t : kCareTypes)
    if (to_string(t) == s) return t;
  return std::nullopt;
}

std::string_view to_string(CareType t) {
  switch (t) {
    case CareType::inpatient: return "inpatient";
    case CareType::doctor_visit: return "doctor_visit";
    case CareType::day_care: return "day_care";
    case CareType::other_visit: return "other_visit";
  }
  return "?";
}

std::string_view swedish_name(CareType t) {
  switch (t) {
    case CareType::inpatient:
      return "Slutenvård";
    case CareType::doctor_visit:
      return "Läkarbesök";
    case CareType::day_care:
      return "Dagsjukvård";
    case CareType::other_visit:
      return "Övrigt besök";
  }
  return "";
}

std::optional<ReferralReason> parse_referral_reason(std::string_view s) {
  if (s == "medical") return ReferralReason::medical;
  if (s == "choice") return ReferralReason::choice;
  return std::nullopt;
}

std::string_view to_string(ReferralReason r) {
  switch (r) {
    case ReferralReason::none: return "";
    case ReferralReason::medical: return "medical";
    case ReferralReason::choice: return "choice";
  }
  return "?";
}

std::optional<HospitalKind> parse_hospital_kind(std::string_view s) {
  for (HospitalKind k : {HospitalKind::university, HospitalKind::county, HospitalKind::district})
    if (to_string(k) == s) return k;
  return std::nullopt;
}

std::string_view to_string(HospitalKind k) {
  switch (k) {
    case HospitalKind::university: return "university";
    case HospitalKind::county: return "county";
    case HospitalKind::district: return "district";
  }
  return "?";
}

std::optional<TariffUnit> parse_tariff_unit(std::string_view s) {
  if (s == "contact") return TariffUnit::contact;
  if (s == "care_day") return TariffUnit::care_day;
  return std::nullopt;
}

std::string_view to_string(TariffUnit u) {
  return u == TariffUnit::contact ? "contact" : "care_day";
}

}  // namespace vardavtal
