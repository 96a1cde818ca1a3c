// Purchaser reconciliation (docs/reconcile.md#checks): every line of the received
// specifications checked against what the buying region knows, each finding
// with the national credit reason code it would be claimed with. Pure: the
// caller gathers the specifications, residents, referrals and the pricing
// catalogue; nothing here reads files or the database. Not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "billing/documents/received_spec.h"
#include "core/hospital.h"
#include "core/money.h"
#include "core/region.h"
#include "core/referral.h"
#include "pricing/catalogue.h"

namespace vardavtal {

struct ReconcileInput {
  std::string buyer;  // county code of the purchasing region
  std::vector<ReceivedSpec> specs;
  const Catalogue* catalogue = nullptr;  // the agreements, weights and prices the buyer holds
  // The hospitals and regions the buyer knows (latest versions): a line's
  // hospital is found from its care unit, see identify_seller().
  std::vector<Hospital> hospitals;
  std::vector<Region> regions;
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
  Money disputed;                 // what this finding alone claims back
  // What the finding adds to its invoice's disputed total: a line with
  // several findings is claimed once, by the largest of their amounts (the
  // claims overlap) and never more than its net; that finding carries it,
  // the others 0. Σ counted over an invoice's findings = its disputed total.
  Money counted;
  std::string message;     // Swedish, with Swedish numbers: for people
  std::string message_en;  // the same in English: the JSON API's message_en
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
  std::vector<std::string> notes;     // checks skipped and why (Swedish)
  std::vector<std::string> notes_en;  // the same in English
  // The patients of the lines checked (run_reconcile fills it; repeats
  // allowed): what the access log records of the reconciliation.
  std::vector<std::string> patients;
};

// The hospital that gave a line's care, as the buyer knows it: `code` empty
// when none is known, `why` then says what was looked for.
struct SellerMatch {
  std::string code;
  std::string why;     // Swedish
  std::string why_en;  // English
};

// Which known hospital gave the care of line `l` of `s`:
//  1. the hospital code of this product's CSV, when the buyer knows it;
//  2. among the hospitals of the specification's supplier (organisation
//     number; every known hospital when the file names none), the one whose
//     HSA id is the line's care unit id, else the one whose name is the care
//     unit's name (careUnitName);
//  3. the supplier's only hospital, when the organisation number names one.
// A region with several hospitals (one organisation number) is thus told
// apart by the care unit; a care unit that names none of them is not guessed.
SellerMatch identify_seller(const ReconcileInput& in, const ReceivedSpec& s,
                            const ReceivedLine& l);

// The specifications not addressed to `in.buyer`: their customer party (the
// buyer's organisation number; this product's CSV: its buyer column) is
// another region, or no region known. One message per such file, naming the
// region it is addressed to (Swedish: it is shown to the user). A file that
// names no customer party is taken as the buyer's.
struct Message {  // a text in Swedish (for people) and English (the API's)
  std::string sv, en;
};
std::vector<Message> addressed_elsewhere(const ReconcileInput& in);

// Runs every check of §7 on every line:
//  1 patient not registered in the buyer region on the care date;
//  2 the net differs from re-pricing under the buyer's agreement (also the
//    amount rules ÖR26 items, ÖR27 gross, ÖR28 net and ÖR5 payable); a
//    tariff (TAR-) differs from the catalogue's tariff × units (§8.1); an
//    AT-COST amount exceeds max(0, Σ stated costs − threshold) (§8.2; a
//    note, code 0, when no costs are stated);
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
