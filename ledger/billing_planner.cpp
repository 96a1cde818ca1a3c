#include "ledger/billing_planner.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "pricing/subscription.h"

namespace vardavtal {

RecordTraits RecordTraits::of(const Record& r) {
  return {r.care_type, r.clinic, !r.referral_id.empty(), r.kpp_cost,
          r.referral_reason == ReferralReason::medical};
}

std::optional<BillingMonths> billing_months(std::optional<Period> last_billed,
                                            std::optional<Date> first_care,
                                            std::optional<int> first_subscription_year,
                                            Period through) {
  if (last_billed) return BillingMonths{last_billed->next(), through};
  const std::optional<Period> first = first_billed_period(first_care, first_subscription_year);
  if (!first) return std::nullopt;
  return BillingMonths{*first, through};
}

void PricedVersions::add(const std::string& seller, const Record& r, int64_t version,
                         int64_t items_version, const PricedRecord& p, const BilledVersion* billed,
                         Date last_billing_date) {
  const Date bd = billing_date(r);
  if (billed && billed->record_version == version && billed->items_version == items_version)
    return;  // this version is billed already
  // Withdrawn (§2): the next run reverses what is billed, whatever the
  // withdrawn version's date, and prices nothing.
  if (r.cancelled) {
    if (!billed) return;
    Posting gone;
    gone.seller = seller;
    gone.record_id = r.record_id;
    gone.record_version = version;
    gone.billing_date = bd;
    changed.push_back({std::move(gone), RecordTraits::of(r), billed->posting_id, true, {}, {}});
    return;
  }
  if (date::sys_days{bd} > date::sys_days{last_billing_date}) return;
  if (p.held != HeldReason::none) {
    held.push_back({seller, r.record_id, std::string(to_string(p.held)) + ": " + held_message(p, r),
                    bd, version, items_version, held_message_sv(p, r)});
    return;  // a held new version leaves the billed one in force
  }
  Posting next = care_posting(r, version, items_version, p);
  if (billed)
    changed.push_back({std::move(next), RecordTraits::of(r), billed->posting_id, false, {}, {}});
  else
    added.push_back({std::move(next), RecordTraits::of(r)});
}

namespace {

// Postings to put on invoices in one month. The care postings stay in the
// input (not copied: a month holds 100 000s); add_line moves each into the plan.
struct Pending {
  std::vector<Posting*> care;  // new care postings, in the input
  std::vector<const RecordTraits*> care_records;
  std::vector<Posting> reversals;  // with the line they reverse
  std::vector<const OpenPosting*> reversed;
  std::vector<const RecordTraits*> reversal_records;
};

std::map<Period, Pending> pending_by_month(BillingInput& in) {
  std::map<Period, Pending> by_month;
  const BillingMonths& months = in.months;
  for (PricedVersions::Added& a : in.versions.added) {
    Pending& m = by_month[months.month_for(a.posting.billing_date)];
    m.care.push_back(&a.posting);
    m.care_records.push_back(&a.record);
  }
  for (PricedVersions::Changed& c : in.versions.changed) {
    const int reason =
        c.withdrawn ? kWithdrawnReason : correction_reason(c.billed.posting, c.posting);
    if (reason == 0) continue;  // nothing invoiced changed
    if (!c.billed_record)
      throw std::logic_error("posted record version missing: " + c.billed.posting.record_id);
    Pending& r = by_month[months.month_for(c.billed.posting.billing_date)];
    r.reversals.push_back(reversal_of(c.billed.posting, reason));
    r.reversed.push_back(&c.billed);
    r.reversal_records.push_back(&*c.billed_record);
    if (c.withdrawn) continue;  // nothing in its place
    Pending& m = by_month[months.month_for(c.posting.billing_date)];
    m.care.push_back(&c.posting);
    m.care_records.push_back(&c.record);
  }
  return by_month;
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

// The subscription postings due in month `m` (`catch_up` on the first open
// month), by buyer, in date order.
std::map<std::string, std::vector<Posting>> installments_due(const BillingInput& in, Period m,
                                                             bool catch_up) {
  static const std::set<unsigned> kNone;
  std::map<std::string, std::vector<Posting>> due;
  for (const SubscriptionYear& y : in.subscriptions) {
    if (y.year > m.year() || (y.year < m.year() && !catch_up) || y.amounts.empty()) continue;
    const unsigned last = y.year == m.year() ? m.month() : 12;
    for (const auto& [buyer, amount] : y.amounts) {
      const std::array<Money, 12> inst = installments(amount);
      auto posted = y.posted_months.find(buyer);
      for (unsigned k : installment_months(
               last, catch_up, posted == y.posted_months.end() ? kNone : posted->second)) {
        if (inst[k - 1].ore() == 0) continue;
        Posting& p = due[buyer].emplace_back();
        p.kind = PostingKind::subscription;
        p.seller = in.seller.code;
        p.buyer = buyer;
        p.billing_date = date::year{y.year} / date::month{k} / 1;
        p.amount = inst[k - 1];
        p.agreement_id = y.agreement_id;
        p.agreement_version = y.agreement_version;
      }
    }
  }
  return due;
}

// Issues invoices and their lines, numbering as it goes.
class Issuer {
 public:
  Issuer(const BillingInput& in, BillingPlan& plan, const IssuedLines& issued)
      : in_(in),
        plan_(plan),
        issued_(issued),
        seq_(in.counters.last_seq),
        posting_id_(in.counters.next_posting_id),
        spec_counters_(in.counters.last_spec_counter) {}

  Invoice open(InvoiceType type, BillingKind kind, const std::string& buyer, Period period) {
    Invoice inv;
    inv.seller = in_.seller.code;
    inv.seq = ++seq_;
    inv.number = invoice_number(in_.seller.county, inv.seq);
    inv.run_id = in_.counters.run_id;
    inv.type = type;
    inv.kind = kind;
    inv.buyer = buyer;
    inv.period = period;
    inv.issue_date = in_.issue_date.value_or(default_issue_date(period));
    inv.due_date = due_date(inv.issue_date);
    if (kind == BillingKind::care) {
      const std::string& org = in_.seller.org_number;
      inv.spec_id =
          specification_id(org, period, ++spec_counters_[specification_prefix(org, period)]);
    }
    return inv;
  }

  void add_line(Invoice& inv, Posting& p, InvoiceLine line, const RecordTraits* record) {
    p.id = posting_id_++;
    p.run_id = in_.counters.run_id;
    line.seller = inv.seller;
    line.number = inv.number;
    line.line_no = ++inv.lines;
    line.posting_id = p.id;
    line.amount = inv.type == InvoiceType::credit ? -p.amount : p.amount;
    line.late = p.has_record() && is_late(p.billing_date, inv.issue_date);
    inv.total += line.amount;
    inv.late_lines += line.late ? 1 : 0;
    if (record) {
      const RecordFacts facts = record->facts();
      plan_.facts.add(p, inv.period.year(), &facts);
    } else {
      plan_.facts.add(p, inv.period.year(), nullptr);
    }
    plan_.postings.push_back(std::move(p));
    plan_.lines.push_back(std::move(line));
  }

  // Room for an invoice of `lines` lines (when each invoice is handed on, the
  // plan holds one at a time).
  void reserve(size_t lines) {
    if (!issued_) return;
    plan_.postings.reserve(lines);
    plan_.lines.reserve(lines);
  }

  BillingCounters counters() const {
    return {in_.counters.run_id, posting_id_, seq_, spec_counters_};
  }

  void close(Invoice inv) {
    plan_.invoices.push_back(std::move(inv));
    if (!issued_) return;
    issued_(plan_.postings, plan_.lines);
    plan_.postings.clear();
    plan_.lines.clear();
  }

 private:
  const BillingInput& in_;
  BillingPlan& plan_;
  const IssuedLines& issued_;
  int64_t seq_;
  int64_t posting_id_;
  std::map<std::string, int64_t> spec_counters_;
};

// Care invoices per buyer, lines by billing date and record id.
void issue_care(Issuer& issuer, Pending& pend, Period m, BillSummary& sum) {
  std::map<std::string, std::vector<size_t>> by_buyer;
  for (size_t i = 0; i < pend.care.size(); ++i) by_buyer[pend.care[i]->buyer].push_back(i);
  for (auto& [buyer, ps] : by_buyer) {
    std::sort(ps.begin(), ps.end(), [&](size_t a, size_t b) {
      return std::tie(pend.care[a]->billing_date, pend.care[a]->record_id) <
             std::tie(pend.care[b]->billing_date, pend.care[b]->record_id);
    });
    Invoice inv = issuer.open(InvoiceType::invoice, BillingKind::care, buyer, m);
    issuer.reserve(ps.size());
    for (size_t i : ps) issuer.add_line(inv, *pend.care[i], {}, pend.care_records[i]);
    ++sum.care_invoices;
    sum.care_postings += static_cast<long long>(ps.size());
    sum.invoiced += inv.total;
    issuer.close(std::move(inv));
  }
}

// Credit notes: one per original invoice.
void issue_credit_notes(Issuer& issuer, Pending& pend, Period m, BillSummary& sum) {
  std::map<std::string, std::vector<size_t>> by_original;
  for (size_t i = 0; i < pend.reversals.size(); ++i)
    by_original[pend.reversed[i]->number].push_back(i);
  for (auto& [original, idx] : by_original) {
    const OpenPosting& first = *pend.reversed[idx.front()];
    Invoice inv = issuer.open(InvoiceType::credit, BillingKind::care, first.posting.buyer, m);
    inv.reference_number = original;
    issuer.reserve(idx.size());
    for (size_t i : idx) {
      InvoiceLine line;
      line.reference_number = pend.reversed[i]->number;
      line.reference_line = pend.reversed[i]->line_no;
      line.reason_code = pend.reversals[i].reason_code;
      issuer.add_line(inv, pend.reversals[i], std::move(line), pend.reversal_records[i]);
    }
    ++sum.credit_notes;
    sum.reversals += static_cast<long long>(idx.size());
    sum.credited += inv.total;
    issuer.close(std::move(inv));
  }
}

// Subscription invoices, one per buyer: the month's installment and, on the
// run's first open month, every installment of this or an earlier
// subscription year that was never posted (an agreement imported after its
// months were billed), in date order.
void issue_subscriptions(Issuer& issuer, const BillingInput& in, Period m, BillSummary& sum) {
  for (auto& [buyer, due] : installments_due(in, m, m == in.months.from)) {
    Invoice inv = issuer.open(InvoiceType::invoice, BillingKind::subscription, buyer, m);
    issuer.reserve(due.size());
    for (Posting& p : due) issuer.add_line(inv, p, {}, nullptr);
    ++sum.subscription_invoices;
    sum.subscription_postings += static_cast<long long>(due.size());
    sum.invoiced += inv.total;
    issuer.close(std::move(inv));
  }
}

}  // namespace

std::vector<BuyerRange> buyer_ranges(const std::map<std::string, int64_t>& versions_by_buyer,
                                     int64_t max_versions) {
  std::vector<BuyerRange> out(1);
  int64_t in_range = 0;
  for (const auto& [buyer, n] : versions_by_buyer) {
    if (in_range > 0 && in_range + n > max_versions) {
      out.back().before = buyer;
      out.push_back({buyer, std::nullopt});
      in_range = 0;
    }
    in_range += n;
  }
  return out;
}

BillingPlan plan_billing(BillingInput in, const IssuedLines& issued) {
  BillingPlan plan;
  BillSummary& sum = plan.summary;
  sum.seller = in.seller.code;
  std::map<Period, Pending> by_month = pending_by_month(in);
  if (!in.months.open()) {
    for (const auto& [m, pend] : by_month)
      sum.waiting += static_cast<long long>(pend.care.size() + pend.reversals.size());
    return plan;
  }
  sum.from_period = in.months.from;
  sum.to_period = in.months.through;
  if (in.part != PlanPart::care)
    for (const SubscriptionYear& y : in.subscriptions)
      if (y.newly_fixed) plan.fixed_terms[y.year] = y.amounts;

  Issuer issuer(in, plan, issued);
  for (Period m = in.months.from; m <= in.months.through; m = m.next()) {
    Pending& pend = by_month[m];
    if (in.part != PlanPart::closing) issue_care(issuer, pend, m, sum);
    if (in.part == PlanPart::care) continue;
    issue_credit_notes(issuer, pend, m, sum);
    issue_subscriptions(issuer, in, m, sum);
  }
  plan.next_counters = issuer.counters();
  for (const Invoice& inv : plan.invoices) {
    sum.lines += inv.lines;
    sum.late_lines += inv.late_lines;
  }
  return plan;
}

}  // namespace vardavtal
