// Purchaser reconciliation (billing-rules §7): every line of the received
// specifications checked against what the buying region knows, each finding
// with the national credit reason code it would be claimed with. Pure: the
// caller gathers the specifications, residents, referrals and the pricing
// catalogue; nothing here reads files or the database. Not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "billing/reconcile/received_spec.h"
#include "core/money.h"
#include "core/referral.h"
#include "pricing/catalogue.h"

namespace vardavtal {

struct ReconcileInput {
  std::string buyer;  // county code of the purchasing region
  std::vector<ReceivedSpec> specs;
  const Catalogue* catalogue = nullptr;  // the agreements, weights and prices the buyer holds
  // Seller organisation number -> hospital code, for specifications that name
  // the seller only by organisation number ("" when the number is ambiguous).
  std::map<std::string, std::string> seller_by_org;
  // Residence periods and referrals by patient id; `have_*` false when the
  // buyer holds none at all (the check is then skipped and said so).
  std::map<std::string, std::vector<Residence>> residences;
  std::map<std::string, std::vector<Referral>> referrals;
  bool have_residents = false, have_referrals = false;
};

// One finding on one line. reason_code 0: not a claim ("cannot re-price").
struct Finding {
  std::string file, seller, invoice, spec_id;
  int line_id = 0;
  std::string patient_id, care_contact_id;
  int reason_code = 0;
  Money billed;                   // the line's net
  std::optional<Money> expected;  // re-priced net (code 2)
  Money disputed;                 // what the buyer claims back
  std::string message;
};

struct InvoiceTotal {
  std::string seller, invoice, spec_id;
  int lines = 0, findings = 0;
  Money billed, disputed;
};

struct ReconcileReport {
  std::string buyer;
  std::vector<Finding> findings;       // by file order, line, reason code
  std::vector<InvoiceTotal> invoices;  // every specification read, in input order
  std::map<std::string, Money> disputed_by_seller;
  std::vector<std::string> notes;  // checks skipped and why
};

// Runs every check of §7 on every line:
//  1 patient not registered in the buyer region on the care date;
//  2 the net differs from re-pricing under the buyer's agreement (also the
//    amount rules ÖR26 items, ÖR27 gross, ÖR28 net and ÖR5 payable);
//  5 planned care without a valid referral from the buyer (acute care and
//    Riksavtalet chapter 3 need none);
//  6 billed more than six months after the care;
//  7 the same care contact billed twice (within or across specifications,
//    credit notes taken into account);
//  8 care dated after the specification's issue date.
// A line under a credit note is only used for 7. Disputed amounts: the
// whole net for 1, 5, 6, 7 and 8; billed − expected for 2 (when positive).
// In the totals a line with several findings is disputed the largest of
// their amounts (the claims overlap), never more than its net.
ReconcileReport reconcile(const ReconcileInput& in);

}  // namespace vardavtal
