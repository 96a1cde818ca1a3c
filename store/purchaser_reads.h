// The store's reads for purchaser reconciliation (billing-rules §7): the
// buying region's residents and referrals for the patients of the received
// specifications, and which hospital bills under an organisation number.
// Latest versions only. Read-only; not thread-safe per Store.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/referral.h"
#include "store/store.h"

namespace vardavtal {

// Whether the table holds any row (residents, referrals).
bool table_has_rows(Store& store, const std::string& table);

// Registration periods of each of `patients` (absent: none known).
std::map<std::string, std::vector<Residence>> residences_of(Store& store,
                                                            const std::set<std::string>& patients);

// Referrals issued by `county` naming one of `patients`, by patient.
std::map<std::string, std::vector<Referral>> referrals_of(Store& store, const std::string& county,
                                                          const std::set<std::string>& patients);

// Organisation number (of the owning region) -> hospital code; "" when the
// region owns several hospitals.
std::map<std::string, std::string> sellers_by_org(Store& store);

}  // namespace vardavtal
