#include "ledger/settlement.h"

#include <stdexcept>

#include "core/error_text.h"

namespace vardavtal {

namespace {


SettlementBasis basis_of(const SettlementInput& in, const SettlementBuyer& b, BillingKind kind) {
  SettlementBasis x;
  x.seller = in.seller.code;
  x.buyer = b.buyer;
  x.year = in.year;
  x.kind = kind;
  x.agreement_id = in.agreement->terms.id;
  x.agreement_version = in.agreement->version;
  auto settled = b.settled.find(kind);
  x.settled_before = settled == b.settled.end() ? Money{} : settled->second;
  return x;
}

// The cost difference's settlement (§8.4) of one buyer; share 0/1 (nothing
// due) when the agreement no longer settles.
SettlementBasis settlement_basis(const SettlementInput& in, const SettlementBuyer& b) {
  SettlementBasis x = basis_of(in, b, BillingKind::settlement);
  x.kpp_cost = b.kpp_cost;
  x.invoiced = b.invoiced;
  x.share = in.agreement->terms.settlement_share.value_or(Fraction{0, 1});
  x.due = settlement_amount(x.share, x.kpp_cost, x.invoiced);
  return x;
}

// The volume commitment's true-up (§8.5) of one buyer; nothing due (and
// nothing committed) when the agreement no longer commits it.
SettlementBasis commitment_basis(const SettlementInput& in, const SettlementBuyer& b) {
  SettlementBasis x = basis_of(in, b, BillingKind::commitment);
  x.commitment.delivered = b.delivered;
  if (!in.agreement->terms.commitment_points.count(b.buyer)) return x;
  if (!in.agreement->point_price)
    throw BadArgument(in.agreement->point_price_error.empty() ? "the agreement has no point price"
                                                              : in.agreement->point_price_error,
                      in.agreement->point_price_error_sv.empty()
                          ? "avtalet har inget poängpris"
                          : in.agreement->point_price_error_sv);
  x.point_price = *in.agreement->point_price;
  x.commitment = *commitment_outcome(in.agreement->terms, b.buyer, x.point_price, b.delivered);
  x.due = x.commitment.true_up();
  return x;
}

Money settled(const SettlementBuyer& b, BillingKind k) {
  auto it = b.settled.find(k);
  return it == b.settled.end() ? Money{} : it->second;
}

// Every buyer of the year and every committed buyer (with nothing delivered
// when it bought nothing), in buyer order.
std::map<std::string, SettlementBuyer> buyers_of(const SettlementInput& in) {
  std::map<std::string, SettlementBuyer> out;
  for (const SettlementBuyer& b : in.buyers) out[b.buyer] = b;
  for (const auto& [buyer, points] : in.agreement->terms.commitment_points)
    out.try_emplace(buyer).first->second.buyer = buyer;
  return out;
}

// The posting, invoice and line of a basis with a difference.
void issue(const SettlementInput& in, const SettlementBuyer& b, SettlementBasis& x,
           SettlementPlan& plan, BillingCounters& c) {
  const Money amount = x.amount();
  Posting p;
  p.id = c.next_posting_id++;
  p.run_id = c.run_id;
  p.kind = x.kind == BillingKind::settlement ? PostingKind::settlement : PostingKind::commitment;
  p.seller = x.seller;
  p.buyer = x.buyer;
  p.billing_date = date::year{in.year} / date::December / 31;
  p.amount = amount;
  p.agreement_id = x.agreement_id;
  p.agreement_version = x.agreement_version;
  x.posting_id = p.id;

  Invoice inv;
  inv.seller = x.seller;
  inv.seq = ++c.last_seq;
  inv.number = invoice_number(in.seller.county, inv.seq);
  inv.run_id = c.run_id;
  inv.type = amount < Money{} ? InvoiceType::credit : InvoiceType::invoice;
  inv.kind = x.kind;
  inv.buyer = x.buyer;
  inv.period = Period(in.year, 12);
  inv.issue_date = in.issue_date;
  inv.due_date = due_date(in.issue_date);
  if (inv.type == InvoiceType::credit) {
    auto last = b.last_invoice.find(x.kind);
    if (last != b.last_invoice.end()) inv.reference_number = last->second;
  }
  InvoiceLine line;
  line.seller = inv.seller;
  line.number = inv.number;
  line.line_no = 1;
  line.posting_id = p.id;
  line.amount = inv.type == InvoiceType::credit ? -amount : amount;
  line.reference_number = inv.reference_number;
  inv.total = line.amount;
  inv.lines = 1;
  plan.postings.push_back(std::move(p));
  plan.lines.push_back(std::move(line));
  plan.invoices.push_back(std::move(inv));
}

}  // namespace

SettlementPlan plan_settlement(const SettlementInput& in) {
  if (!in.agreement) throw std::invalid_argument("settle: no agreement");
  const Agreement& terms = in.agreement->terms;
  SettlementPlan plan;
  BillingCounters c = in.counters;
  const std::map<std::string, SettlementBuyer> buyers = buyers_of(in);
  // A kind the agreement has, or one settled before that it no longer has
  // (its earlier true-ups are then undone).
  for (const auto& [code, b] : buyers) {
    if (terms.settlement_share || settled(b, BillingKind::settlement) != Money{})
      plan.bases.push_back(settlement_basis(in, b));
    if (terms.commitment_points.count(code) || settled(b, BillingKind::commitment) != Money{})
      plan.bases.push_back(commitment_basis(in, b));
  }
  for (SettlementBasis& x : plan.bases)
    if (x.amount() != Money{}) issue(in, buyers.at(x.buyer), x, plan, c);
  plan.next_counters = c;
  return plan;
}

}  // namespace vardavtal
