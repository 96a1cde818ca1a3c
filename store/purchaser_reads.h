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

// Whether the table (residents, referrals) holds any row of `county`: what
// the buying region itself knows.
bool buyer_has_rows(Store& store, const std::string& table, const std::string& county);

// Each of `patients`' registration periods in `buyer` (absent: none known).
// Only the buyer's own registrations: a purchaser learns nothing of others.
std::map<std::string, std::vector<Residence>> residences_of(Store& store, const std::string& buyer,
                                                            const std::set<std::string>& patients);

// Referrals issued by `county` naming one of `patients`, by patient.
std::map<std::string, std::vector<Referral>> referrals_of(Store& store, const std::string& county,
                                                          const std::set<std::string>& patients);

// Organisation number (of the owning region) -> hospital code; "" when the
// region owns several hospitals.
std::map<std::string, std::string> sellers_by_org(Store& store);

}  // namespace vardavtal
