#include "billing/app/settlement_text.h"

#include "core/decimal.h"

namespace vardavtal {

std::string points_text(int64_t points) {
  std::string s = format_scaled(points, 4);
  for (char& c : s)
    if (c == '.') c = ',';
  return s;
}

std::string describe(const SettlementBasis& b) {
  const std::string year = std::to_string(b.year);
  std::string s;
  if (b.kind == BillingKind::settlement && b.share.num == 0) {
    s = "Efterreglering " + year + ": avtalet har ingen efterreglering = 0,00";
  } else if (b.kind == BillingKind::settlement) {
    s = "Efterreglering " + year + ": " + b.share.text() + " × (KPP-kostnad " +
        b.kpp_cost.to_swedish() + " − fakturerat " + b.invoiced.to_swedish() +
        ") = " + b.due.to_swedish();
  } else if (b.commitment.committed == 0 && !b.commitment.cap) {
    s = "Volymåtagande " + year + ": inget åtagande för regionen i avtalet = 0,00";
  } else {
    const CommitmentOutcome& o = b.commitment;
    s = "Volymåtagande " + year + ": åtagande " + points_text(o.committed) + " poäng, levererat " +
        points_text(o.delivered);
    if (o.shortfall)
      s += ", underskott " + points_text(o.shortfall) + " × poängpris " +
           b.point_price.to_swedish() + " × andel = " + o.shortfall_amount.to_swedish();
    if (o.cap) s += ", tak " + points_text(*o.cap);
    if (o.above_cap)
      s += ", över taket " + points_text(o.above_cap) + " → kredit " +
           o.above_cap_credit.to_swedish();
    s += "; avräkning " + b.due.to_swedish();
  }
  if (b.settled_before != Money{}) s += "; tidigare reglerat " + b.settled_before.to_swedish();
  return s;
}

}  // namespace vardavtal
