// The billing planner: the decisions of a billing run for one seller, with no
// I/O (docs/ledger.md). The run reads what the planner needs from the store
// (the postings in force, the priced latest record versions, the subscription
// amounts and the counters), calls plan_billing, and appends the plan in one
// transaction. Given the same input the planner returns the same plan.
// Value types and pure functions; any thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/period.h"
#include "core/record.h"
#include "ledger/followup_facts.h"
#include "ledger/invoice.h"
#include "ledger/posting.h"
#include "pricing/price.h"

namespace vardavtal {

// The seller a plan bills: its hospital code, and its region's county code
// (the invoice series) and organisation number (the specification ids).
struct BillingSeller {
  std::string code, county, org_number;
};

// The versions a care posting in force billed (compact: a run holds millions).
struct BilledVersion {
  int64_t posting_id = 0;
  int64_t record_version = 0;
  int64_t items_version = 0;
};

// A care posting still in force (not reversed) and the line that billed it.
struct OpenPosting {
  Posting posting;
  std::string number;  // invoice number
  int64_t line_no = 0;
  std::string spec_id;
};

// A record version not billed, with the reason in words.
struct HeldRecord {
  std::string seller, record_id, reason;  // reason: "code: words", English (programs)
  Date billing_date{};
  int64_t record_version = 0, items_version = 0;  // items: 0 when none
  std::string reason_sv;  // the words in Swedish, for people ("" when stored before 023)

  bool operator==(const HeldRecord&) const = default;
};

// The held reason people read: the Swedish words, else (a row stored before
// migration 023, until the next billing run) the English.
inline const std::string& held_reason_for_people(const std::string& reason,
                                                 const std::string& reason_sv) {
  return reason_sv.empty() ? reason : reason_sv;
}

// What the follow-up facts need of a record version (RecordFacts owning its
// clinic).
struct RecordTraits {
  CareType care_type = CareType::inpatient;
  std::string clinic;
  bool referral = false;
  std::optional<Money> kpp_cost;
  bool referred_medical = false;

  static RecordTraits of(const Record& r);
  RecordFacts facts() const { return {care_type, clinic, referral, kpp_cost, referred_medical}; }
};

// The months one run bills for a seller: `from` is the first month not yet
// billed; the months from..through are open when from <= through. Otherwise
// every month up to --through is closed, and what changed waits (counted).
struct BillingMonths {
  Period from, through;

  bool open() const { return from <= through; }
  // The latest billing date the run posts: the end of `through`, or of `from`
  // when no month is open.
  Date last_billing_date() const { return (open() ? through : from).last_day(); }
  // The month a posting with this billing date goes on: its own, or `from`
  // for an earlier one (late care, corrections of closed months).
  Period month_for(Date billing_date) const { return std::max(from, period_of(billing_date)); }
};

// The seller's billing months: after the last billed month, or on a first
// run from first_billed_period(first_care, first_subscription_year); nullopt
// when the seller has nothing to bill (no care and no subscription).
std::optional<BillingMonths> billing_months(std::optional<Period> last_billed,
                                            std::optional<Date> first_care,
                                            std::optional<int> first_subscription_year,
                                            Period through);

// The priced latest record versions a run posts, gathered while pricing
// streams them.
struct PricedVersions {
  struct Added {  // a record never billed
    Posting posting;
    RecordTraits record;
  };
  struct Changed {  // a new version of a billed record
    Posting posting;  // withdrawn: only seller, record id and billing date
    RecordTraits record;
    int64_t billed_posting = 0;
    // The new version withdraws the record (cancelled): the billed posting is
    // reversed with reason code 9 and nothing is posted in its place.
    bool withdrawn = false;
    // Filled in by the run from the store before planning: the billed posting
    // and its record version (nullopt when missing: an error if it must be
    // reversed).
    OpenPosting billed;
    std::optional<RecordTraits> billed_record;
  };
  // A deque: it grows by blocks, with no slack of a doubled capacity nor a
  // copy of the whole on growth (a month of a large seller holds 100 000s).
  std::deque<Added> added;
  std::vector<Changed> changed;
  std::vector<HeldRecord> held;

  // Sorts one priced latest version of `seller`'s record: ignored when its
  // billing date is after `last_billing_date` or `billed` (the posting in
  // force, null when none) billed this very version; held when pricing held
  // it (a billed version stays in force); else added or changed.
  void add(const std::string& seller, const Record& r, int64_t version, int64_t items_version,
           const PricedRecord& p, const BilledVersion* billed, Date last_billing_date);
};

// A subscription year of the seller's up to --through, with the amounts S by
// buyer (fixed by an earlier run, or by this one when `newly_fixed`).
struct SubscriptionYear {
  int year = 0;
  std::string agreement_id;
  int64_t agreement_version = 0;
  std::map<std::string, Money> amounts;
  bool newly_fixed = false;
  // The months (1-12) whose installment is posted, by buyer; needed for the
  // years up to the first open month's (the catch-up).
  std::map<std::string, std::set<unsigned>> posted_months;
};

// Where the run's numbering continues.
struct BillingCounters {
  int64_t run_id = 0;
  int64_t next_posting_id = 1;
  int64_t last_seq = 0;  // of the seller's region's invoice series
  // The highest counter by specification prefix (specification_prefix) of
  // the months the plan bills; absent means 0.
  std::map<std::string, int64_t> last_spec_counter;
};

// Which invoices a plan issues. A large month is planned in parts by buyer
// range (buyer_ranges), so that a run holds one part's versions at a time:
// `care` issues only the care invoices of its versions' buyers (the ranges
// in ascending order), then `closing` the month's credit notes (its
// versions: the month's changed ones) and subscription invoices. The parts
// together issue what `whole` does, numbered alike.
enum class PlanPart { whole, care, closing };

struct BillingInput {
  BillingSeller seller;
  PlanPart part = PlanPart::whole;
  BillingMonths months;
  PricedVersions versions;
  std::vector<SubscriptionYear> subscriptions;  // ascending years
  BillingCounters counters;
  std::optional<Date> issue_date;  // default: the day after each billed month
};

// What a run billed for one seller.
struct BillSummary {
  std::string seller;
  std::optional<Period> from_period, to_period;  // months billed; nullopt when none
  long long care_postings = 0, reversals = 0, subscription_postings = 0;
  long long care_invoices = 0, credit_notes = 0, subscription_invoices = 0;
  long long lines = 0, late_lines = 0;
  // When every month up to --through is billed already: postings that wait
  // for the next open month (changed or late record versions).
  long long waiting = 0;
  Money invoiced, credited;

  bool operator==(const BillSummary&) const = default;
};

// What to append. Nothing when no month is open (only summary.waiting).
struct BillingPlan {
  BillSummary summary;
  std::vector<Posting> postings;  // ids from counters.next_posting_id
  std::vector<Invoice> invoices;  // in number order
  std::vector<InvoiceLine> lines;
  FollowupFacts facts;
  // Subscription amounts S to fix with this run, by year and buyer.
  std::map<int, std::map<std::string, Money>> fixed_terms;
  // Where the numbering stands after this plan: the next part of the same
  // month continues from it.
  BillingCounters next_counters;
};

// A range of buyers (county codes) of a month planned in parts:
// from <= county < before, either bound open (nullopt).
struct BuyerRange {
  std::optional<std::string> from, before;

  bool operator==(const BuyerRange&) const = default;
};

// The month's buyers in ascending ranges of consecutive counties holding at
// most `max_versions` of `versions_by_buyer` each (a county alone may hold
// more); the first range is open below and the last above, so that a buyer
// not counted (a late version of another month) falls in one of them. One
// open range when everything fits.
std::vector<BuyerRange> buyer_ranges(const std::map<std::string, int64_t>& versions_by_buyer,
                                     int64_t max_versions);

// The plan: per open month, a care invoice per buyer (lines by billing date
// and record id), a credit note per credited invoice (reversals of changed
// versions whose invoiced content changed, with the national reason code),
// and a subscription invoice per buyer (the month's installment; on the first
// open month also every never-posted installment of this and earlier years).
// Numbers continue the region's series; specification ids continue per month.
// Throws std::logic_error when a reversed posting's record version is missing.
//
// With `issued`, the postings and lines of each invoice go to `issued` as soon
// as the invoice is complete, in issue order, and the plan keeps none of them
// (plan.postings and plan.lines are empty): a run passes them to a bounded
// writer, so that it never holds a large seller's month of lines whole.
// Without it they stay in the plan.
using IssuedLines = std::function<void(const std::vector<Posting>& postings,
                                       const std::vector<InvoiceLine>& lines)>;
BillingPlan plan_billing(BillingInput in, const IssuedLines& issued = {});

}  // namespace vardavtal
