// The store's reads for the follow-up tables (billing-rules §6): invoiced
// amounts from issued invoices and credit notes, and contacts from the care
// postings in force. Read-only; not thread-safe per Store.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "core/money.h"
#include "store/store.h"

namespace vardavtal {

// Invoiced (invoices − credit notes) per buyer and billed year, for one seller.
std::map<std::pair<std::string, int>, Money> invoiced_by_buyer_year(Store& store,
                                                                   const std::string& seller,
                                                                   int from_year, int to_year);

// Care contacts billed (care postings in force, i.e. not reversed) per care
// type and billing year, for one seller.
std::map<std::pair<std::string, int>, long long> contacts_by_type_year(Store& store,
                                                                      const std::string& seller,
                                                                      int from_year, int to_year);

// Region display names by county code (latest versions).
std::map<std::string, std::string> region_names(Store& store);

}  // namespace vardavtal
