#include "ledger/billing_planner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "pricing/catalogue.h"

namespace vardavtal {
namespace {

Date ymd(int y, unsigned m, unsigned d) {
  return date::year{y} / date::month{m} / date::day{d};
}

// Akademiska sjukhuset (AS) bills in region Uppsala's series (county 03,
// organisation number 2321000024).
BillingInput input(Period from, Period through) {
  BillingInput in;
  in.seller = {"AS", "03", "2321000024"};
  in.months = {from, through};
  in.counters.run_id = 7;
  in.counters.next_posting_id = 101;
  in.counters.last_seq = 41;
  return in;
}

Posting care(const char* record, const char* buyer, Date billed, int64_t amount_ore) {
  Posting p;
  p.kind = PostingKind::care;
  p.seller = "AS";
  p.buyer = buyer;
  p.record_id = record;
  p.record_version = 1;
  p.billing_date = billed;
  p.drg = "A08E";
  p.drg_amount = p.gross = p.amount = Money::from_ore(amount_ore);
  return p;
}

RecordTraits somatic() {
  return {CareType::inpatient, "Neuro", false, std::nullopt};
}

// Sums every follow-up row's amount and contacts.
std::pair<int64_t, int64_t> fact_totals(const FollowupFacts& f) {
  int64_t amount = 0, contacts = 0;
  for (const auto& [key, sums] : f.rows()) amount += sums.amount, contacts += sums.contacts;
  return {amount, contacts};
}

TEST(BillingPlanner, FirstMonthWithCareInTwoRegions) {
  BillingInput in = input(Period(2021, 3), Period(2021, 3));
  in.counters.last_spec_counter["ZVF23210000242103"] = 5;
  // Region Dalarna (20): 12 345.67 + 5 000.00 kr; Region Gävleborg (21): 2 500.50 kr.
  in.versions.added.push_back({care("R1", "20", ymd(2021, 3, 20), 500000), somatic()});
  in.versions.added.push_back({care("R2", "20", ymd(2021, 3, 10), 1234567), somatic()});
  in.versions.added.push_back({care("R3", "21", ymd(2021, 3, 5), 250050), somatic()});
  const BillingPlan plan = plan_billing(in);

  ASSERT_EQ(plan.invoices.size(), 2u);
  const Invoice& a = plan.invoices[0];
  EXPECT_EQ(a.number, "0300000042");  // the region's series continues after 41
  EXPECT_EQ(a.seq, 42);
  EXPECT_EQ(a.buyer, "20");
  EXPECT_EQ(a.period, Period(2021, 3));
  EXPECT_EQ(a.type, InvoiceType::invoice);
  EXPECT_EQ(a.kind, BillingKind::care);
  EXPECT_EQ(a.spec_id, "ZVF23210000242103000006");  // the month's counter continues after 5
  EXPECT_EQ(format_iso(a.issue_date), "2021-04-01");
  EXPECT_EQ(format_iso(a.due_date), "2021-05-01");
  EXPECT_EQ(a.total.ore(), 1734567);  // 1 234 567 + 500 000
  EXPECT_EQ(a.lines, 2);
  EXPECT_EQ(a.run_id, 7);
  const Invoice& b = plan.invoices[1];
  EXPECT_EQ(b.number, "0300000043");
  EXPECT_EQ(b.buyer, "21");
  EXPECT_EQ(b.spec_id, "ZVF23210000242103000007");
  EXPECT_EQ(b.total.ore(), 250050);

  // Lines by billing date: R2 (10 March) before R1 (20 March).
  ASSERT_EQ(plan.lines.size(), 3u);
  ASSERT_EQ(plan.postings.size(), 3u);
  EXPECT_EQ(plan.postings[0].record_id, "R2");
  EXPECT_EQ(plan.postings[0].id, 101);
  EXPECT_EQ(plan.postings[0].run_id, 7);
  EXPECT_EQ(plan.postings[1].record_id, "R1");
  EXPECT_EQ(plan.postings[2].record_id, "R3");
  EXPECT_EQ(plan.postings[2].id, 103);
  EXPECT_EQ(plan.lines[1].number, "0300000042");
  EXPECT_EQ(plan.lines[1].line_no, 2);
  EXPECT_EQ(plan.lines[1].posting_id, 102);
  EXPECT_EQ(plan.lines[1].amount.ore(), 500000);
  EXPECT_EQ(plan.lines[2].number, "0300000043");
  EXPECT_EQ(plan.lines[2].line_no, 1);

  const BillSummary& s = plan.summary;
  EXPECT_EQ(s.from_period, Period(2021, 3));
  EXPECT_EQ(s.to_period, Period(2021, 3));
  EXPECT_EQ(s.care_invoices, 2);
  EXPECT_EQ(s.care_postings, 3);
  EXPECT_EQ(s.lines, 3);
  EXPECT_EQ(s.late_lines, 0);
  EXPECT_EQ(s.invoiced.ore(), 1984617);  // 1 734 567 + 250 050
  EXPECT_EQ(fact_totals(plan.facts), std::make_pair(int64_t{1984617}, int64_t{3}));
}

// Handed on invoice by invoice: the same postings and lines as in the plan
// above, in two calls (Dalarna's two lines, then Gävleborg's one), and the
// plan keeps none of them; invoices, summary and facts are the same.
TEST(BillingPlanner, EachInvoicesLinesAreHandedOnWhenIssued) {
  BillingInput in = input(Period(2021, 3), Period(2021, 3));
  in.versions.added.push_back({care("R1", "20", ymd(2021, 3, 20), 500000), somatic()});
  in.versions.added.push_back({care("R2", "20", ymd(2021, 3, 10), 1234567), somatic()});
  in.versions.added.push_back({care("R3", "21", ymd(2021, 3, 5), 250050), somatic()});
  std::vector<std::vector<std::pair<int64_t, std::string>>> calls;  // (posting id, line's invoice)
  const BillingPlan plan = plan_billing(
      in, [&](const std::vector<Posting>& postings, const std::vector<InvoiceLine>& lines) {
        auto& call = calls.emplace_back();
        ASSERT_EQ(postings.size(), lines.size());
        for (size_t i = 0; i < lines.size(); ++i) {
          EXPECT_EQ(lines[i].posting_id, postings[i].id);
          call.emplace_back(postings[i].id, lines[i].number);
        }
      });
  using Call = std::vector<std::pair<int64_t, std::string>>;
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0], (Call{{101, "0300000042"}, {102, "0300000042"}}));
  EXPECT_EQ(calls[1], (Call{{103, "0300000043"}}));
  EXPECT_TRUE(plan.postings.empty());
  EXPECT_TRUE(plan.lines.empty());
  ASSERT_EQ(plan.invoices.size(), 2u);
  EXPECT_EQ(plan.invoices[0].total.ore(), 1734567);
  EXPECT_EQ(plan.summary.lines, 3);
  EXPECT_EQ(plan.summary.invoiced.ore(), 1984617);
  EXPECT_EQ(fact_totals(plan.facts), std::make_pair(int64_t{1984617}, int64_t{3}));
}

TEST(BillingPlanner, LateCareGoesOnTheFirstOpenMonthAndIsMarkedLate) {
  BillingInput in = input(Period(2021, 9), Period(2021, 9));
  // Billed 15 February: issued 1 October, more than six months later.
  in.versions.added.push_back({care("R1", "20", ymd(2021, 2, 15), 100000), somatic()});
  const BillingPlan plan = plan_billing(in);
  ASSERT_EQ(plan.invoices.size(), 1u);
  EXPECT_EQ(plan.invoices[0].period, Period(2021, 9));
  EXPECT_EQ(plan.invoices[0].spec_id, "ZVF23210000242109000001");
  EXPECT_TRUE(plan.lines[0].late);
  EXPECT_EQ(plan.summary.late_lines, 1);
}

PricedVersions::Changed changed(Posting next, Posting billed, const char* number, int64_t line_no) {
  PricedVersions::Changed c;
  c.posting = std::move(next);
  c.record = somatic();
  c.billed_posting = billed.id;
  c.billed = {std::move(billed), number, line_no, "ZVF23210000242102000003"};
  c.billed_record = somatic();
  return c;
}

TEST(BillingPlanner, CorrectionCreditsTheBilledPostingAndPostsTheNewVersion) {
  BillingInput in = input(Period(2021, 3), Period(2021, 3));
  // R1 was billed in February at 8 000.00 kr (posting 55, line 4 of 0300000030);
  // its new version costs 8 500.00 kr with the same DRG: reason 2.
  Posting billed = care("R1", "20", ymd(2021, 2, 15), 800000);
  billed.id = 55;
  Posting next = care("R1", "20", ymd(2021, 2, 15), 850000);
  next.record_version = 2;
  in.versions.changed.push_back(changed(next, billed, "0300000030", 4));
  // R2's new version changes nothing invoiced (reason 0): no posting.
  Posting billed2 = care("R2", "20", ymd(2021, 2, 20), 300000);
  billed2.id = 56;
  Posting same = billed2;
  same.id = 0;
  same.record_version = 2;
  in.versions.changed.push_back(changed(same, billed2, "0300000030", 5));
  const BillingPlan plan = plan_billing(in);

  ASSERT_EQ(plan.invoices.size(), 2u);
  const Invoice& inv = plan.invoices[0];  // the new version, on March's care invoice
  EXPECT_EQ(inv.number, "0300000042");
  EXPECT_EQ(inv.spec_id, "ZVF23210000242103000001");
  EXPECT_EQ(inv.total.ore(), 850000);
  const Invoice& credit = plan.invoices[1];
  EXPECT_EQ(credit.type, InvoiceType::credit);
  EXPECT_EQ(credit.kind, BillingKind::care);
  EXPECT_EQ(credit.number, "0300000043");
  EXPECT_EQ(credit.reference_number, "0300000030");
  EXPECT_EQ(credit.spec_id, "ZVF23210000242103000002");
  EXPECT_EQ(credit.buyer, "20");
  EXPECT_EQ(credit.total.ore(), 800000);  // positive on the credit note

  ASSERT_EQ(plan.postings.size(), 2u);
  EXPECT_EQ(plan.postings[0].kind, PostingKind::care);
  EXPECT_EQ(plan.postings[0].amount.ore(), 850000);
  const Posting& reversal = plan.postings[1];
  EXPECT_EQ(reversal.kind, PostingKind::reversal);
  EXPECT_EQ(reversal.id, 102);
  EXPECT_EQ(reversal.reverses, 55);
  EXPECT_EQ(reversal.reason_code, 2);
  EXPECT_EQ(reversal.amount.ore(), -800000);
  const InvoiceLine& line = plan.lines[1];
  EXPECT_EQ(line.amount.ore(), 800000);
  EXPECT_EQ(line.reference_number, "0300000030");
  EXPECT_EQ(line.reference_line, 4);
  EXPECT_EQ(line.reason_code, 2);

  EXPECT_EQ(plan.summary.reversals, 1);
  EXPECT_EQ(plan.summary.credit_notes, 1);
  EXPECT_EQ(plan.summary.credited.ore(), 800000);
  EXPECT_EQ(plan.summary.invoiced.ore(), 850000);
  // Follow-up of this run: +850 000 − 800 000 öre; contacts +1 −1 (still one in force).
  EXPECT_EQ(fact_totals(plan.facts), std::make_pair(int64_t{50000}, int64_t{0}));
}

TEST(BillingPlanner, ABuyerChangeIsReasonOneAndAMissingBilledRecordIsAnError) {
  BillingInput in = input(Period(2021, 3), Period(2021, 3));
  Posting billed = care("R1", "20", ymd(2021, 3, 1), 800000);
  billed.id = 55;
  PricedVersions::Changed c =
      changed(care("R1", "21", ymd(2021, 3, 1), 800000), billed, "0300000030", 1);
  in.versions.changed.push_back(c);
  const BillingPlan plan = plan_billing(in);
  ASSERT_EQ(plan.invoices.size(), 2u);
  EXPECT_EQ(plan.invoices[0].buyer, "21");  // the new buyer's invoice
  EXPECT_EQ(plan.invoices[1].buyer, "20");  // the credit note to the old buyer
  EXPECT_EQ(plan.lines[1].reason_code, 1);

  in.versions.changed[0].billed_record.reset();
  EXPECT_THROW(plan_billing(in), std::logic_error);
}

// Ranges of consecutive counties holding at most the bound; Dalarna (20)
// alone holds more and gets a range of its own. Open below and above.
TEST(BillingPlanner, BuyerRangesHoldAtMostTheBoundExceptACountyAlone) {
  const std::map<std::string, int64_t> rows = {
      {"04", 3}, {"17", 2}, {"18", 2}, {"20", 5}, {"21", 1}};
  const std::vector<BuyerRange> ranges = buyer_ranges(rows, 4);
  const std::vector<BuyerRange> expected = {
      {std::nullopt, "17"}, {"17", "20"}, {"20", "21"}, {"21", std::nullopt}};
  EXPECT_EQ(ranges, expected);
  const std::vector<BuyerRange> whole = {{std::nullopt, std::nullopt}};
  EXPECT_EQ(buyer_ranges(rows, 13), whole);  // 3 + 2 + 2 + 5 + 1 = 13 fit
  EXPECT_EQ(buyer_ranges(rows, 12),
            (std::vector<BuyerRange>{{std::nullopt, "21"}, {"21", std::nullopt}}));
  EXPECT_EQ(buyer_ranges({}, 1), whole);
}

// What a plan issues, field by field: invoices, then each posting with its line.
std::string issued_text(const BillingPlan& plan, const std::vector<Posting>& postings,
                        const std::vector<InvoiceLine>& lines) {
  std::string out;
  for (const Invoice& i : plan.invoices)
    out += i.number + " " + i.buyer + " " + std::to_string(static_cast<int>(i.type)) + " " +
           i.spec_id + " " + i.reference_number + " " + std::to_string(i.total.ore()) + " " +
           std::to_string(i.lines) + "\n";
  for (size_t k = 0; k < postings.size(); ++k)
    out += std::to_string(postings[k].id) + " " + postings[k].record_id + " " +
           std::to_string(static_cast<int>(postings[k].kind)) + " " + postings[k].buyer + " " +
           std::to_string(postings[k].amount.ore()) + " " + lines[k].number + ":" +
           std::to_string(lines[k].line_no) + " " + lines[k].reference_number + " " +
           std::to_string(lines[k].reason_code) + "\n";
  return out;
}

// A month planned in parts (care of buyers 04 and 20, care of 21, then the
// credit notes and subscriptions) issues what the whole month's plan does:
// the same invoices, numbers, specification ids, postings, lines, summary
// and follow-up facts. R5 moves from 20 to 21 (its new posting on 21's
// invoice in the second part, its reversal on the credit note to 20).
TEST(BillingPlanner, AMonthInPartsIssuesWhatTheWholeMonthDoes) {
  BillingInput in = input(Period(2021, 3), Period(2021, 3));
  in.counters.last_spec_counter["ZVF23210000242103"] = 2;
  in.versions.added.push_back({care("R1", "20", ymd(2021, 3, 20), 500000), somatic()});
  in.versions.added.push_back({care("R2", "04", ymd(2021, 3, 10), 1234567), somatic()});
  in.versions.added.push_back({care("R3", "21", ymd(2021, 3, 5), 250050), somatic()});
  in.versions.added.push_back({care("R4", "20", ymd(2021, 3, 5), 70000), somatic()});
  Posting billed5 = care("R5", "20", ymd(2021, 2, 1), 800000);
  billed5.id = 55;
  PricedVersions::Changed moved =
      changed(care("R5", "21", ymd(2021, 2, 1), 800000), billed5, "0300000030", 1);
  Posting billed6 = care("R6", "04", ymd(2021, 2, 3), 300000);
  billed6.id = 56;
  Posting dearer = care("R6", "04", ymd(2021, 2, 3), 310000);
  dearer.record_version = 2;
  PricedVersions::Changed repriced = changed(dearer, billed6, "0300000029", 2);
  in.versions.changed = {moved, repriced};
  SubscriptionYear y;
  y.year = 2021;
  y.agreement_id = "AS-2021";
  y.amounts["20"] = Money::from_ore(1200000);
  y.amounts["21"] = Money::from_ore(600000);
  y.newly_fixed = true;
  in.subscriptions = {y};

  const BillingPlan whole = plan_billing(in);

  auto collect = [](std::vector<Posting>& ps, std::vector<InvoiceLine>& ls) {
    return [&ps, &ls](const std::vector<Posting>& p, const std::vector<InvoiceLine>& l) {
      ps.insert(ps.end(), p.begin(), p.end());
      ls.insert(ls.end(), l.begin(), l.end());
    };
  };
  std::vector<Posting> postings;
  std::vector<InvoiceLine> lines;
  BillingCounters counters = in.counters;
  std::vector<BillingPlan> parts;
  for (const std::vector<std::string>& buyers :
       {std::vector<std::string>{"04", "20"}, std::vector<std::string>{"21"}}) {
    BillingInput part = input(Period(2021, 3), Period(2021, 3));
    part.part = PlanPart::care;
    part.counters = counters;
    for (const auto& a : in.versions.added)
      if (std::count(buyers.begin(), buyers.end(), a.posting.buyer))
        part.versions.added.push_back(a);
    for (const auto& c : in.versions.changed)
      if (std::count(buyers.begin(), buyers.end(), c.posting.buyer))
        part.versions.changed.push_back(c);
    parts.push_back(plan_billing(part, collect(postings, lines)));
    counters = parts.back().next_counters;
  }
  BillingInput closing = in;
  closing.part = PlanPart::closing;
  closing.versions.added.clear();
  closing.counters = counters;
  parts.push_back(plan_billing(closing, collect(postings, lines)));

  BillingPlan joined;
  BillSummary& sum = joined.summary;
  for (const BillingPlan& p : parts) {
    joined.invoices.insert(joined.invoices.end(), p.invoices.begin(), p.invoices.end());
    joined.facts.add(p.facts);
    joined.fixed_terms.insert(p.fixed_terms.begin(), p.fixed_terms.end());
    sum.care_postings += p.summary.care_postings;
    sum.reversals += p.summary.reversals;
    sum.subscription_postings += p.summary.subscription_postings;
    sum.care_invoices += p.summary.care_invoices;
    sum.credit_notes += p.summary.credit_notes;
    sum.subscription_invoices += p.summary.subscription_invoices;
    sum.lines += p.summary.lines;
    sum.invoiced += p.summary.invoiced;
    sum.credited += p.summary.credited;
  }
  ASSERT_EQ(whole.invoices.size(),
            7u);  // care 04, 20, 21; credit notes to 0300000029, 30; subscriptions 20, 21
  EXPECT_EQ(issued_text(joined, postings, lines), issued_text(whole, whole.postings, whole.lines));
  EXPECT_EQ(parts[0].fixed_terms.size() + parts[1].fixed_terms.size(), 0u);
  EXPECT_EQ(joined.fixed_terms, whole.fixed_terms);
  EXPECT_EQ(joined.facts.rows(), whole.facts.rows());
  EXPECT_EQ(sum.invoiced, whole.summary.invoiced);
  EXPECT_EQ(sum.credited, whole.summary.credited);
  EXPECT_EQ(sum.lines, whole.summary.lines);
  EXPECT_EQ(sum.care_invoices, 3);
  EXPECT_EQ(sum.credit_notes, 2);
  EXPECT_EQ(sum.subscription_invoices, 2);
  EXPECT_EQ(parts.back().next_counters.last_seq, whole.next_counters.last_seq);
  EXPECT_EQ(parts.back().next_counters.next_posting_id, whole.next_counters.next_posting_id);
  EXPECT_EQ(parts.back().next_counters.last_spec_counter, whole.next_counters.last_spec_counter);
  // Parts 1 and 2 issue care only; the closing part no care.
  EXPECT_EQ(parts[0].invoices.size(), 2u);
  EXPECT_EQ(parts[1].invoices.size(), 1u);
  EXPECT_EQ(parts[2].summary.care_invoices, 0);
}

TEST(BillingPlanner, SubscriptionMonthCatchesUpNeverPostedInstallments) {
  BillingInput in = input(Period(2021, 3), Period(2021, 4));
  in.issue_date = ymd(2021, 5, 10);
  // 2020: buyer 21, S = 6 000.07 kr: 11 × 500.00 + December 500.07; December never posted.
  SubscriptionYear y2020;
  y2020.year = 2020;
  y2020.agreement_id = "AS-2020";
  y2020.agreement_version = 2;
  y2020.amounts["21"] = Money::from_ore(600007);
  y2020.posted_months["21"] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  // 2021, fixed by this run: buyer 20, S = 120 000.05 kr: 11 × 10 000.00 +
  // December 10 000.05; January posted, February never; buyer 22 S = 0.
  SubscriptionYear y2021;
  y2021.year = 2021;
  y2021.agreement_id = "AS-2021";
  y2021.agreement_version = 1;
  y2021.amounts["20"] = Money::from_ore(12000005);
  y2021.amounts["22"] = Money::from_ore(0);
  y2021.newly_fixed = true;
  y2021.posted_months["20"] = {1};
  in.subscriptions = {y2020, y2021};
  const BillingPlan plan = plan_billing(in);

  ASSERT_EQ(plan.invoices.size(), 3u);
  const Invoice& march20 = plan.invoices[0];
  EXPECT_EQ(march20.kind, BillingKind::subscription);
  EXPECT_EQ(march20.buyer, "20");
  EXPECT_EQ(march20.period, Period(2021, 3));
  EXPECT_EQ(march20.lines, 2);              // February and March
  EXPECT_EQ(march20.total.ore(), 2000000);  // 2 × 1 000 000
  EXPECT_EQ(march20.spec_id, "");
  EXPECT_EQ(format_iso(march20.issue_date), "2021-05-10");
  EXPECT_EQ(format_iso(march20.due_date), "2021-06-09");
  const Invoice& march21 = plan.invoices[1];
  EXPECT_EQ(march21.buyer, "21");
  EXPECT_EQ(march21.total.ore(), 50007);  // 2020's December
  const Invoice& april20 = plan.invoices[2];
  EXPECT_EQ(april20.period, Period(2021, 4));
  EXPECT_EQ(april20.buyer, "20");
  EXPECT_EQ(april20.lines, 1);  // no catch-up after the first open month
  EXPECT_EQ(april20.total.ore(), 1000000);
  EXPECT_EQ(april20.number, "0300000044");

  ASSERT_EQ(plan.postings.size(), 4u);
  EXPECT_EQ(format_iso(plan.postings[0].billing_date), "2021-02-01");
  EXPECT_EQ(format_iso(plan.postings[1].billing_date), "2021-03-01");
  EXPECT_EQ(format_iso(plan.postings[2].billing_date), "2020-12-01");
  EXPECT_EQ(plan.postings[2].agreement_id, "AS-2020");
  EXPECT_EQ(plan.postings[2].agreement_version, 2);
  EXPECT_EQ(plan.postings[2].kind, PostingKind::subscription);
  EXPECT_FALSE(plan.lines[2].late);  // installments are never late

  EXPECT_EQ(plan.summary.subscription_invoices, 3);
  EXPECT_EQ(plan.summary.subscription_postings, 4);
  EXPECT_EQ(plan.summary.invoiced.ore(), 3050007);
  ASSERT_EQ(plan.fixed_terms.size(), 1u);  // only 2021 is fixed by this run
  EXPECT_EQ(plan.fixed_terms.at(2021).at("20").ore(), 12000005);
  EXPECT_EQ(fact_totals(plan.facts).first, 3050007);
}

TEST(BillingPlanner, AMonthWithNothingIssuesNoInvoice) {
  const BillingPlan plan = plan_billing(input(Period(2021, 5), Period(2021, 5)));
  EXPECT_TRUE(plan.invoices.empty());
  EXPECT_TRUE(plan.postings.empty());
  EXPECT_TRUE(plan.facts.rows().empty());
  EXPECT_EQ(plan.summary.from_period, Period(2021, 5));  // billed (closed) all the same
  EXPECT_EQ(plan.summary.lines, 0);
}

TEST(BillingPlanner, WithNoOpenMonthChangesOnlyWait) {
  // June is billed already: --through 2021-06 with from = July.
  BillingInput in = input(Period(2021, 7), Period(2021, 6));
  EXPECT_FALSE(in.months.open());
  EXPECT_EQ(format_iso(in.months.last_billing_date()), "2021-07-31");
  in.versions.added.push_back({care("R9", "20", ymd(2021, 6, 20), 100000), somatic()});
  const BillingPlan plan = plan_billing(in);
  EXPECT_EQ(plan.summary.waiting, 1);
  EXPECT_FALSE(plan.summary.from_period);
  EXPECT_TRUE(plan.invoices.empty());
  EXPECT_TRUE(plan.postings.empty());
}

TEST(BillingPlanner, BillingMonthsFollowTheLastBilledMonth) {
  const Period through(2021, 6);
  EXPECT_EQ(billing_months(Period(2021, 2), std::nullopt, std::nullopt, through)->from,
            Period(2021, 3));
  EXPECT_EQ(billing_months(Period(2020, 12), std::nullopt, std::nullopt, through)->from,
            Period(2021, 1));
  // A first run: January of the subscription year before the first care in February.
  EXPECT_EQ(billing_months(std::nullopt, ymd(2021, 2, 15), 2021, through)->from, Period(2021, 1));
  EXPECT_FALSE(billing_months(std::nullopt, std::nullopt, std::nullopt, through));
  const BillingMonths m{Period(2021, 3), through};
  EXPECT_EQ(m.month_for(ymd(2020, 11, 30)), Period(2021, 3));  // earlier: the first open month
  EXPECT_EQ(m.month_for(ymd(2021, 5, 31)), Period(2021, 5));
  EXPECT_EQ(format_iso(m.last_billing_date()), "2021-06-30");
}

struct Sorting : ::testing::Test {
  PricingAgreement agreement;
  Record record;
  PricedRecord priced;
  const Date last = ymd(2021, 3, 31);

  Sorting() {
    agreement.terms.id = "AS-2021";
    record.record_id = "R1";
    record.seller = "AS";
    record.county = "20";
    record.clinic = "Neuro";
    record.referral_id = "REF1";
    record.care_type = CareType::doctor_visit;
    record.admission_date = ymd(2021, 3, 2);
    priced.agreement = &agreement;
    priced.variable_amount = Money::from_ore(123400);
    priced.billing_year = 2021;
  }
};

TEST_F(Sorting, HeldVersionsAreReportedAndLeaveTheBilledOneInForce) {
  PricedVersions v;
  priced.held = HeldReason::no_agreement;
  const BilledVersion billed{55, 1, 0};
  v.add("AS", record, 2, 0, priced, &billed, last);
  ASSERT_EQ(v.held.size(), 1u);
  EXPECT_EQ(v.held[0].seller, "AS");
  EXPECT_EQ(v.held[0].record_id, "R1");
  EXPECT_EQ(v.held[0].reason, "no_agreement: no agreement for AS in 2021");
  EXPECT_EQ(format_iso(v.held[0].billing_date), "2021-03-02");
  EXPECT_TRUE(v.added.empty());
  EXPECT_TRUE(v.changed.empty());
}

TEST_F(Sorting, NewChangedBilledAndLaterVersions) {
  PricedVersions v;
  v.add("AS", record, 1, 0, priced, nullptr, last);  // never billed
  ASSERT_EQ(v.added.size(), 1u);
  EXPECT_EQ(v.added[0].posting.amount.ore(), 123400);
  EXPECT_EQ(v.added[0].record.clinic, "Neuro");
  EXPECT_TRUE(v.added[0].record.referral);
  EXPECT_EQ(v.added[0].record.care_type, CareType::doctor_visit);

  const BilledVersion billed{55, 1, 3};
  v.add("AS", record, 1, 3, priced, &billed, last);  // this very version is billed
  v.add("AS", record, 1, 4, priced, &billed, last);  // a new item set
  ASSERT_EQ(v.changed.size(), 1u);
  EXPECT_EQ(v.changed[0].billed_posting, 55);
  EXPECT_EQ(v.changed[0].posting.items_version, 4);

  record.admission_date = ymd(2021, 4, 1);  // after --through: not yet
  v.add("AS", record, 1, 0, priced, nullptr, last);
  EXPECT_EQ(v.added.size(), 1u);
  EXPECT_TRUE(v.held.empty());
}

}  // namespace
}  // namespace vardavtal
