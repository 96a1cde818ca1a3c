// Hospital (säljare): a selling hospital, its owning region and kind.
#pragma once

#include <string>
#include <vector>

#include "core/codes.h"

namespace vardavtal {

struct Hospital {
  std::string code;    // short code, "AS"
  std::string name;    // "Akademiska sjukhuset"
  std::string region;  // owning region's county code, "03"
  HospitalKind kind = HospitalKind::university;
  std::string hsa_id;  // optional HSA id, empty when unknown
  std::string bankgiro;  // optional, "NNNN-NNNN" (Peppol payment means); empty when unknown
};

// The demo's Mellansverige hospitals, built in: the university hospitals AS
// and USO, and Region Uppsala's county hospital ENK (Lasarettet i Enköping).
const std::vector<Hospital>& builtin_hospitals();

}  // namespace vardavtal
