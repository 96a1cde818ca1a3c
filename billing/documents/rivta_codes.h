// Vocabulary of the national invoice specification (fakturaunderlag, RIVTA
// domain financial:billing:claim, ProcessClaimSpecification 1.0, TKB 1.1):
// namespaces, OIDs and the code lists of the "Övriga regler" ÖR1–ÖR52
// (Inera's TKB Utomlänsfakturering 1.1, chapter 7 "Tjänstekontrakt", and the
// platform's Schematron rules R1–R52). Shared by the writer (fakturaunderlag.h) and
// the checker (spec_check.h). Pure data and pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/date.h"

namespace vardavtal::rivta {

inline constexpr char kResponderNs[] =
    "urn:riv:financial:billing:claim:ProcessClaimSpecificationResponder:1";
inline constexpr char kCoreNs[] = "urn:riv:financial:billing:claim:1";

// OIDs (root / codeSystem values).
inline constexpr char kOidOrgNumber[] = "1.3.7";    // ÖR3, ÖR46, ÖR48: 10 characters
inline constexpr char kOidGln[] = "2.51.1.6";       // ÖR3, ÖR46, ÖR48: 13 characters
inline constexpr char kOidCurrency[] = "1.0.4217";  // ÖR35, with code SEK
inline constexpr char kOidPersonnummer[] = "1.2.752.129.2.1.3.1";
inline constexpr char kOidSamordningsnummer[] = "1.2.752.129.2.1.3.3";
inline constexpr char kOidCounty[] = "1.2.752.129.2.2.1.18";        // ÖR40
inline constexpr char kOidMunicipality[] = "1.2.752.129.2.2.1.17";  // ÖR41
inline constexpr char kOidTypeOfCare[] = "1.2.752.29.4.16";         // as written in TKB 7.1.2
inline constexpr char kOidHsaId[] = "1.2.752.129.2.1.4.1";          // careUnitId, ÖR34
inline constexpr char kOidIcd10Se[] = "1.2.752.116.1.1.1.1.3";      // diagnosisCode
inline constexpr char kCurrency[] = "SEK";

// Code lists, each exactly as in the TKB table and the schematron rule.
inline constexpr std::string_view kTypeOfInvoice[] = {"380", "381"};                       // ÖR4
inline constexpr std::string_view kGender[] = {"0", "1", "2", "9"};                        // ÖR10
inline constexpr std::string_view kTypeOfAgreement[] = {"1", "2", "3"};                    // ÖR12
inline constexpr std::string_view kTypeOfChapter[] = {"1", "2", "3", "4", "5", "6", "7"};  // ÖR13
inline constexpr std::string_view kTypeOfReimbursement[] = {"1", "2"};                     // ÖR14
inline constexpr std::string_view kTypeOfCare[] = {"01", "02"};                            // ÖR15
inline constexpr std::string_view kTypeOfVisit[] = {"1", "2"};                             // ÖR16
inline constexpr std::string_view kProfessionCodes[] = {
    "AP", "AT", "AU", "BM", "BA", "DT", "FT", "HK", "KP", "LG", "LK", "NA", "OP", "OT",
    "PS", "PT", "RC", "RS", "SG", "SF", "SJ", "TH", "TL", "US", "TP", "TO", "OV"};      // ÖR22
inline constexpr std::string_view kProductCategory[] = {"01", "02", "03", "04", "99"};  // ÖR24
inline constexpr std::string_view kPriceList[] = {"1", "2", "3", "4", "5", "6"};        // ÖR25
inline constexpr std::string_view kPatientFeeReducedCategory[] = {"01", "02", "03",
                                                                  "04", "05", "99"};  // ÖR29
inline constexpr std::string_view kCareLevel[] = {"1", "2", "3", "4"};                // ÖR30
inline constexpr std::string_view kReasonForCredit[] = {"1", "2", "3", "4", "5",
                                                        "6", "7", "8", "9"};  // ÖR36
inline constexpr std::string_view kAgreementInRiksavtalet[] = {"3.1", "3.2", "4.1", "4.3",
                                                               "4.4"};  // ÖR50

// Our own patient-specific care codes (not national ones; docs/fakturaunderlag.md):
// a tariff (§8.1) is "TAR-" + its unit ("TAR-contact", "TAR-care_day"); the
// at-cost amount (§8.2) is AT-COST, each at-cost item line stated in an
// `unspecified` of type kCostType as "code;quantity;cost[;cost_ref]".
inline constexpr char kTariffCodePrefix[] = "TAR-";
inline constexpr char kAtCostCode[] = "AT-COST";
inline constexpr char kAtCostName[] = "Tilläggsdebitering (självkostnad)";
inline constexpr char kCostType[] = "självkostnad";

// Socialstyrelsen's approved medical-field codes (medicinskt verksamhetsområde,
// mvo.xml, as the platform's Schematron rule R49 lists them), ÖR49.
inline constexpr std::string_view kMvoCodes[] = {
    "003", "207", "009", "211", "011", "215", "014", "221", "015", "231", "016", "241", "019",
    "243", "020", "246", "021", "249", "022", "251", "023", "301", "024", "303", "041", "304",
    "045", "306", "046", "311", "056", "312", "061", "316", "076", "321", "086", "331", "096",
    "335", "100", "341", "101", "351", "105", "361", "107", "371", "108", "401", "109", "411",
    "111", "412", "121", "413", "131", "421", "141", "431", "142", "441", "151", "451", "156",
    "511", "161", "515", "171", "521", "181", "531", "201", "532", "203", "541", "206", "551",
    "552", "943", "553", "944", "561", "945", "564", "948", "565", "950", "566", "951", "567",
    "952", "570", "953", "571", "954", "572", "955", "573", "956", "581", "957", "601", "971",
    "611", "991", "711", "993", "712", "713", "715", "721", "722", "731", "741", "751", "761",
    "762", "763", "811", "821", "831", "832", "841", "845", "851", "881", "882", "883", "892",
    "893", "894", "895", "896", "901", "906", "928", "931"};

template <size_t N>
constexpr bool in_list(const std::string_view (&list)[N], std::string_view v) {
  for (std::string_view c : list)
    if (c == v) return true;
  return false;
}

// "380, 381": a code list for messages.
template <size_t N>
std::string list_text(const std::string_view (&list)[N]) {
  std::string out;
  for (std::string_view c : list) {
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

// The fakturaunderlag id (ÖR37): "ZVF" and 23 characters in all.
inline constexpr std::string_view kSpecIdPrefix = "ZVF";
inline constexpr size_t kSpecIdLength = 23;

// DateType: "YYYYMMDD" (schema pattern (19|20)\d\d(0[1-9]|1[012])(0[1-9]|[12][0-9]|3[01])).
std::string format_date(Date d);
// True when `d` can be written as a DateType (years 1900–2099).
bool date_in_schema_range(Date d);

// Today's date in the process's local time zone (TZ): the reference for ÖR2
// ("issueDate may not be in the future").
Date today_local();

// Number of Unicode characters in valid UTF-8 text (XPath string-length);
// invalid bytes count one each.
size_t utf8_length(std::string_view s);

// Trims XML whitespace (space, tab, CR, LF) at both ends, as normalize-space
// does at the ends.
std::string_view trim_xml_space(std::string_view s);

}  // namespace vardavtal::rivta
