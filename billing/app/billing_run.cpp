#include "billing/app/billing_run.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>

#include "billing/app/pricing_service.h"
#include "ledger/followup_facts.h"
#include "ledger/posting.h"
#include "store/ledger_store.h"

namespace vardavtal {

namespace {

struct SellerInfo {
  std::string code, county, org_number;
};

std::vector<SellerInfo> sellers_of(Store& store, const std::optional<std::string>& only) {
  LedgerStore ledger(store);
  std::vector<SellerInfo> out;
  for (const std::string& code : store.hospital_codes()) {
    if (only && *only != code) continue;
    if (auto p = ledger.seller_party(code)) out.push_back({p->code, p->county, p->org_number});
  }
  return out;
}

// Postings to put on invoices, by month.
struct Pending {
  std::vector<Posting> care;            // new care postings
  std::vector<RecordFacts> care_facts;  // their records' follow-up facts
  std::vector<Posting> reversals;       // with the line they reverse
  std::vector<const OpenPosting*> reversed;
  std::vector<RecordFacts> reversal_facts;
};

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

// The installment months (1-12) of a year that a subscription invoice bills,
// up to `last` (the invoice's month in its own year, 12 in an earlier year):
// `last` alone, or on the run's first open month (`catch_up`) every month up
// to `last` that was never posted.
std::vector<unsigned> installment_months(unsigned last, bool catch_up,
                                         const std::set<unsigned>& posted) {
  if (!catch_up) return {last};
  std::vector<unsigned> out;
  for (unsigned k = 1; k <= last; ++k)
    if (!posted.count(k)) out.push_back(k);
  return out;
}

RecordFacts facts_of(const Record& r, FollowupFacts& facts) {
  return {r.care_type, facts.intern(r.clinic), !r.referral_id.empty(), r.kpp_cost};
}

}  // namespace

BillResult run_billing(Store& store, const BillOptions& o) {
  if (!is_period(o.through)) throw std::invalid_argument("--through takes YYYY-MM");
  store.require_schema();
  Catalogue catalogue;
  load_catalogue(store, catalogue);
  LedgerStore ledger(store);
  BillResult result;
  const std::vector<SellerInfo> sellers = sellers_of(store, o.seller);
  if (o.seller && sellers.empty()) throw std::invalid_argument("unknown seller " + *o.seller);

  for (const SellerInfo& seller : sellers) {
    BillSummary sum;
    sum.seller = seller.code;
    const std::string last = ledger.last_period(seller.code);
    const std::set<int> sub_years = subscription_years(catalogue, seller.code);
    std::string from;
    if (!last.empty()) {
      from = next_period(last);
    } else {
      auto first = first_billed_period(ledger.first_billing_date(seller.code), first_of(sub_years));
      if (!first) {
        result.sellers.push_back(sum);
        continue;
      }
      from = *first;
    }
    // Months up to `last` are closed: what changed since waits for the next
    // open month (a later --through), and is only counted here.
    const bool open_months = from <= o.through;
    if (open_months) {
      sum.from_period = from;
      sum.to_period = o.through;
    }
    const Date through_end = last_day(open_months ? o.through : from);

    // 1. Price the latest versions and decide what to post.
    const std::unordered_map<std::string, LedgerStore::OpenCare> open =
        ledger.open_care(seller.code);
    std::map<std::string, Pending> by_month;  // YYYY-MM -> postings
    FollowupFacts facts;
    auto month_for = [&](Date billing) { return std::max(from, period_of(billing)); };
    // New versions of billed records: decided after the pass, when their billed
    // postings are read (few; the open postings are kept compact).
    struct Changed {
      Posting next;
      RecordFacts facts;
      int64_t billed_posting = 0;
    };
    std::vector<Changed> changed;
    RecordFilter filter;
    filter.seller = seller.code;
    price_stored_records(
        store, catalogue, filter, [&](const StoredRecord& s, const PricedRecord& p) {
          const Date bd = billing_date(s.record);
          if (date::sys_days{bd} > date::sys_days{through_end}) return;
          auto current = open.find(s.record.record_id);
          const bool posted = current != open.end();
          if (posted && current->second.record_version == s.version &&
              current->second.items_version == s.items_version)
            return;  // this version is billed already
          if (p.held != HeldReason::none) {
            result.held.push_back(
                {seller.code, s.record.record_id,
                 std::string(to_string(p.held)) + ": " + held_message(p, s.record), bd});
            return;  // a held new version leaves the billed one in force
          }
          Posting next = care_posting(s.record, s.version, s.items_version, p);
          if (posted) {
            changed.push_back(
                {std::move(next), facts_of(s.record, facts), current->second.posting_id});
            return;
          }
          Pending& m = by_month[month_for(bd)];
          m.care.push_back(std::move(next));
          m.care_facts.push_back(facts_of(s.record, facts));
        });
    std::deque<OpenPosting> reversed;  // stable addresses for Pending::reversed
    for (Changed& c : changed) {
      const OpenPosting& old = reversed.emplace_back(ledger.open_posting(c.billed_posting));
      const int reason = correction_reason(old.posting, c.next);
      if (reason == 0) {  // nothing invoiced changed
        reversed.pop_back();
        continue;
      }
      // The billed record version, for the follow-up facts the reversal takes back.
      std::optional<Record> rec =
          ledger.record_version(seller.code, old.posting.record_id, old.posting.record_version);
      if (!rec) throw std::logic_error("posted record version missing: " + old.posting.record_id);
      Pending& r = by_month[month_for(old.posting.billing_date)];
      r.reversals.push_back(reversal_of(old.posting, reason));
      r.reversed.push_back(&old);
      r.reversal_facts.push_back(facts_of(*rec, facts));
      Pending& m = by_month[month_for(c.next.billing_date)];
      m.care.push_back(std::move(c.next));
      m.care_facts.push_back(c.facts);
    }

    if (!open_months) {
      for (const auto& [m, pend] : by_month)
        sum.waiting += static_cast<long long>(pend.care.size() + pend.reversals.size());
      result.sellers.push_back(sum);
      continue;
    }

    // 2. Every subscription year up to --through (the first open month
    //    catches up the unposted installments of earlier ones): S is fixed by
    //    the first run that bills the year (subscription_terms) and reused.
    std::map<int, std::map<std::string, std::array<Money, 12>>> installments_by_year;
    std::map<int, std::map<std::string, Money>> newly_fixed;
    for (const int year : sub_years) {
      if (year > year_of(first_day(o.through))) break;
      auto& year_map = installments_by_year[year];
      std::map<std::string, Money> fixed = ledger.subscription_terms(seller.code, year);
      if (fixed.empty()) {
        for (const BuyerSubscription& b :
             compute_subscriptions(store, catalogue, seller.code, year).buyers)
          fixed[b.buyer] = b.amount;
        newly_fixed[year] = fixed;
      }
      for (const auto& [buyer, amount] : fixed) year_map[buyer] = installments(amount);
    }

    // 3. Invoices, month by month.
    std::vector<Posting> postings;
    std::vector<Invoice> invoices;
    std::vector<InvoiceLine> lines;
    int64_t posting_id = ledger.next_posting_id();
    int64_t seq = ledger.last_seq(seller.county);
    const int64_t run_id = ledger.next_run_id();
    std::map<std::string, int64_t> spec_counters;
    auto new_invoice = [&](InvoiceType type, BillingKind kind, const std::string& buyer,
                           const std::string& period) {
      Invoice inv;
      inv.seller = seller.code;
      inv.seq = ++seq;
      inv.number = invoice_number(seller.county, inv.seq);
      inv.run_id = run_id;
      inv.type = type;
      inv.kind = kind;
      inv.buyer = buyer;
      inv.period = period;
      inv.issue_date = o.issue_date.value_or(default_issue_date(period));
      inv.due_date = due_date(inv.issue_date);
      if (kind == BillingKind::care) {
        const std::string prefix = specification_id(seller.org_number, period, 0).substr(0, 17);
        auto [it, fresh] = spec_counters.try_emplace(prefix, 0);
        if (fresh) it->second = ledger.last_spec_counter(prefix);
        inv.spec_id = specification_id(seller.org_number, period, ++it->second);
      }
      return inv;
    };
    auto add_line = [&](Invoice& inv, Posting& p, InvoiceLine line, const RecordFacts* record) {
      p.id = posting_id++;
      p.run_id = run_id;
      line.seller = inv.seller;
      line.number = inv.number;
      line.line_no = ++inv.lines;
      line.posting_id = p.id;
      line.amount = inv.type == InvoiceType::credit ? -p.amount : p.amount;
      line.late = p.kind != PostingKind::subscription && is_late(p.billing_date, inv.issue_date);
      inv.total += line.amount;
      inv.late_lines += line.late ? 1 : 0;
      facts.add(p, static_cast<int>(first_day(inv.period).year()), record);
      postings.push_back(std::move(p));  // not used after its line
      lines.push_back(std::move(line));
    };
    for (std::string m = from; m <= o.through; m = next_period(m)) {
      Pending& pend = by_month[m];
      // Care invoices per buyer, lines by billing date and record id.
      std::map<std::string, std::vector<size_t>> care_by_buyer;
      for (size_t i = 0; i < pend.care.size(); ++i) care_by_buyer[pend.care[i].buyer].push_back(i);
      for (auto& [buyer, ps] : care_by_buyer) {
        std::sort(ps.begin(), ps.end(), [&](size_t a, size_t b) {
          return std::tie(pend.care[a].billing_date, pend.care[a].record_id) <
                 std::tie(pend.care[b].billing_date, pend.care[b].record_id);
        });
        Invoice inv = new_invoice(InvoiceType::invoice, BillingKind::care, buyer, m);
        for (size_t i : ps) add_line(inv, pend.care[i], {}, &pend.care_facts[i]);
        ++sum.care_invoices;
        sum.care_postings += static_cast<long long>(ps.size());
        sum.invoiced += inv.total;
        invoices.push_back(std::move(inv));
      }
      // Credit notes: one per original invoice.
      std::map<std::string, std::vector<size_t>> by_original;
      for (size_t i = 0; i < pend.reversals.size(); ++i)
        by_original[pend.reversed[i]->number].push_back(i);
      for (auto& [original, idx] : by_original) {
        const OpenPosting& first = *pend.reversed[idx.front()];
        Invoice inv = new_invoice(InvoiceType::credit, BillingKind::care, first.posting.buyer, m);
        inv.reference_number = original;
        for (size_t i : idx) {
          InvoiceLine line;
          line.reference_number = pend.reversed[i]->number;
          line.reference_line = pend.reversed[i]->line_no;
          line.reason_code = pend.reversals[i].reason_code;
          add_line(inv, pend.reversals[i], std::move(line), &pend.reversal_facts[i]);
        }
        ++sum.credit_notes;
        sum.reversals += static_cast<long long>(idx.size());
        sum.credited += inv.total;
        invoices.push_back(std::move(inv));
      }
      // Subscription invoices, one per buyer: the month's installment and, on
      // the run's first open month, every installment of this or an earlier
      // subscription year that was never posted (an agreement imported after
      // its months were billed), in date order.
      const Date month_start = first_day(m);
      const int year = year_of(month_start);
      const bool catch_up = m == from;
      std::map<std::string, std::vector<Posting>> due_by_buyer;
      for (const auto& [y, by_buyer] : installments_by_year) {
        if (y > year || (y < year && !catch_up) || by_buyer.empty()) continue;
        std::map<std::string, std::set<unsigned>> posted;
        if (catch_up) posted = ledger.subscription_months(seller.code, y);
        const unsigned last = y == year ? static_cast<unsigned>(month_start.month()) : 12;
        const PricingAgreement* a = catalogue.agreement(seller.code, y);
        for (const auto& [buyer, inst] : by_buyer)
          for (unsigned k : installment_months(last, catch_up, posted[buyer])) {
            if (inst[k - 1].ore() == 0) continue;
            Posting& p = due_by_buyer[buyer].emplace_back();
            p.kind = PostingKind::subscription;
            p.seller = seller.code;
            p.buyer = buyer;
            p.billing_date = date::year{y} / date::month{k} / 1;
            p.amount = inst[k - 1];
            p.agreement_id = a->terms.id;
            p.agreement_version = a->version;
          }
      }
      for (auto& [buyer, due] : due_by_buyer) {
        Invoice inv = new_invoice(InvoiceType::invoice, BillingKind::subscription, buyer, m);
        for (Posting& p : due) add_line(inv, p, {}, nullptr);
        ++sum.subscription_invoices;
        sum.subscription_postings += static_cast<long long>(due.size());
        sum.invoiced += inv.total;
        invoices.push_back(std::move(inv));
      }
    }
    for (const Invoice& inv : invoices) {
      sum.lines += inv.lines;
      sum.late_lines += inv.late_lines;
    }
    soci::transaction tr(store.sql());
    ledger.record_run(run_id, o.through, seller.code);
    for (const auto& [year, by_buyer] : newly_fixed)
      ledger.fix_subscription_terms(seller.code, year, run_id, by_buyer);
    ledger.append(postings, invoices, lines);
    ledger.append_facts(run_id, facts);
    tr.commit();
    result.issued.insert(result.issued.end(), invoices.begin(), invoices.end());
    result.sellers.push_back(sum);
  }
  return result;
}

}  // namespace vardavtal
