// The year-end true-ups of `vardavtal settle` (billing rules §8.4, §8.5;
// docs/ledger.md#year-end-settlement): the pure decisions, no I/O. For one
// seller and agreement year, each buyer's settlement of the cost difference
// (round(share × (C − I))) and its volume commitment's true-up are due; what
// earlier settle runs issued for that buyer, year and kind is subtracted, and
// only the difference is posted: an invoice (380) when positive, a credit
// note (381) when negative, nothing when zero. The caller reads the buyers'
// year (SettlementBuyer), plans, and appends the plan in one transaction.
// Value types and pure functions; any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/decimal.h"
#include "core/money.h"
#include "ledger/billing_planner.h"
#include "ledger/invoice.h"
#include "ledger/posting.h"
#include "pricing/catalogue.h"
#include "pricing/commitment.h"

namespace vardavtal {

// What one buyer's agreement year holds when it is settled.
struct SettlementBuyer {
  std::string buyer;
  Money kpp_cost;         // C: Σ KPP cost of the buyer's billed records of the year
  Money invoiced;         // I: its care, corrections and installments of the year
  int64_t delivered = 0;  // D: DRG points of those records, 10^-4
  // Issued by earlier settle runs, by kind (settlement, commitment), signed.
  std::map<BillingKind, Money> settled;
  // The latest settlement or commitment invoice (380) of each kind, which a
  // later credit note refers to; absent when none.
  std::map<BillingKind, std::string> last_invoice;
};

// One buyer's true-up of one kind: what is due on the year as it stands, and
// how it was reached. Stored beside its posting (settlement_bases) so that
// the documents and the follow-up show the computation.
struct SettlementBasis {
  int64_t posting_id = 0;  // 0: nothing posted (no difference)
  std::string seller, buyer;
  int year = 0;
  BillingKind kind = BillingKind::settlement;
  std::string agreement_id;
  int64_t agreement_version = 0;
  // settlement: C, I and the share
  Money kpp_cost, invoiced;
  Fraction share;
  // commitment: the outcome on the delivered points at the point price
  CommitmentOutcome commitment;
  Money point_price;
  Money due;             // the year's true-up on this basis
  Money settled_before;  // by earlier settle runs

  Money amount() const { return due - settled_before; }  // what this run posts
  bool operator==(const SettlementBasis&) const = default;
};

struct SettlementInput {
  BillingSeller seller;
  int year = 0;
  // The seller's agreement of the year, its point price resolved when it has
  // a [commitment]; it has a [settlement] or a [commitment], or buyers were
  // settled before under terms it no longer has.
  const PricingAgreement* agreement = nullptr;
  std::vector<SettlementBuyer> buyers;  // buyers with postings or settlements of the year
  BillingCounters counters;             // run id, next posting id, last sequence number
  Date issue_date{};
};

struct SettlementPlan {
  std::vector<SettlementBasis> bases;  // every buyer's, in buyer then kind order
  std::vector<Posting> postings;       // one per basis with a difference
  std::vector<Invoice> invoices;       // one per posting, in number order
  std::vector<InvoiceLine> lines;
  BillingCounters next_counters;
};

// The bases of `in` (settlement for every buyer when the agreement has a
// [settlement], commitment for every committed buyer, with nothing delivered
// when it bought nothing; and, with nothing due, each kind a buyer was
// settled before that the agreement no longer has), each difference posted
// and invoiced or credited. Given the same input, the same plan.
SettlementPlan plan_settlement(const SettlementInput& in);

}  // namespace vardavtal
