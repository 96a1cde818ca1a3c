// The store's reads for purchaser reconciliation (docs/reconcile.md): the
// buying region's residents and referrals for the patients of the received
// specifications, and the hospitals and regions that bill and are billed.
// Latest versions only. Read-only; not thread-safe per Store.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/hospital.h"
#include "core/referral.h"
#include "core/region.h"
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

// Every hospital and every region, latest versions, by code: whom a received
// specification names (its supplier's hospitals, its customer party).
std::vector<Hospital> latest_hospitals(Store& store);
std::vector<Region> latest_regions(Store& store);

}  // namespace vardavtal
