#include "billing/app/settle_run.h"

#include <memory>

#include "billing/app/usage_error.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"
#include "store/settlement_reads.h"

namespace vardavtal {

namespace {

bool settles(const PricingAgreement* a) {
  return a && (a->terms.settlement_share || a->terms.has_commitment());
}

// The sellers the run settles, with their agreement of the year.
std::vector<std::pair<BillingSeller, const PricingAgreement*>> sellers_of(
    Store& store, const Catalogue& catalogue, const SettleOptions& o) {
  LedgerStore ledger(store);
  std::vector<std::pair<BillingSeller, const PricingAgreement*>> out;
  for (const std::string& code : store.hospital_codes()) {
    if (o.seller && *o.seller != code) continue;
    const PricingAgreement* a = catalogue.agreement(code, o.year);
    if (!settles(a)) {
      if (o.seller)
        throw UsageError("the " + std::to_string(o.year) + " agreement of " + code +
                         (a ? " has neither [settlement] nor [commitment]" : " does not exist"));
      continue;
    }
    if (auto p = ledger.seller_party(code)) out.push_back({{p->code, p->county, p->org_number}, a});
  }
  return out;
}

// The seller's last billed month, refusing a year not billed to its end.
Period require_year_billed(Store& store, const std::string& seller, int year) {
  const std::optional<Period> last = LedgerStore(store).last_period(seller);
  if (last && *last >= Period(year, 12)) return *last;
  throw SettleRefused(seller + ": " + std::to_string(year) + " is " +
                      (last ? "billed through " + last->str() : "not billed") +
                      "; settle needs all twelve months billed (run bill --through " +
                      std::to_string(year) + "-12 first)");
}

// A settlement needs the KPP cost of every billed record of the year.
void require_kpp_costs(Store& store, const std::string& seller, int year) {
  const MissingKppCost missing = billed_without_kpp_cost(store, seller, year);
  if (missing.count == 0) return;
  std::string ids;
  for (const std::string& id : missing.record_ids) ids += (ids.empty() ? "" : ", ") + id;
  if (missing.count > static_cast<int64_t>(missing.record_ids.size())) ids += ", ...";
  throw SettleRefused(seller + ": " + std::to_string(year) + " cannot be settled: " +
                      std::to_string(missing.count) +
                      " billed records have no KPP cost (import their kpp_cost and bill): " + ids);
}

SettlementInput input_of(Store& store, const BillingSeller& seller, const PricingAgreement* a,
                         Period last, const SettleOptions& o) {
  LedgerStore ledger(store);
  SettlementInput in;
  in.seller = seller;
  in.year = o.year;
  in.agreement = a;
  in.buyers = settlement_buyers(store, seller.code, o.year);
  in.counters.run_id = ledger.next_run_id();
  in.counters.next_posting_id = ledger.next_posting_id();
  in.counters.last_seq = ledger.last_seq(seller.county);
  in.issue_date = o.issue_date.value_or(default_issue_date(last));
  return in;
}

// Appends the plan; the run is recorded (through the last billed month, with
// the watermark of the seller's latest billing run) when it posted anything.
void append(Store& store, const std::string& seller, Period last, const SettlementPlan& plan) {
  if (plan.postings.empty()) return;
  LedgerStore ledger(store);
  ledger.record_run(plan.next_counters.run_id, last, seller, ledger.last_run_watermark(seller));
  ledger.append(plan.postings, plan.invoices, plan.lines);
  append_settlement_bases(store, plan.bases);
}

}  // namespace

SettleResult run_settle(Store& store, const SettleOptions& o) {
  const std::shared_ptr<const Catalogue> catalogue = current_catalogue(store);
  const auto sellers = sellers_of(store, *catalogue, o);
  // Every seller is checked before any is settled: a refusal writes nothing.
  std::vector<Period> last;
  for (const auto& [seller, a] : sellers) {
    last.push_back(require_year_billed(store, seller.code, o.year));
    if (a->terms.settlement_share) require_kpp_costs(store, seller.code, o.year);
  }
  SettleResult result;
  for (size_t i = 0; i < sellers.size(); ++i) {
    const auto& [seller, a] = sellers[i];
    soci::transaction tr(store.sql());
    const SettlementPlan plan = plan_settlement(input_of(store, seller, a, last[i], o));
    append(store, seller.code, last[i], plan);
    if (o.dry_run)
      tr.rollback();
    else
      tr.commit();
    result.sellers.push_back({seller.code, plan.bases, plan.invoices});
  }
  return result;
}

}  // namespace vardavtal
