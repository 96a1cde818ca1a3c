#include "billing/app/billing_run.h"

#include <set>
#include <stdexcept>

#include "billing/app/pricing_service.h"
#include "ledger/billing_planner.h"
#include "store/ledger_store.h"

namespace vardavtal {

namespace {

std::vector<BillingSeller> sellers_of(Store& store, const std::optional<std::string>& only) {
  LedgerStore ledger(store);
  std::vector<BillingSeller> out;
  for (const std::string& code : store.hospital_codes()) {
    if (only && *only != code) continue;
    if (auto p = ledger.seller_party(code)) out.push_back({p->code, p->county, p->org_number});
  }
  return out;
}

// The seller's agreement years with a subscription.
std::set<int> subscription_years(const Catalogue& catalogue, const std::string& seller) {
  std::set<int> years;
  for (const PricingAgreement* a : catalogue.agreements())
    if (a->terms.seller == seller && a->terms.subscription_share) years.insert(a->terms.year);
  return years;
}

std::optional<int> first_of(const std::set<int>& years) {
  return years.empty() ? std::nullopt : std::optional<int>(*years.begin());
}

// Prices the seller's latest record versions and sorts them against the care
// postings in force; then reads the billed postings that changed versions
// replace.
PricedVersions read_priced_versions(Store& store, const Catalogue& catalogue,
                                    const std::string& seller, const BillingMonths& months) {
  LedgerStore ledger(store);
  const std::unordered_map<std::string, BilledVersion> open = ledger.open_care(seller);
  PricedVersions versions;
  const Date last = months.last_billing_date();
  RecordFilter filter;
  filter.seller = seller;
  price_stored_records(
      store, catalogue, filter, [&](const StoredRecord& s, const PricedRecord& p) {
        auto billed = open.find(s.record.record_id);
        versions.add(seller, s.record, s.version, s.items_version, p,
                     billed == open.end() ? nullptr : &billed->second, last);
      });
  for (PricedVersions::Changed& c : versions.changed) {
    c.billed = ledger.open_posting(c.billed_posting);
    const Posting& old = c.billed.posting;
    if (std::optional<Record> r = ledger.record_version(seller, old.record_id, old.record_version))
      c.billed_record = RecordTraits::of(*r);
  }
  return versions;
}

// Every subscription year up to --through: S is fixed by the first run that
// bills the year and reused; the posted months of the years up to the first
// open month's, for its catch-up.
std::vector<SubscriptionYear> read_subscriptions(Store& store, const Catalogue& catalogue,
                                                 const std::string& seller,
                                                 const std::set<int>& years,
                                                 const BillingMonths& months) {
  LedgerStore ledger(store);
  std::vector<SubscriptionYear> out;
  for (const int year : years) {
    if (year > months.through.year()) break;
    SubscriptionYear& y = out.emplace_back();
    y.year = year;
    if (const PricingAgreement* a = catalogue.agreement(seller, year)) {
      y.agreement_id = a->terms.id;
      y.agreement_version = a->version;
    }
    y.amounts = ledger.subscription_terms(seller, year);
    if (y.amounts.empty()) {
      for (const BuyerSubscription& b : compute_subscriptions(store, catalogue, seller, year).buyers)
        y.amounts[b.buyer] = b.amount;
      y.newly_fixed = true;
    }
    if (year <= months.from.year() && !y.amounts.empty())
      y.posted_months = ledger.subscription_months(seller, year);
  }
  return out;
}

BillingCounters read_counters(LedgerStore& ledger, const BillingInput& in) {
  BillingCounters c;
  c.next_posting_id = ledger.next_posting_id();
  c.last_seq = ledger.last_seq(in.seller.county);
  c.run_id = ledger.next_run_id();
  for (const Period m : months_with_care(in)) {
    const std::string prefix = specification_prefix(in.seller.org_number, m);
    if (!c.last_spec_counter.count(prefix))
      c.last_spec_counter[prefix] = ledger.last_spec_counter(prefix);
  }
  return c;
}

void write_plan(Store& store, const BillingPlan& plan, const BillOptions& o,
                const std::string& seller, int64_t run_id) {
  LedgerStore ledger(store);
  soci::transaction tr(store.sql());
  ledger.record_run(run_id, o.through, seller);
  for (const auto& [year, by_buyer] : plan.fixed_terms)
    ledger.fix_subscription_terms(seller, year, run_id, by_buyer);
  ledger.append(plan.postings, plan.invoices, plan.lines);
  ledger.append_facts(run_id, plan.facts);
  tr.commit();
}

}  // namespace

BillResult run_billing(Store& store, const BillOptions& o) {
  store.require_schema();
  Catalogue catalogue;
  load_catalogue(store, catalogue);
  LedgerStore ledger(store);
  BillResult result;
  const std::vector<BillingSeller> sellers = sellers_of(store, o.seller);
  if (o.seller && sellers.empty()) throw std::invalid_argument("unknown seller " + *o.seller);

  for (const BillingSeller& seller : sellers) {
    const std::set<int> sub_years = subscription_years(catalogue, seller.code);
    const std::optional<Period> last = ledger.last_period(seller.code);
    const std::optional<BillingMonths> months = billing_months(
        last, last ? std::nullopt : ledger.first_billing_date(seller.code), first_of(sub_years),
        o.through);
    if (!months) {
      BillSummary nothing;
      nothing.seller = seller.code;
      result.sellers.push_back(nothing);
      continue;
    }
    // Read.
    BillingInput in;
    in.seller = seller;
    in.months = *months;
    in.issue_date = o.issue_date;
    in.versions = read_priced_versions(store, catalogue, seller.code, *months);
    result.held.insert(result.held.end(), in.versions.held.begin(), in.versions.held.end());
    if (months->open()) {
      in.subscriptions = read_subscriptions(store, catalogue, seller.code, sub_years, *months);
      in.counters = read_counters(ledger, in);
    }
    // Decide.
    const int64_t run_id = in.counters.run_id;
    BillingPlan plan = plan_billing(std::move(in));
    // Write: months up to the last billed are closed, so nothing is written
    // when none is open (what changed waits, and is only counted).
    if (months->open()) {
      write_plan(store, plan, o, seller.code, run_id);
      result.issued.insert(result.issued.end(), plan.invoices.begin(), plan.invoices.end());
    }
    result.sellers.push_back(plan.summary);
  }
  return result;
}

}  // namespace vardavtal
