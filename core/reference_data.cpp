#include "core/agreement.h"
#include "core/hospital.h"
#include "core/region.h"

namespace vardavtal {

const std::vector<Region>& builtin_regions() {
  static const std::vector<Region> regions = {
      {"01", "Region Stockholm", "2321000016", "Stockholm-Gotland"},
      {"03", "Region Uppsala", "2321000024", "Mellansverige"},
      {"04", "Region Sörmland", "2321000032", "Mellansverige"},
      {"05", "Region Östergötland", "2321000040", "Sydöstra"},
      {"06", "Region Jönköpings län", "2321000057", "Sydöstra"},
      {"07", "Region Kronoberg", "2321000065", "Södra"},
      {"08", "Region Kalmar län", "2321000073", "Sydöstra"},
      {"09", "Region Gotland", "2120000803", "Stockholm-Gotland"},
      {"10", "Region Blekinge", "2321000081", "Södra"},
      {"12", "Region Skåne", "2321000255", "Södra"},
      {"13", "Region Halland", "2321000115", "Södra"},
      {"14", "Västra Götalandsregionen", "2321000131", "Västra"},
      {"17", "Region Värmland", "2321000156", "Mellansverige"},
      {"18", "Region Örebro län", "2321000164", "Mellansverige"},
      {"19", "Region Västmanland", "2321000172", "Mellansverige"},
      {"20", "Region Dalarna", "2321000180", "Mellansverige"},
      {"21", "Region Gävleborg", "2321000198", "Mellansverige"},
      {"22", "Region Västernorrland", "2321000206", "Norra"},
      {"23", "Region Jämtland Härjedalen", "2321000214", "Norra"},
      {"24", "Region Västerbotten", "2321000222", "Norra"},
      {"25", "Region Norrbotten", "2321000230", "Norra"},
  };
  return regions;
}

const std::vector<Hospital>& builtin_hospitals() {
  static const std::vector<Hospital> hospitals = {
      // Bankgiro numbers are demo values (valid form and check digit), not the
      // regions' real accounts: import hospitals.csv with `bankgiro` to set them.
      {"AS", "Akademiska sjukhuset", "03", HospitalKind::university, "", "5050-1055"},
      {"USO", "Universitetssjukhuset Örebro", "18", HospitalKind::university, "", "5051-2342"},
      // Region Uppsala's county hospital: a second hospital under the region's
      // organisation number, told apart by its care unit. The HSA id has the
      // national form (SE + organisation number + "-" + code) but is a demo value.
      {"ENK", "Lasarettet i Enköping", "03", HospitalKind::county, "SE2321000024-ENK1",
       "5052-0600"},
  };
  return hospitals;
}

std::string_view to_string(OutlierMethod m) {
  switch (m) {
    case OutlierMethod::kpp: return "kpp";
    case OutlierMethod::surcharge: return "surcharge";
    case OutlierMethod::none: return "none";
  }
  return "?";
}

std::optional<OutlierMethod> parse_outlier_method(std::string_view text) {
  for (OutlierMethod m : {OutlierMethod::kpp, OutlierMethod::surcharge, OutlierMethod::none})
    if (text == to_string(m)) return m;
  return std::nullopt;
}

}  // namespace vardavtal
