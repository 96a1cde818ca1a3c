// The store's side of `vardavtal settle` (billing rules §8.4, §8.5;
// docs/ledger.md#year-end-settlement): what each buyer's agreement year
// holds when it is settled, the bases stored beside the true-up postings,
// and what was settled per seller and year for the follow-up. Not
// thread-safe per Store.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ledger/settlement.h"
#include "store/store.h"

namespace vardavtal {

// Every buyer of `seller` with postings or settlements in agreement `year`
// (by billing date), in buyer order: I (care, corrections, installments) and
// D (DRG points in force) from the follow-up aggregates, C from the care
// postings in force and the KPP cost of their records' latest versions, and
// what earlier settle runs issued.
std::vector<SettlementBuyer> settlement_buyers(Store& store, const std::string& seller, int year);

// The seller's care postings in force of `year` whose record's latest
// version has no KPP cost: how many, and the first `limit` record ids in id order.
struct MissingKppCost {
  int64_t count = 0;
  std::vector<std::string> record_ids;
};
MissingKppCost billed_without_kpp_cost(Store& store, const std::string& seller, int year,
                                       size_t limit = 10);

// The sellers with true-ups posted for agreement `year`.
std::set<std::string> settled_sellers(Store& store, int year);

// Appends the bases of posted true-ups (posting_id != 0), in the caller's
// transaction.
void append_settlement_bases(Store& store, const std::vector<SettlementBasis>& bases);

// The basis of a settlement or commitment posting; nullopt when none.
std::optional<SettlementBasis> settlement_basis_of(Store& store, int64_t posting_id);

// What `buyer` was settled by each seller and agreement year (signed; the
// sum of the postings, i.e. the latest due).
struct SettledRow {
  std::string seller;
  int year = 0;
  Money settlement, commitment;
};
std::vector<SettledRow> settled_by_seller_year(Store& store, const std::string& buyer,
                                               int from_year, int to_year);

}  // namespace vardavtal
