#include "billing/app/billing_run.h"

#include <malloc.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <set>
#include <stdexcept>

#include "billing/app/base_year_tally.h"
#include "billing/app/invoices.h"
#include "billing/app/month_reads.h"
#include "billing/app/pricing_service.h"
#include "core/error_text.h"
#include "ledger/billing_planner.h"
#include "ledger/followup_facts.h"
#include "ledger/invoice.h"
#include "store/audit.h"
#include "store/ledger_store.h"
#include "store/pricing_reads.h"
#include "store/run_lock.h"
#include "store/write_transaction.h"

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

// Hands the heap's free pages back to the system (glibc), once a run is
// done: a process that outlives the run (the server) does not keep its
// largest month's memory. Not after each month: the next month's blocks
// would fault those pages in again (half of the CLI's bill's system time and
// an eighth of its wall time at scale 10, on a virtual machine whose page
// faults are dear); the CLI's bill has one heap for its threads (cmd_bill),
// so the months reuse it and its peak is one month's.
void release_freed_memory() {
  malloc_trim(0);
}

// Every subscription year up to --through: S is fixed by the first run that
// bills the year and reused; the posted months of the years up to the first
// open month's, for its catch-up. A year's base years come from `tally` when
// it has them all and nothing was imported since the run began (`unchanged`);
// else they are read in ranges of buyers of at most `rows_per_read` record
// rows.
std::vector<SubscriptionYear> read_subscriptions(Store& store, const Catalogue& catalogue,
                                                 const std::string& seller,
                                                 const std::set<int>& years,
                                                 const BillingMonths& months, int64_t rows_per_read,
                                                 const BaseYearTally& tally, bool unchanged) {
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
      const std::optional<BaseYearValues> tallied = unchanged ? tally.complete(year) : std::nullopt;
      const SellerSubscriptions subscriptions =
          tallied ? subscriptions_from(catalogue, seller, year, *tallied)
                  : compute_subscriptions(store, catalogue, seller, year, rows_per_read);
      for (const BuyerSubscription& b : subscriptions.buyers) y.amounts[b.buyer] = b.amount;
      y.newly_fixed = true;
    }
    if (year <= months.from.year() && !y.amounts.empty())
      y.posted_months = ledger.subscription_months(seller, year);
  }
  return out;
}

// Where the numbering of the seller's month `m` continues (every invoice of a
// run's month is of that month).
BillingCounters read_counters(LedgerStore& ledger, const BillingSeller& seller, Period m) {
  BillingCounters c;
  c.next_posting_id = ledger.next_posting_id();
  c.last_seq = ledger.last_seq(seller.county);
  c.run_id = ledger.next_run_id();
  const std::string prefix = specification_prefix(seller.org_number, m);
  c.last_spec_counter[prefix] = ledger.last_spec_counter(prefix);
  return c;
}

// Where the numbering of the seller's month `m` continues after the month
// before it (`before`: its plan's next counters), in the same run: no other
// run writes the ledger meanwhile (RunLock), so the counters read on the
// session would be these. The month's specification prefix is new to the run:
// its counter (`spec_counter`) is the committed one.
BillingCounters counters_after(const BillingCounters& before, const BillingSeller& seller, Period m,
                               int64_t spec_counter) {
  BillingCounters c;
  c.run_id = before.run_id + 1;  // the month before recorded its run
  c.next_posting_id = before.next_posting_id;
  c.last_seq = before.last_seq;
  c.last_spec_counter[specification_prefix(seller.org_number, m)] = spec_counter;
  return c;
}

// Adds the installments among `postings` to the posted months of their
// subscription years (as LedgerStore::subscription_months reads them once
// written: each is on a line of a subscription invoice).
void add_posted(std::vector<SubscriptionYear>& years, const std::vector<Posting>& postings) {
  for (const Posting& p : postings) {
    if (p.kind != PostingKind::subscription) continue;
    const int year = static_cast<int>(p.billing_date.year());
    for (SubscriptionYear& y : years)
      if (y.year == year)
        y.posted_months[p.buyer].insert(static_cast<unsigned>(p.billing_date.month()));
  }
}

// The subscriptions of the month after the one planned with `years` (and its
// installments added), in the same year, as read_subscriptions would read them
// once that month is written: its newly fixed amounts are then stored. nullopt
// when a year has no amounts (the next month computes them again).
std::optional<std::vector<SubscriptionYear>> subscriptions_after(
    std::vector<SubscriptionYear> years) {
  for (SubscriptionYear& y : years) {
    if (y.amounts.empty()) return std::nullopt;
    y.newly_fixed = false;
  }
  return years;
}

// Appends the plan (its invoices and run; the postings and lines were
// appended as each invoice was issued, its facts go with its commit's,
// CommitFacts) as billing run `run_id` through `month`, which saw the imports
// up to `watermark`, in the caller's transaction.
void write_plan(Store& store, const BillingPlan& plan, Period month, const std::string& seller,
                int64_t run_id, int64_t watermark) {
  LedgerStore ledger(store);
  ledger.record_run(run_id, month, seller, watermark);
  for (const auto& [year, by_buyer] : plan.fixed_terms)
    ledger.fix_subscription_terms(seller, year, run_id, by_buyer);
  ledger.append(plan.postings, plan.invoices, plan.lines);
}

// The follow-up facts of the months of one commit, summed and written once,
// in that commit, under the run id of its last month: a fact's key has the
// year, not the month, so a year's months share most rows (a scale-1 `bill`
// wrote 48 942 rows a month at a time, 11 675 a commit at a time). The
// follow-up tables and `verify` sum the facts over runs; the run id only
// says which run wrote a row (docs/followup.md). A dry run, which never
// commits, writes its seller's whole run once at its end. Not thread-safe.
class CommitFacts {
 public:
  void add(const BillingPlan& month) {
    facts_.add(month.facts);
    run_id_ = month.next_counters.run_id;
  }
  // Writes the months added since the last write (none: nothing) in the
  // session's open transaction; after LedgerAppender::flush(), when no batch
  // of the appender uses the session.
  void write(Store& store) {
    LedgerStore(store).append_facts(run_id_, facts_);
    facts_ = FollowupFacts();
  }

 private:
  FollowupFacts facts_;
  int64_t run_id_ = 0;
};

// Adds a month's summary to the run's.
void add_month(BillSummary& run, const BillSummary& month) {
  if (!run.from_period) run.from_period = month.from_period;
  run.to_period = month.to_period;
  run.care_postings += month.care_postings;
  run.reversals += month.reversals;
  run.subscription_postings += month.subscription_postings;
  run.care_invoices += month.care_invoices;
  run.credit_notes += month.credit_notes;
  run.subscription_invoices += month.subscription_invoices;
  run.lines += month.lines;
  run.late_lines += month.late_lines;
  run.invoiced += month.invoiced;
  run.credited += month.credited;
}

// Counts what waits given the versions read, and lists the held ones.
BillSummary plan_waiting(Store& store, const BillingSeller& seller, const BillingMonths& months,
                         PricedVersions versions, BillResult& result) {
  BillingInput in;
  in.seller = seller;
  in.months = months;
  in.versions = std::move(versions);
  read_billed(store, seller.code, in.versions);
  result.held.insert(result.held.end(), in.versions.held.begin(), in.versions.held.end());
  return plan_billing(std::move(in)).summary;
}

// Every month up to --through is billed: nothing is written; what changed
// waits, and is only counted (and the held versions listed).
BillSummary count_waiting(Store& store, const Catalogue& catalogue, const BillingSeller& seller,
                          const BillingMonths& months, BillResult& result) {
  PricedVersions versions;
  RecordFilter upto;
  upto.billing_to = months.last_billing_date();
  read_unposted(store, catalogue, seller.code, upto, months.last_billing_date(), versions);
  return plan_waiting(store, seller, months, std::move(versions), result);
}

// count_waiting without re-pricing the billed months, when nothing was
// imported after the seller's latest billing run began (its import
// watermark): that run's first month re-read every version not posted up to
// it, and the run left the held ones stored; the versions not posted of the
// billed months are those held ones (or new versions whose content did not
// change, which post nothing). Only the month after the last billed one, which
// no run has read, is priced. nullopt when an import came after the watermark
// (or the run recorded none): then count_waiting re-prices.
std::optional<BillSummary> count_waiting_from_stored(Store& store, const Catalogue& catalogue,
                                                     const BillingSeller& seller,
                                                     const BillingMonths& months,
                                                     BillResult& result) {
  LedgerStore ledger(store);
  const std::optional<int64_t> watermark = ledger.last_run_watermark(seller.code);
  if (!watermark || store.imports_seen() > *watermark) return std::nullopt;
  PricedVersions versions;
  RecordFilter next;
  next.billing_from = months.from.first_day();
  next.billing_to = months.last_billing_date();
  read_unposted(store, catalogue, seller.code, next, months.last_billing_date(), versions);
  std::vector<HeldRecord> stored = ledger.stored_held(seller.code);
  versions.held.insert(versions.held.end(), stored.begin(), stored.end());
  sort_held(versions.held);
  result.from_stored_held.push_back(seller.code);
  return plan_waiting(store, seller, months, std::move(versions), result);
}

// Adds a part's plan of a month (its postings and lines already handed on)
// to the month's.
void add_part(BillingPlan& month, BillingPlan&& part) {
  add_month(month.summary, part.summary);
  month.invoices.insert(month.invoices.end(), std::make_move_iterator(part.invoices.begin()),
                        std::make_move_iterator(part.invoices.end()));
  month.facts.add(part.facts);
  month.fixed_terms.merge(part.fixed_terms);
  month.next_counters = std::move(part.next_counters);
}

// A month's plan and what it held.
struct MonthPlan {
  BillingPlan plan;
  std::vector<HeldRecord> held;
  size_t later_changed = 0;  // read_later_changed's versions (reversed now)
  // Planned in one piece: its subscription years with the month's
  // installments added (what the next month's read would give).
  std::optional<std::vector<SubscriptionYear>> subscriptions;
};

// What a month planned in one piece leaves to the next month of the run, which
// carries it instead of reading it on the session: the session may then
// still be writing the month before (LedgerAppender::then).
struct Carried {
  std::vector<SubscriptionYear> subscriptions;  // subscriptions_after
  BillingCounters counters;                     // the month's plan's next counters
};

// What a run of a seller knows as it reads its months.
struct RunReads {
  // The seller's last billed month when the run began; nullopt: never billed.
  std::optional<Period> last_billed;
  // The base years' values, from the versions the months read.
  BaseYearTally tally;
};

// Plans one piece of a month (pure), each invoice's postings and lines going
// to `appender` as it is issued (and its installments to `posted`, when
// given), and, when `flush`, writes them all before returning: what the
// session reads next sees them.
BillingPlan plan_issuing(BillingInput in, LedgerAppender& appender, bool flush,
                         std::vector<SubscriptionYear>* posted = nullptr) {
  BillingPlan plan =
      plan_billing(std::move(in), [&appender, posted](const std::vector<Posting>& postings,
                                                      const std::vector<InvoiceLine>& lines) {
        appender.append(postings, lines);
        if (posted) add_posted(*posted, postings);
      });
  if (flush) appender.flush();
  return plan;
}

// Plans month `m` of `run` in parts by buyer range (`ranges`, more than one):
// each range's versions are read, and their care invoices issued, one range
// at a time; then the month's credit notes (the changed versions of every
// range, in record id order, and the later ones) and subscription invoices.
// Issues what one plan of the whole month does (the care invoices go in
// buyer order either way).
MonthPlan plan_month_in_parts(Store& store, const Catalogue& catalogue, BillingInput in,
                              const BillingMonths& run, const std::vector<BuyerRange>& ranges,
                              LedgerAppender& appender, RunReads& reads) {
  const Period m = in.months.from;
  const std::string& seller = in.seller.code;
  MonthPlan out;
  out.plan.summary.seller = seller;
  out.plan.next_counters = in.counters;
  std::vector<PricedVersions::Changed> changed;
  for (const BuyerRange& buyers : ranges) {
    BillingInput part;
    part.seller = in.seller;
    part.part = PlanPart::care;
    part.months = in.months;
    part.issue_date = in.issue_date;
    part.counters = out.plan.next_counters;
    part.versions =
        read_month(store, catalogue, seller, m, run, buyers, reads.last_billed, reads.tally);
    out.held.insert(out.held.end(), part.versions.held.begin(), part.versions.held.end());
    changed.insert(changed.end(), part.versions.changed.begin(), part.versions.changed.end());
    add_part(out.plan, plan_issuing(std::move(part), appender, true));
  }
  sort_held(out.held);
  sort_changed(changed);
  std::vector<PricedVersions::Changed> later =
      read_later_changed(store, catalogue, seller, m, run, reads.last_billed);
  out.later_changed = later.size();
  for (PricedVersions::Changed& c : later) changed.push_back(std::move(c));
  in.part = PlanPart::closing;
  in.counters = out.plan.next_counters;
  in.versions.changed = std::move(changed);
  add_part(out.plan, plan_issuing(std::move(in), appender, true));
  return out;
}

// Plans month `m` of `run`: in one piece, or in parts by buyer range when the
// month holds more than o.versions_per_part record rows in more than one
// county. Its versions go to the run's tally too. `ahead`: the month as read
// ahead (its ranges, and its versions when in one piece), else it is read now.
// `counters`: carried from the month before (counters_after), else read. In
// one piece, the month's last postings and lines are still in the appender's
// buffers when it returns (the caller's appender.then() or flush() writes
// them); in parts, they are written.
MonthPlan plan_month(Store& store, const Catalogue& catalogue, BillingInput in,
                     const BillingMonths& run, const BillOptions& o, LedgerAppender& appender,
                     RunReads& reads, std::optional<MonthReadAhead::Month> ahead,
                     std::optional<BillingCounters> counters, BillResult& result) {
  LedgerStore ledger(store);
  const Period m = in.months.from;
  const std::string seller = in.seller.code;
  const std::vector<BuyerRange> ranges =
      ahead ? ahead->ranges
            : buyer_ranges(record_rows_by_county(store, seller, m.first_day(), m.last_day()),
                           o.versions_per_part);
  in.counters = counters ? std::move(*counters) : read_counters(ledger, in.seller, m);
  if (ranges.size() > 1) {
    ++result.months_in_parts;
    return plan_month_in_parts(store, catalogue, std::move(in), run, ranges, appender, reads);
  }
  if (ahead) {
    in.versions = std::move(*ahead->versions);
    reads.tally.merge(ahead->tally);
  } else {
    in.versions = read_month(store, catalogue, seller, m, run, ranges.front(), reads.last_billed,
                             reads.tally);
  }
  std::vector<PricedVersions::Changed> later =
      read_later_changed(store, catalogue, seller, m, run, reads.last_billed);
  const size_t later_changed = later.size();
  for (PricedVersions::Changed& c : later) in.versions.changed.push_back(std::move(c));
  MonthPlan out;
  out.later_changed = later_changed;
  out.held = in.versions.held;
  out.subscriptions = in.subscriptions;
  out.plan = plan_issuing(std::move(in), appender, false, &*out.subscriptions);
  return out;
}

// The audit row of one commit of a run (docs/audit.md), inside it: the
// months it bills and the documents it issued (issued[first..]); none when it
// issued nothing.
void audit_commit(Store& store, const BillOptions& o, const std::string& seller, Period from,
                  Period through, const std::vector<Invoice>& issued, size_t first) {
  if (o.audit_who.empty() || first >= issued.size()) return;
  const std::vector<Invoice> group(issued.begin() + static_cast<long>(first), issued.end());
  append_audit_row(store, o.audit_who, "bill",
                   "seller " + seller + " months " + from.str() + ".." + through.str() +
                       " (run through " + o.through.str() + "): " + issued_text(group));
}

// The reader of the run's months after its first, when it is to read ahead
// (BillOptions::read_ahead, not a dry run, more than one month) and a second
// session opens; else nullptr, and the run reads every month in turn. It reads
// on `beside` when given (an earlier seller's, MonthReadAhead::release), else
// on a session it opens.
std::unique_ptr<MonthReadAhead> read_ahead(Store& store, const Catalogue& catalogue,
                                           const BillingSeller& seller, const BillingMonths& run,
                                           std::optional<Period> last_billed,
                                           const std::set<int>& sub_years, int64_t watermark,
                                           const BillOptions& o, std::unique_ptr<Store>& beside) {
  if (!o.read_ahead || o.dry_run || !(run.from < run.through)) return nullptr;
  try {
    std::unique_ptr<Store> session = beside ? std::move(beside) : store.open_beside();
    if (!session) return nullptr;
    return std::make_unique<MonthReadAhead>(std::move(session), catalogue, seller, run, last_billed,
                                            sub_years, watermark, o.versions_per_part);
  } catch (const StoreError&) {
    return nullptr;  // e.g. no connection left on the PostgreSQL server: read in turn
  }
}

// Bills the open months one at a time (read, plan, append), each month its own
// billing run; committed in groups of whole months unless `dry_run` (the
// caller's transaction then holds them all): memory is about one month's
// (one part's of a large month; the month read ahead, the plan of the month
// being written and the group's follow-up facts, one row per key, come on
// top), and a run stopped at any point leaves whole months, which the next
// run continues. The group's facts are written just before its commit
// (CommitFacts). A month's invoices, run and held list are written after its
// postings and lines, in the background
// (LedgerAppender::then), while the next month is planned when that month
// needs no read on the session: it was read ahead in one piece, in the same
// year as the month before, which was planned in one piece with the amounts
// of every subscription year (its subscriptions and counters are carried,
// Carried). Else the run waits for the writes (flush) and reads.
// `beside`: the read-ahead session of the seller before, if any; the run
// reads ahead on it and leaves its own there when it ends.
BillSummary bill_months(Store& store, const Catalogue& catalogue, const BillingSeller& seller,
                        const BillingMonths& run, const BillOptions& o, BillResult& result,
                        std::unique_ptr<Store>& beside) {
  LedgerStore ledger(store);
  const std::set<int> sub_years = subscription_years(catalogue, seller.code);
  const std::optional<Period> last_billed = ledger.last_period(seller.code);
  RunReads reads{last_billed, BaseYearTally(catalogue, seller.code, sub_years, last_billed)};
  // What the run sees: read before any record (a later import makes the next
  // re-run re-price).
  const int64_t watermark = store.imports_seen();
  std::unique_ptr<MonthReadAhead> ahead =
      read_ahead(store, catalogue, seller, run, last_billed, sub_years, watermark, o, beside);
  BillSummary total;
  total.seller = seller.code;
  std::optional<WriteTransaction> tr;
  // Each invoice's postings and lines are appended as it is issued, and
  // written in batches in the background; the appender's flush() waits for
  // them and the months' other writes (then()).
  LedgerAppender appender(store);
  size_t committed = 0;          // appender.postings() at the last commit
  Period group_from = run.from;  // the months of the open commit, and their documents
  size_t group_issued = result.issued.size();
  CommitFacts group_facts;
  std::optional<Carried> carried;  // from the month before (reset every month)
  for (Period m = run.from; m <= run.through; m = m.next()) {
    std::optional<MonthReadAhead::Month> read = ahead ? ahead->take(m) : std::nullopt;
    if (read && read->stale) {  // an import came: the rest of the run reads in turn
      read.reset();
      beside = ahead->release();  // the next seller's run reads ahead on it
      ahead.reset();
    }
    if (read) ++result.months_read_ahead;
    // In the year of the month before: no subscription year to fix.
    const bool carry = carried && read && read->ranges.size() == 1 && m.month() != 1;
    if (!carry) appender.flush();              // the month reads on the session
    if (!o.dry_run && !tr) tr.emplace(store);  // after a commit: nothing is being written
    BillingInput in;
    in.seller = seller;
    in.months = BillingMonths{m, m};
    in.issue_date = o.issue_date;
    // The subscriptions first: fixing a year's amounts reads its base years,
    // which is not to happen while the month's versions are held.
    in.subscriptions = carry ? std::move(carried->subscriptions)
                             : read_subscriptions(store, catalogue, seller.code, sub_years,
                                                  in.months, o.versions_per_part, reads.tally,
                                                  store.imports_seen() == watermark);
    std::optional<BillingCounters> counters;
    if (carry) counters = counters_after(carried->counters, seller, m, read->last_spec_counter);
    // The next month is read while this one is planned and written; after
    // the first month, no posting of this month is one it reads.
    if (ahead && m != run.from && m < run.through) ahead->start(m.next());
    auto month = std::make_shared<MonthPlan>(plan_month(store, catalogue, std::move(in), run, o,
                                                        appender, reads, std::move(read),
                                                        std::move(counters), result));
    reads.tally.read_through(m);
    const BillingPlan& plan = month->plan;
    group_facts.add(plan);
    result.held.insert(result.held.end(), month->held.begin(), month->held.end());
    result.issued.insert(result.issued.end(), plan.invoices.begin(), plan.invoices.end());
    add_month(total, plan.summary);
    carried.reset();
    if (month->subscriptions)
      if (auto subs = subscriptions_after(std::move(*month->subscriptions)))
        carried = Carried{std::move(*subs), plan.next_counters};
    // The first month re-read every held version up to it: it replaces the stored.
    appender.then(
        [&store, month, m, seller = seller.code, watermark, first = m == run.from]() mutable {
          const int64_t run_id = month->plan.next_counters.run_id;
          write_plan(store, month->plan, m, seller, run_id, watermark);
          LedgerStore(store).store_held(seller, run_id, month->held, first);
          month.reset();  // written: the chain may keep the task a while, not the month
        });
    // The first month's reversals of later months' records are committed
    // before those months are read ahead.
    const bool later_reversed = ahead && m == run.from && month->later_changed > 0;
    const size_t uncommitted = appender.postings() - committed;
    if (tr && (uncommitted >= o.postings_per_commit || m == run.through || later_reversed)) {
      appender.flush();  // a commit never loses a row being written
      group_facts.write(store);
      audit_commit(store, o, seller.code, group_from, m, result.issued, group_issued);
      tr->commit();
      tr.reset();
      committed = appender.postings();
      group_from = m.next();
      group_issued = result.issued.size();
    }
    if (ahead && m == run.from) ahead->start(m.next());
  }
  appender.flush();  // a dry run's months too, before its caller rolls them back
  group_facts.write(store);              // a dry run's (a commit wrote the others)
  if (ahead) beside = ahead->release();  // opening a session costs a PostgreSQL run ~30 ms a seller
  return total;
}

}  // namespace

BillResult run_billing(Store& store, const BillOptions& o) {
  store.require_schema();
  // One run that issues at a time (a dry run issues nothing).
  std::optional<RunLock> lock;
  if (!o.dry_run) lock.emplace(store, "bill");
  // Freed memory goes back to the system when the run ends, however it ends.
  struct ReleaseAtEnd {
    ~ReleaseAtEnd() { release_freed_memory(); }
  } release_at_end;
  Catalogue catalogue;
  load_catalogue(store, catalogue);
  LedgerStore ledger(store);
  BillResult result;
  const std::vector<BillingSeller> sellers = sellers_of(store, o.seller);
  if (o.seller && sellers.empty())
    throw BadArgument("unknown seller " + *o.seller, "okänd säljare " + *o.seller);
  // A dry run bills in one transaction that is never committed.
  std::optional<WriteTransaction> dry;
  if (o.dry_run) dry.emplace(store);
  std::unique_ptr<Store> beside;  // the read-ahead session, from one seller to the next

  for (const BillingSeller& seller : sellers) {
    const std::optional<int> first_sub = first_of(subscription_years(catalogue, seller.code));
    const std::optional<Period> last = ledger.last_period(seller.code);
    const std::optional<BillingMonths> months = billing_months(
        last, last ? std::nullopt : ledger.first_billing_date(seller.code), first_sub, o.through);
    BillSummary summary;
    summary.seller = seller.code;
    if (months && months->open())
      summary = bill_months(store, catalogue, seller, *months, o, result, beside);
    else if (months) {
      std::optional<BillSummary> stored;
      if (!o.reprice) stored = count_waiting_from_stored(store, catalogue, seller, *months, result);
      summary = stored ? *stored : count_waiting(store, catalogue, seller, *months, result);
    }
    result.sellers.push_back(summary);
  }
  if (dry) dry->rollback();
  return result;
}

}  // namespace vardavtal
