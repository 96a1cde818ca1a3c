// AccountMap: how a seller's invoices are booked in its general ledger
// (docs/erp.md), read from the accounts.toml its finance department owns:
// the receivable account, a revenue account per kind of revenue, and the SIE
// dimension whose objects are the buying regions. Value type; any thread.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "importers/import_error.h"

namespace vardavtal {

struct LedgerAccount {
  std::string number;  // digits, as the ERP's chart of accounts has it ("1510")
  std::string name;    // empty: the number alone
  bool operator==(const LedgerAccount&) const = default;
};

// The kinds of revenue an invoice line books (billing rules: care with its
// DRG, outliers and tariffs; price-list items, at cost included; the
// subscription's installments; the year-end settlement; a volume
// commitment's true-up).
enum class RevenueKind { care, items, subscription, settlement, commitment };
inline constexpr RevenueKind kRevenueKinds[] = {RevenueKind::care, RevenueKind::items,
                                                RevenueKind::subscription, RevenueKind::settlement,
                                                RevenueKind::commitment};
const char* key_of(RevenueKind k);  // "care", "items", ...

struct AccountMap {
  std::string series = "F";              // the verification series (#VER)
  std::string company_name, org_number;  // empty: the seller's region's
  LedgerAccount receivable;
  std::map<RevenueKind, LedgerAccount> revenue;  // care and items required
  int dimension = 0;                             // SIE dimension number (1-99)
  std::string dimension_name;
  std::map<std::string, std::string> objects;  // county code -> object id (default: the code)

  // The buyer region's object in the dimension.
  std::string object_of(const std::string& county) const {
    auto it = objects.find(county);
    return it == objects.end() ? county : it->second;
  }
};

// Reads and validates accounts.toml; nullopt with every error in `errors`
// (file:line:column, the key, what was expected and what was found).
std::optional<AccountMap> read_account_map(const std::string& path, ErrorList& errors);

}  // namespace vardavtal
