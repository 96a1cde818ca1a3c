#include "store/settlement_reads.h"

#include <map>
#include <stdexcept>

namespace vardavtal {

namespace {

std::string first_day(int year) { return std::to_string(year) + "-01-01"; }
std::string last_day(int year) { return std::to_string(year) + "-12-31"; }

// The care postings in force of the seller's year, each joined to its
// record's latest version: a KPP cost often arrives after the care was
// billed, and a version that changes only it invoices nothing new
// (docs/ledger.md#year-end-settlement). The text after "FROM".
const char* const kInForce =
    "postings p JOIN records r ON r.seller = p.seller AND r.record_id = p.record_id AND NOT "
    "EXISTS (SELECT 1 FROM records n WHERE n.seller = r.seller AND n.record_id = r.record_id AND "
    "n.version > r.version) WHERE p.seller = :s AND p.kind = 'care' AND p.billing_date >= :f AND "
    "p.billing_date <= :t AND NOT EXISTS (SELECT 1 FROM postings x WHERE x.reverses = p.id)";

// A true-up's kind: settlement or commitment, as stored.
std::optional<BillingKind> kind_of(const std::string& text) {
  const std::optional<BillingKind> k = parse_billing_kind(text);
  if (k == BillingKind::settlement || k == BillingKind::commitment) return k;
  return std::nullopt;
}

// I and D per buyer, from the follow-up aggregates.
void read_invoiced(Store& store, const std::string& seller, int year,
                   std::map<std::string, SettlementBuyer>& out) {
  std::string s = seller, buyer;
  long long y = year, amount = 0, points = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT buyer, sum(amount), sum(CASE WHEN subscription = 0 THEN "
                              "points ELSE 0 END) FROM followup_facts WHERE seller = :s AND "
                              "billing_year = :y GROUP BY buyer",
       soci::use(s), soci::use(y), soci::into(buyer), soci::into(amount), soci::into(points));
  st.execute();
  while (st.fetch()) {
    SettlementBuyer& b = out[buyer];
    b.invoiced = Money::from_ore(amount);
    b.delivered = points;
  }
}

// C per buyer, from the care postings in force and their records' KPP costs.
void read_kpp_cost(Store& store, const std::string& seller, int year,
                   std::map<std::string, SettlementBuyer>& out) {
  std::string s = seller, f = first_day(year), t = last_day(year), buyer;
  long long cost = 0;
  soci::statement st = (store.sql().prepare
                            << std::string("SELECT p.buyer, COALESCE(sum(r.kpp_cost), 0) FROM ") +
                                   kInForce + " GROUP BY p.buyer",
                        soci::use(s, "s"), soci::use(f, "f"), soci::use(t, "t"), soci::into(buyer),
                        soci::into(cost));
  st.execute();
  while (st.fetch()) out[buyer].kpp_cost = Money::from_ore(cost);
}

// What earlier settle runs issued, and their latest invoice (380) per kind.
void read_settled(Store& store, const std::string& seller, int year,
                  std::map<std::string, SettlementBuyer>& out) {
  std::string s = seller, buyer, kind, number, type;
  long long y = year, amount = 0;
  soci::statement st =
      (store.sql().prepare
           << "SELECT b.buyer, b.kind, b.due - b.settled_before, i.number, i.type FROM "
              "settlement_bases b JOIN invoice_lines l ON l.posting_id = b.posting_id JOIN "
              "invoices i ON i.seller = l.seller AND i.number = l.number WHERE b.seller = :s AND "
              "b.year = :y ORDER BY i.seq",
       soci::use(s), soci::use(y), soci::into(buyer), soci::into(kind), soci::into(amount),
       soci::into(number), soci::into(type));
  st.execute();
  while (st.fetch()) {
    const std::optional<BillingKind> k = kind_of(kind);
    if (!k) throw std::runtime_error("settlement_bases: unknown kind '" + kind + "'");
    SettlementBuyer& b = out[buyer];
    b.settled[*k] += Money::from_ore(amount);
    if (type == "invoice") b.last_invoice[*k] = number;
  }
}

}  // namespace

std::vector<SettlementBuyer> settlement_buyers(Store& store, const std::string& seller, int year) {
  std::map<std::string, SettlementBuyer> by_buyer;
  read_invoiced(store, seller, year, by_buyer);
  read_kpp_cost(store, seller, year, by_buyer);
  read_settled(store, seller, year, by_buyer);
  std::vector<SettlementBuyer> out;
  for (auto& [buyer, b] : by_buyer) {
    b.buyer = buyer;
    out.push_back(std::move(b));
  }
  return out;
}

MissingKppCost billed_without_kpp_cost(Store& store, const std::string& seller, int year,
                                       size_t limit) {
  MissingKppCost out;
  std::string s = seller, f = first_day(year), t = last_day(year), id;
  long long n = 0;
  store.sql() << std::string("SELECT count(*) FROM ") + kInForce + " AND r.kpp_cost IS NULL",
      soci::use(s, "s"), soci::use(f, "f"), soci::use(t, "t"), soci::into(n);
  out.count = n;
  if (n == 0) return out;
  soci::statement st =
      (store.sql().prepare << std::string("SELECT p.record_id FROM ") + kInForce +
                                  " AND r.kpp_cost IS NULL ORDER BY p.record_id LIMIT " +
                                  std::to_string(limit),
       soci::use(s, "s"), soci::use(f, "f"), soci::use(t, "t"), soci::into(id));
  st.execute();
  while (st.fetch()) out.record_ids.push_back(id);
  return out;
}

std::set<std::string> settled_sellers(Store& store, int year) {
  std::set<std::string> out;
  std::string seller;
  long long y = year;
  soci::statement st = (store.sql().prepare << "SELECT DISTINCT seller FROM settlement_bases "
                                               "WHERE year = :y",
                        soci::use(y), soci::into(seller));
  st.execute();
  while (st.fetch()) out.insert(seller);
  return out;
}

void append_settlement_bases(Store& store, const std::vector<SettlementBasis>& bases) {
  for (const SettlementBasis& b : bases) {
    if (b.posting_id == 0) continue;
    const bool settlement = b.kind == BillingKind::settlement;
    const CommitmentOutcome& o = b.commitment;
    long long id = b.posting_id, year = b.year, version = b.agreement_version,
              kpp = b.kpp_cost.ore(), invoiced = b.invoiced.ore(), price = b.point_price.ore(),
              committed = o.committed, cap = o.cap.value_or(0), delivered = o.delivered,
              shortfall = o.shortfall_amount.ore(), above = o.above_cap_credit.ore(),
              due = b.due.ore(), before = b.settled_before.ore();
    std::string seller = b.seller, buyer = b.buyer, kind(to_string(b.kind)),
                agreement = b.agreement_id, share = b.share.text();
    // One indicator per bound value (SOCI binds them by reference).
    soci::indicator s1 = settlement ? soci::i_ok : soci::i_null, s2 = s1, s3 = s1;
    soci::indicator c1 = settlement ? soci::i_null : soci::i_ok, c2 = c1, c3 = c1, c4 = c1, c5 = c1;
    soci::indicator has_cap = !settlement && o.cap ? soci::i_ok : soci::i_null;
    store.sql() << "INSERT INTO settlement_bases (posting_id, seller, buyer, year, kind, "
                   "agreement_id, agreement_version, kpp_cost, invoiced, share, point_price, "
                   "committed_points, cap_points, delivered_points, shortfall_amount, "
                   "above_cap_credit, due, settled_before) VALUES (:id, :seller, :buyer, :year, "
                   ":kind, :agreement, :version, :kpp, :invoiced, :share, :price, :committed, "
                   ":cap, :delivered, :shortfall, :above, :due, :before)",
        soci::use(id), soci::use(seller), soci::use(buyer), soci::use(year), soci::use(kind),
        soci::use(agreement), soci::use(version), soci::use(kpp, s1), soci::use(invoiced, s2),
        soci::use(share, s3), soci::use(price, c1), soci::use(committed, c2),
        soci::use(cap, has_cap), soci::use(delivered, c3), soci::use(shortfall, c4),
        soci::use(above, c5), soci::use(due), soci::use(before);
  }
}

std::optional<SettlementBasis> settlement_basis_of(Store& store, int64_t posting_id) {
  SettlementBasis b;
  std::string kind, share;
  long long id = posting_id, year = 0, version = 0, kpp = 0, invoiced = 0, price = 0,
            committed = 0, cap = 0, delivered = 0, shortfall = 0, above = 0, due = 0, before = 0;
  soci::indicator i_kpp, i_inv, i_share, i_price, i_comm, i_cap, i_del, i_short, i_above;
  store.sql() << "SELECT seller, buyer, year, kind, agreement_id, agreement_version, kpp_cost, "
                 "invoiced, share, point_price, committed_points, cap_points, delivered_points, "
                 "shortfall_amount, above_cap_credit, due, settled_before FROM settlement_bases "
                 "WHERE posting_id = :id",
      soci::use(id), soci::into(b.seller), soci::into(b.buyer), soci::into(year), soci::into(kind),
      soci::into(b.agreement_id), soci::into(version), soci::into(kpp, i_kpp),
      soci::into(invoiced, i_inv), soci::into(share, i_share), soci::into(price, i_price),
      soci::into(committed, i_comm), soci::into(cap, i_cap), soci::into(delivered, i_del),
      soci::into(shortfall, i_short), soci::into(above, i_above), soci::into(due),
      soci::into(before);
  if (!store.sql().got_data()) return std::nullopt;
  const std::optional<BillingKind> k = kind_of(kind);
  if (!k) throw std::runtime_error("settlement_bases: unknown kind '" + kind + "'");
  auto ok = [](soci::indicator i) { return i == soci::i_ok; };
  b.posting_id = posting_id;
  b.year = static_cast<int>(year);
  b.kind = *k;
  b.agreement_version = version;
  if (ok(i_kpp)) b.kpp_cost = Money::from_ore(kpp);
  if (ok(i_inv)) b.invoiced = Money::from_ore(invoiced);
  if (ok(i_share)) {
    const std::optional<Fraction> f = Fraction::parse(share);
    if (!f) throw std::runtime_error("settlement_bases: bad share '" + share + "'");
    b.share = *f;
  }
  if (ok(i_price)) b.point_price = Money::from_ore(price);
  CommitmentOutcome& o = b.commitment;
  if (ok(i_comm)) o.committed = committed;
  if (ok(i_cap)) o.cap = cap;
  if (ok(i_del)) o.delivered = delivered;
  o.shortfall = std::max<int64_t>(0, o.committed - o.delivered);
  if (o.cap) o.above_cap = std::max<int64_t>(0, o.delivered - *o.cap);
  if (ok(i_short)) o.shortfall_amount = Money::from_ore(shortfall);
  if (ok(i_above)) o.above_cap_credit = Money::from_ore(above);
  b.due = Money::from_ore(due);
  b.settled_before = Money::from_ore(before);
  return b;
}

std::vector<SettledRow> settled_by_seller_year(Store& store, const std::string& buyer,
                                               int from_year, int to_year) {
  std::map<std::pair<std::string, int>, SettledRow> rows;
  std::string b = buyer, seller, kind;
  long long from = from_year, to = to_year, year = 0, amount = 0;
  soci::statement st =
      (store.sql().prepare << "SELECT seller, year, kind, sum(due - settled_before) FROM "
                              "settlement_bases WHERE buyer = :b AND year >= :f AND year <= :t "
                              "GROUP BY seller, year, kind",
       soci::use(b), soci::use(from), soci::use(to), soci::into(seller), soci::into(year),
       soci::into(kind), soci::into(amount));
  st.execute();
  while (st.fetch()) {
    SettledRow& r = rows[{seller, static_cast<int>(year)}];
    r.seller = seller;
    r.year = static_cast<int>(year);
    (kind == "settlement" ? r.settlement : r.commitment) += Money::from_ore(amount);
  }
  std::vector<SettledRow> out;
  for (auto& [key, r] : rows) out.push_back(std::move(r));
  return out;
}

}  // namespace vardavtal
