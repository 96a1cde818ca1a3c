#include "billing/app/settle_run.h"

#include <memory>
#include <optional>

#include "billing/app/billing_run.h"
#include "billing/app/invoices.h"
#include "billing/app/usage_error.h"
#include "store/audit.h"
#include "store/ledger_store.h"
#include "store/month_store.h"
#include "store/pricing_reads.h"
#include "store/run_lock.h"
#include "store/settlement_reads.h"
#include "store/write_transaction.h"

namespace vardavtal {

namespace {

bool settles(const PricingAgreement* a) {
  return a && (a->terms.settlement_share || a->terms.has_commitment());
}

struct SellerYear {
  BillingSeller seller;
  const PricingAgreement* agreement = nullptr;
  Period last;  // the seller's last billed month
};

// The sellers the run settles: those whose agreement of the year settles,
// and those settled before under terms their agreement no longer has.
std::vector<SellerYear> sellers_of(Store& store, const Catalogue& catalogue,
                                   const SettleOptions& o) {
  LedgerStore ledger(store);
  const std::set<std::string> settled = settled_sellers(store, o.year);
  std::vector<SellerYear> out;
  for (const std::string& code : store.hospital_codes()) {
    if (o.seller && *o.seller != code) continue;
    const PricingAgreement* a = catalogue.agreement(code, o.year);
    if (!settles(a) && !(a && settled.count(code))) {
      if (o.seller)
        throw UsageError("the " + std::to_string(o.year) + " agreement of " + code +
                             (a ? " has neither [settlement] nor [commitment]" : " does not exist"),
                         (a ? "avtalet " + std::to_string(o.year) + " för " + code +
                                  " har varken [settlement] eller [commitment]"
                            : "det finns inget avtal " + std::to_string(o.year) + " för " + code));
      continue;
    }
    if (auto p = ledger.seller_party(code))
      out.push_back({{p->code, p->county, p->org_number}, a, Period(o.year, 12)});
  }
  return out;
}

// The seller's last billed month, refusing a year not billed to its end.
Period require_year_billed(Store& store, const std::string& seller, int year) {
  const std::optional<Period> last = LedgerStore(store).last_period(seller);
  if (last && *last >= Period(year, 12)) return *last;
  throw SettleRefused(
      seller + ": " + std::to_string(year) + " is " +
          (last ? "billed through " + last->str() : "not billed") +
          "; settle needs all twelve months billed (run bill --through " + std::to_string(year) +
          "-12 first)",
      seller + ": " + std::to_string(year) + " är " +
          (last ? "fakturerat till och med " + last->str() : "inte fakturerat") +
          "; settle kräver årets alla tolv månader fakturerade (kör först bill --through " +
          std::to_string(year) + "-12)");
}

// A settlement needs the KPP cost of every billed record of the year.
void require_kpp_costs(Store& store, const std::string& seller, int year) {
  const MissingKppCost missing = billed_without_kpp_cost(store, seller, year);
  if (missing.count == 0) return;
  std::string ids;
  for (const std::string& id : missing.record_ids) ids += (ids.empty() ? "" : ", ") + id;
  if (missing.count > static_cast<int64_t>(missing.record_ids.size())) ids += ", ...";
  throw SettleRefused(
      seller + ": " + std::to_string(year) +
          " cannot be settled: " + std::to_string(missing.count) +
          " billed records have no KPP cost (import their kpp_cost and bill): " + ids,
      seller + ": " + std::to_string(year) +
          " kan inte avräknas: " + std::to_string(missing.count) +
          (missing.count == 1 ? " fakturerad vårdkontakt saknar KPP-kostnad (importera dess "
                              : " fakturerade vårdkontakter saknar KPP-kostnad (importera deras ") +
          "kpp_cost och fakturera): " + ids);
}

// What `bill` would post next must be posted first: a correction imported
// since (a new DRG, another buyer) changes I and D, and C is read from the
// latest versions. A dry run through the last billed month counts what waits.
void require_nothing_waiting(Store& store, const std::string& seller, Period last) {
  BillOptions b;
  b.through = last;
  b.seller = seller;
  b.dry_run = true;
  b.reprice = true;
  const BillResult r = run_billing(store, b);
  long long waiting = 0;
  for (const BillSummary& s : r.sellers) waiting += s.waiting;
  if (waiting == 0) return;
  throw SettleRefused(
      seller + ": " + std::to_string(waiting) +
          " corrections or late records wait for the next billing month; bill them "
          "first (bill --through " +
          last.next().str() + "), then settle",
      seller + ": " + std::to_string(waiting) +
          (waiting == 1 ? " rättelse eller sen vårdkontakt väntar på nästa "
                          "faktureringsmånad; fakturera den först (bill --through "
                        : " rättelser eller sena vårdkontakter väntar på nästa "
                          "faktureringsmånad; fakturera dem först (bill --through ") +
          last.next().str() + "), avräkna sedan");
}

// Every check before anything is written: a refusal leaves the database as it was.
void check(Store& store, SellerYear& s, const SettleOptions& o) {
  s.last = require_year_billed(store, s.seller.code, o.year);
  const Agreement& terms = s.agreement->terms;
  if (terms.settlement_share) require_kpp_costs(store, s.seller.code, o.year);
  if (terms.has_commitment() && !s.agreement->point_price)
    throw SettleRefused(s.seller.code + ": " + s.agreement->point_price_error,
                        s.seller.code + ": " + s.agreement->point_price_error_sv);
  require_nothing_waiting(store, s.seller.code, s.last);
  if (o.issue_date && *o.issue_date <= Period(o.year, 12).last_day())
    throw UsageError(
        "--issue-date must be after the settled year, not " + format_iso(*o.issue_date),
        "--issue-date ska ligga efter det avräknade året, inte " + format_iso(*o.issue_date));
  // A true-up belongs to the month before its issue date (docs/erp.md): not
  // to one closed and booked already.
  const Period month = month_before(o.issue_date.value_or(default_issue_date(s.last)));
  if (MonthStore(store).closed(s.seller.code, month))
    throw SettleRefused(s.seller.code + ": " + month.str() +
                            " is closed, and a settlement issued now belongs to it; bill the next "
                            "month first (bill --through " +
                            month.next().str() + "), then settle before closing it",
                        s.seller.code + ": " + month.str() +
                            " är stängd, och en avräkning som utfärdas nu hör till den; fakturera "
                            "först nästa månad (bill --through " +
                            month.next().str() + "), avräkna sedan innan den stängs");
}

SettlementInput input_of(Store& store, const SellerYear& s, const SettleOptions& o,
                         const BillingCounters& counters) {
  SettlementInput in;
  in.seller = s.seller;
  in.year = o.year;
  in.agreement = s.agreement;
  in.buyers = settlement_buyers(store, s.seller.code, o.year);
  in.counters = counters;
  in.issue_date = o.issue_date.value_or(default_issue_date(s.last));
  return in;
}

}  // namespace

SettleResult run_settle(Store& store, const SettleOptions& o) {
  std::optional<RunLock> lock;  // one run that issues at a time
  if (!o.dry_run) lock.emplace(store, "settle");
  const std::shared_ptr<const Catalogue> catalogue = current_catalogue(store);
  std::vector<SellerYear> sellers = sellers_of(store, *catalogue, o);
  for (SellerYear& s : sellers) check(store, s, o);
  // One transaction for the run: every seller's true-ups, or none.
  LedgerStore ledger(store);
  SettleResult result;
  WriteTransaction tr(store);
  BillingCounters counters{ledger.next_run_id(), ledger.next_posting_id(), 0, {}};
  for (const SellerYear& s : sellers) {
    counters.last_seq = ledger.last_seq(s.seller.county);
    const SettlementPlan plan = plan_settlement(input_of(store, s, o, counters));
    if (!plan.postings.empty()) {
      ledger.record_run(counters.run_id, s.last, s.seller.code,
                        ledger.last_run_watermark(s.seller.code));
      ledger.append(plan.postings, plan.invoices, plan.lines);
      append_settlement_bases(store, plan.bases);
      counters = plan.next_counters;
      ++counters.run_id;
    }
    result.sellers.push_back({s.seller.code, plan.bases, plan.invoices});
  }
  if (o.dry_run) {
    tr.rollback();
    return result;
  }
  std::vector<Invoice> issued;
  for (const SettleSeller& s : result.sellers)
    issued.insert(issued.end(), s.issued.begin(), s.issued.end());
  if (!o.audit_who.empty() && !issued.empty())
    append_audit_row(store, o.audit_who, "settle",
                     "year " + std::to_string(o.year) + (o.seller ? " seller " + *o.seller : "") +
                         ": " + issued_text(issued));
  tr.commit();
  return result;
}

}  // namespace vardavtal
