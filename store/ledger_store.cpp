#include "store/ledger_store.h"

#include <algorithm>
#include <functional>

#include "store/versioned_writer.h"

namespace vardavtal {

namespace {
constexpr ColType T = ColType::text;
constexpr ColType I = ColType::integer;

const TableSpec& posting_table() {
  static const TableSpec s{
      "postings",
      {{"id", I}},
      {{"run_id", I}, {"kind", T}, {"seller", T}, {"buyer", T}, {"billing_date", T},
       {"record_id", T}, {"record_version", I}, {"items_version", I}, {"reverses", I},
       {"reason_code", I}, {"drg", T}, {"weight", I}, {"care_days", I}, {"outlier", T},
       {"drg_amount", I}, {"los_outlier_amount", I}, {"cost_outlier_amount", I},
       {"items_amount", I}, {"patient_fee", I}, {"gross", I}, {"amount", I},
       {"agreement_id", T}, {"agreement_version", I}, {"weights_year", I},
       {"weight_version", I}, {"price_list_version", I}, {"content_hash", I}},
      false};
  return s;
}

const TableSpec& invoice_table() {
  static const TableSpec s{"invoices",
                           {{"seller", T}, {"number", T}},
                           {{"seq", I}, {"run_id", I}, {"type", T}, {"kind", T}, {"buyer", T},
                            {"period", T}, {"issue_date", T}, {"due_date", T}, {"spec_id", T},
                            {"reference_number", T}, {"total", I}, {"lines", I},
                            {"late_lines", I}},
                           false};
  return s;
}

const TableSpec& line_table() {
  static const TableSpec s{"invoice_lines",
                           {{"seller", T}, {"number", T}, {"line_no", I}},
                           {{"posting_id", I}, {"amount", I}, {"late", I},
                            {"reference_number", T}, {"reference_line", I}, {"reason_code", I}},
                           false};
  return s;
}

const TableSpec& facts_table() {
  static const TableSpec s{
      "followup_facts",
      {{"run_id", I}, {"seller", T}, {"buyer", T}, {"period_year", I}, {"billing_year", I},
       {"subscription", I}, {"care_type", T}, {"drg", T}, {"clinic", T}, {"outlier", I},
       {"referral", I}},
      {{"contacts", I}, {"points", I}, {"inlier_kpp", I}, {"inlier_points", I}, {"amount", I},
       {"variable", I}, {"outliers", I}, {"items", I}},
      false};
  return s;
}

void text_or_null(RowValues& v, size_t col, const std::string& s) {
  if (s.empty()) v.null(col); else v.text(col, s);
}
void int_or_null(RowValues& v, size_t col, int64_t x) {
  if (x == 0) v.null(col); else v.integer(col, x);
}
void date(RowValues& v, size_t col, Date d) {
  char b[10];
  format_iso(d, b);
  v.text(col, std::string_view(b, 10));
}

const char* kPostingColumns =
    "p.id, p.run_id, p.kind, p.seller, p.buyer, p.billing_date, p.record_id, p.record_version, "
    "p.items_version, p.reverses, p.reason_code, p.drg, p.weight, p.care_days, p.outlier, "
    "p.drg_amount, p.los_outlier_amount, p.cost_outlier_amount, p.items_amount, p.patient_fee, "
    "p.gross, p.amount, p.agreement_id, p.agreement_version, p.weights_year, p.weight_version, "
    "p.price_list_version, p.content_hash";

// Reads rows of kPostingColumns (plus extra text columns after them).
class PostingReader {
 public:
  explicit PostingReader(soci::statement& st, size_t extra = 0) : extra_(extra) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(run));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(seller));
    st.exchange(soci::into(buyer));
    st.exchange(soci::into(billing));
    st.exchange(soci::into(record_id, ind[0]));
    st.exchange(soci::into(ints[0], ind[1]));
    st.exchange(soci::into(ints[1], ind[2]));
    st.exchange(soci::into(ints[2], ind[3]));
    st.exchange(soci::into(ints[3], ind[4]));
    st.exchange(soci::into(drg, ind[5]));
    st.exchange(soci::into(ints[4], ind[6]));
    st.exchange(soci::into(ints[5], ind[7]));
    st.exchange(soci::into(outlier, ind[8]));
    for (int i = 0; i < 7; ++i) st.exchange(soci::into(money[i]));
    st.exchange(soci::into(agreement, ind[9]));
    st.exchange(soci::into(ints[6], ind[10]));
    st.exchange(soci::into(ints[7], ind[11]));
    st.exchange(soci::into(ints[8], ind[12]));
    st.exchange(soci::into(ints[9], ind[13]));
    st.exchange(soci::into(hash));
    for (size_t i = 0; i < extra_; ++i) st.exchange(soci::into(extras[i], extra_ind[i]));
  }
  Posting get() const {
    Posting p;
    auto n = [&](int i, int indi) { return ind[indi] == soci::i_ok ? ints[i] : 0LL; };
    auto s = [&](const std::string& v, int indi) { return ind[indi] == soci::i_ok ? v : ""; };
    p.id = id;
    p.run_id = run;
    p.kind = kind == "reversal" ? PostingKind::reversal
             : kind == "subscription" ? PostingKind::subscription
                                      : PostingKind::care;
    p.seller = seller;
    p.buyer = buyer;
    p.billing_date = parse_iso_date(billing).value_or(Date{});
    p.record_id = s(record_id, 0);
    p.record_version = n(0, 1);
    p.items_version = n(1, 2);
    p.reverses = n(2, 3);
    p.reason_code = static_cast<int>(n(3, 4));
    p.drg = s(drg, 5);
    p.weight = n(4, 6);
    p.care_days = static_cast<int>(n(5, 7));
    p.outlier = s(outlier, 8);
    Money* m[] = {&p.drg_amount, &p.los_outlier_amount, &p.cost_outlier_amount, &p.items_amount,
                  &p.patient_fee, &p.gross, &p.amount};
    for (int i = 0; i < 7; ++i) *m[i] = Money::from_ore(money[i]);
    p.agreement_id = s(agreement, 9);
    p.agreement_version = n(6, 10);
    p.weights_year = n(7, 11);
    p.weight_version = n(8, 12);
    p.price_list_version = n(9, 13);
    return p;
  }
  std::string extra(size_t i) const { return extra_ind[i] == soci::i_ok ? extras[i] : ""; }
  long long id = 0, run = 0, hash = 0, money[7] = {}, ints[10] = {};
  std::string kind, seller, buyer, billing, record_id, drg, outlier, agreement;
  std::string extras[6];
  soci::indicator ind[14] = {}, extra_ind[6] = {};

 private:
  size_t extra_;
};

long long scalar(soci::session& sql, const std::string& q, const std::string& param = "") {
  long long v = 0;
  soci::indicator ind = soci::i_null;
  if (param.empty()) sql << q, soci::into(v, ind);
  else sql << q, soci::use(param), soci::into(v, ind);
  return ind == soci::i_ok ? v : 0;
}

Invoice read_invoice(const std::string& seller, const std::string& number, long long seq,
                     long long run, const std::string& type, const std::string& kind,
                     const std::string& buyer, const std::string& period,
                     const std::string& issue, const std::string& due, const std::string& spec,
                     const std::string& ref, long long total, long long lines, long long late) {
  Invoice i;
  i.seller = seller;
  i.number = number;
  i.seq = seq;
  i.run_id = run;
  i.type = type == "credit" ? InvoiceType::credit : InvoiceType::invoice;
  i.kind = kind == "subscription" ? BillingKind::subscription : BillingKind::care;
  i.buyer = buyer;
  i.period = Period::parse(period).value_or(Period{});
  i.issue_date = parse_iso_date(issue).value_or(Date{});
  i.due_date = parse_iso_date(due).value_or(Date{});
  i.spec_id = spec;
  i.reference_number = ref;
  i.total = Money::from_ore(total);
  i.lines = lines;
  i.late_lines = late;
  return i;
}

}  // namespace

int64_t LedgerStore::next_run_id() {
  return scalar(store_.sql(), "SELECT max(id) FROM billing_runs") + 1;
}
int64_t LedgerStore::next_posting_id() {
  return scalar(store_.sql(), "SELECT max(id) FROM postings") + 1;
}

void LedgerStore::record_run(int64_t run_id, Period through,
                             const std::optional<std::string>& seller) {
  long long id = run_id;
  std::string s = seller.value_or(""), now = utc_now_iso(), t = through.str();
  soci::indicator si = seller ? soci::i_ok : soci::i_null;
  store_.sql() << "INSERT INTO billing_runs (id, through_period, seller, started_at) VALUES "
                  "(:id, :t, :s, :at)",
      soci::use(id), soci::use(t), soci::use(s, si), soci::use(now);
}

std::optional<Period> LedgerStore::last_period(const std::string& seller) {
  // The runs' own record: a month billed with nothing to invoice is closed too.
  std::string runs, invoiced;
  soci::indicator i_runs = soci::i_null, i_invoiced = soci::i_null;
  store_.sql() << "SELECT max(through_period) FROM billing_runs WHERE seller = :s",
      soci::use(seller), soci::into(runs, i_runs);
  store_.sql() << "SELECT max(period) FROM invoices WHERE seller = :s", soci::use(seller),
      soci::into(invoiced, i_invoiced);
  std::optional<Period> last;
  if (i_runs == soci::i_ok) last = Period::parse(runs);
  if (i_invoiced == soci::i_ok) last = std::max(last, Period::parse(invoiced));
  return last;
}

int64_t LedgerStore::last_seq(const std::string& county) {
  // Numbers are the county code + 8 digits: the region's series.
  return scalar(store_.sql(), "SELECT max(seq) FROM invoices WHERE number LIKE :p",
                county + "________");
}

int64_t LedgerStore::last_spec_counter(const std::string& prefix) {
  std::string max;
  soci::indicator ind = soci::i_null;
  std::string like = prefix + "%";
  store_.sql() << "SELECT max(spec_id) FROM invoices WHERE spec_id LIKE :p", soci::use(like),
      soci::into(max, ind);
  return ind == soci::i_ok ? std::stoll(max.substr(prefix.size())) : 0;
}

std::optional<Date> LedgerStore::first_billing_date(const std::string& seller) {
  std::string d;
  soci::indicator ind = soci::i_null;
  store_.sql() << "SELECT min(billing_date) FROM records WHERE seller = :s", soci::use(seller),
      soci::into(d, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return parse_iso_date(d);
}

std::unordered_map<std::string, LedgerStore::OpenCare> LedgerStore::open_care(
    const std::string& seller) {
  std::unordered_map<std::string, OpenCare> out;
  std::string s = seller, record;
  long long id = 0, version = 0, items = 0;
  soci::indicator ind_items = soci::i_null;
  soci::statement st =
      (store_.sql().prepare << "SELECT p.record_id, p.id, p.record_version, p.items_version FROM "
                               "postings p WHERE p.seller = :s AND p.kind = 'care' AND NOT "
                               "EXISTS (SELECT 1 FROM postings x WHERE x.reverses = p.id)",
       soci::use(s), soci::into(record), soci::into(id), soci::into(version),
       soci::into(items, ind_items));
  st.execute();
  while (st.fetch())
    out[record] = OpenCare{id, version, ind_items == soci::i_ok ? items : 0};
  return out;
}

OpenCareLookup::OpenCareLookup(Store& store, const std::string& seller)
    : seller_(seller), st_(store.sql()) {
  st_.exchange(soci::use(seller_, "s"));
  st_.exchange(soci::use(record_id_, "r"));
  st_.exchange(soci::into(id_));
  st_.exchange(soci::into(version_));
  st_.exchange(soci::into(items_, items_ind_));
  st_.alloc();
  st_.prepare(
      "SELECT p.id, p.record_version, p.items_version FROM postings p WHERE p.seller = :s AND "
      "p.record_id = :r AND p.kind = 'care' AND NOT EXISTS (SELECT 1 FROM postings x WHERE "
      "x.reverses = p.id)");
  st_.define_and_bind();
}

std::optional<BilledVersion> OpenCareLookup::find(const std::string& record_id) {
  record_id_ = record_id;
  if (!st_.execute(true)) return std::nullopt;
  return BilledVersion{id_, version_, items_ind_ == soci::i_ok ? items_ : 0};
}

OpenPosting LedgerStore::open_posting(int64_t posting_id) {
  soci::statement st(store_.sql());
  PostingReader r(st, 3);
  long long id = posting_id;
  st.exchange(soci::use(id, "id"));
  st.alloc();
  st.prepare(std::string("SELECT ") + kPostingColumns +
             ", l.number, CAST(l.line_no AS text), i.spec_id FROM postings p "
             "JOIN invoice_lines l ON l.posting_id = p.id "
             "JOIN invoices i ON i.seller = l.seller AND i.number = l.number WHERE p.id = :id");
  st.define_and_bind();
  st.execute();
  if (!st.fetch()) throw StoreError("posting " + std::to_string(posting_id) + " is on no invoice");
  return OpenPosting{r.get(), r.extra(0), std::stoll(r.extra(1)), r.extra(2)};
}

std::map<std::string, Money> LedgerStore::subscription_terms(const std::string& seller, int year) {
  std::map<std::string, Money> out;
  std::string buyer;
  long long amount = 0, y = year;
  std::string s = seller;
  soci::statement st = (store_.sql().prepare << "SELECT buyer, amount FROM subscription_terms "
                                                "WHERE seller = :s AND year = :y",
                        soci::use(s), soci::use(y), soci::into(buyer), soci::into(amount));
  st.execute();
  while (st.fetch()) out[buyer] = Money::from_ore(amount);
  return out;
}

std::map<std::string, std::set<unsigned>> LedgerStore::subscription_months(
    const std::string& seller, int year) {
  std::map<std::string, std::set<unsigned>> out;
  std::string s = seller, buyer, day;
  std::string from = std::to_string(year) + "-01-01", to = std::to_string(year) + "-12-31";
  soci::statement st =
      (store_.sql().prepare << "SELECT buyer, billing_date FROM postings WHERE seller = :s AND "
                               "kind = 'subscription' AND billing_date BETWEEN :f AND :t",
       soci::use(s), soci::use(from), soci::use(to), soci::into(buyer), soci::into(day));
  st.execute();
  while (st.fetch())
    if (auto d = parse_iso_date(day)) out[buyer].insert(static_cast<unsigned>(d->month()));
  return out;
}

void LedgerStore::fix_subscription_terms(const std::string& seller, int year, int64_t run_id,
                                         const std::map<std::string, Money>& by_buyer) {
  for (const auto& [buyer, amount] : by_buyer) {
    long long y = year, a = amount.ore(), r = run_id;
    std::string s = seller, b = buyer;
    store_.sql() << "INSERT INTO subscription_terms (seller, buyer, year, amount, run_id) VALUES "
                    "(:s, :b, :y, :a, :r)",
        soci::use(s), soci::use(b), soci::use(y), soci::use(a), soci::use(r);
  }
}

void LedgerStore::append(const std::vector<Posting>& postings, const std::vector<Invoice>& invoices,
                         const std::vector<InvoiceLine>& lines) {
  soci::session& sql = store_.sql();
  {
    VersionedWriter w(sql, posting_table(), 0);
    for (const Posting& p : postings) {
      RowValues& v = w.values();
      v.integer(0, p.id);
      v.integer(1, p.run_id);
      v.text(2, to_string(p.kind));
      v.text(3, p.seller);
      v.text(4, p.buyer);
      date(v, 5, p.billing_date);
      text_or_null(v, 6, p.record_id);
      int_or_null(v, 7, p.record_version);
      int_or_null(v, 8, p.items_version);
      int_or_null(v, 9, p.reverses);
      int_or_null(v, 10, p.reason_code);
      text_or_null(v, 11, p.drg);
      int_or_null(v, 12, p.weight);
      int_or_null(v, 13, p.care_days);
      text_or_null(v, 14, p.outlier);
      size_t c = 15;
      for (Money m : {p.drg_amount, p.los_outlier_amount, p.cost_outlier_amount, p.items_amount,
                      p.patient_fee, p.gross, p.amount})
        v.integer(c++, m.ore());
      text_or_null(v, 22, p.agreement_id);
      int_or_null(v, 23, p.agreement_version);
      int_or_null(v, 24, p.weights_year);
      int_or_null(v, 25, p.weight_version);
      int_or_null(v, 26, p.price_list_version);
      v.integer(27, p.content_hash());
      w.append();
    }
    w.flush();
  }
  {
    VersionedWriter w(sql, invoice_table(), 0);
    for (const Invoice& i : invoices) {
      RowValues& v = w.values();
      v.text(0, i.seller);
      v.text(1, i.number);
      v.integer(2, i.seq);
      v.integer(3, i.run_id);
      v.text(4, to_string(i.type));
      v.text(5, to_string(i.kind));
      v.text(6, i.buyer);
      v.text(7, i.period.str());
      date(v, 8, i.issue_date);
      date(v, 9, i.due_date);
      text_or_null(v, 10, i.spec_id);
      text_or_null(v, 11, i.reference_number);
      v.integer(12, i.total.ore());
      v.integer(13, i.lines);
      v.integer(14, i.late_lines);
      w.append();
    }
    w.flush();
  }
  {
    VersionedWriter w(sql, line_table(), 0);
    for (const InvoiceLine& l : lines) {
      RowValues& v = w.values();
      v.text(0, l.seller);
      v.text(1, l.number);
      v.integer(2, l.line_no);
      v.integer(3, l.posting_id);
      v.integer(4, l.amount.ore());
      v.integer(5, l.late ? 1 : 0);
      text_or_null(v, 6, l.reference_number);
      int_or_null(v, 7, l.reference_line);
      int_or_null(v, 8, l.reason_code);
      w.append();
    }
    w.flush();
  }
}

void LedgerStore::append_facts(int64_t run_id, const FollowupFacts& facts) {
  VersionedWriter w(store_.sql(), facts_table(), 0);
  for (const auto& [k, x] : facts.rows()) {
    RowValues& v = w.values();
    v.integer(0, run_id);
    v.text(1, k.seller);
    v.text(2, k.buyer);
    v.integer(3, k.period_year);
    v.integer(4, k.billing_year);
    v.integer(5, k.subscription ? 1 : 0);
    v.text(6, k.care_type);
    v.text(7, k.drg);
    v.text(8, k.clinic);
    v.integer(9, k.outlier ? 1 : 0);
    v.integer(10, k.referral ? 1 : 0);
    size_t c = 11;
    for (int64_t n : {x.contacts, x.points, x.inlier_kpp, x.inlier_points, x.amount, x.variable,
                      x.outliers, x.items})
      v.integer(c++, n);
    w.append();
  }
  w.flush();
}

namespace {
// Every posting with its invoice's year and its record version's facts; calls
// `each(posting, stored content hash, period year, record facts or null)`.
void for_each_posting_with_facts(
    soci::session& sql,
    const std::function<void(const Posting&, long long, int, const RecordFacts*)>& each) {
  soci::statement st(sql);
  PostingReader r(st, 5);
  st.alloc();
  st.prepare(std::string("SELECT ") + kPostingColumns +
             ", substr(i.period, 1, 4), r.care_type, r.clinic, CASE WHEN r.referral_id IS NULL "
             "THEN '0' ELSE '1' END, CAST(r.kpp_cost AS text) FROM postings p LEFT JOIN "
             "invoice_lines l ON l.posting_id = p.id LEFT JOIN invoices i ON i.seller = l.seller "
             "AND i.number = l.number LEFT JOIN records r ON r.seller = p.seller AND r.record_id "
             "= p.record_id AND r.version = p.record_version ORDER BY p.id");
  st.define_and_bind();
  st.execute();
  std::string clinic;
  while (st.fetch()) {
    const Posting p = r.get();
    const std::string period = r.extra(0);
    const int year = period.empty() ? 0 : std::stoi(period);
    RecordFacts rf;
    const bool has_record = !r.extra(1).empty();
    if (has_record) {
      rf.care_type = parse_care_type(r.extra(1)).value_or(CareType::inpatient);
      clinic = r.extra(2);
      rf.clinic = clinic;
      rf.referral = r.extra(3) == "1";
      if (!r.extra(4).empty()) rf.kpp_cost = Money::from_ore(std::stoll(r.extra(4)));
    }
    each(p, r.hash, year, has_record ? &rf : nullptr);
  }
}
}  // namespace

FollowupFacts LedgerStore::recompute_facts() {
  FollowupFacts facts;
  for_each_posting_with_facts(store_.sql(), [&](const Posting& p, long long, int year,
                                                const RecordFacts* rf) {
    if (p.kind != PostingKind::subscription && !rf) return;  // verify reports it
    facts.add(p, year, rf);
  });
  return facts;
}

FollowupFacts LedgerStore::stored_facts() {
  FollowupFacts facts;
  soci::statement st(store_.sql());
  std::string seller, buyer, care, drg, clinic;
  long long py = 0, by = 0, sub = 0, outlier = 0, referral = 0, n[8] = {};
  st.exchange(soci::into(seller));
  st.exchange(soci::into(buyer));
  st.exchange(soci::into(py));
  st.exchange(soci::into(by));
  st.exchange(soci::into(sub));
  st.exchange(soci::into(care));
  st.exchange(soci::into(drg));
  st.exchange(soci::into(clinic));
  st.exchange(soci::into(outlier));
  st.exchange(soci::into(referral));
  for (long long& x : n) st.exchange(soci::into(x));
  st.alloc();
  st.prepare(
      "SELECT seller, buyer, period_year, billing_year, subscription, care_type, drg, clinic, "
      "outlier, referral, sum(contacts), sum(points), sum(inlier_kpp), sum(inlier_points), "
      "sum(amount), sum(variable), sum(outliers), sum(items) FROM followup_facts GROUP BY seller, "
      "buyer, period_year, billing_year, subscription, care_type, drg, clinic, outlier, referral");
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    FactKey k{seller, buyer, static_cast<int>(py), static_cast<int>(by), sub != 0, care, drg,
              clinic, outlier != 0, referral != 0};
    facts.add(k, FactSums{n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]});
  }
  return facts;
}

size_t LedgerStore::refill_facts() {
  store_.sql() << "DELETE FROM followup_facts";
  FollowupFacts facts = recompute_facts();
  append_facts(0, facts);
  return facts.rows().size();
}

namespace {
const char* kInvoiceColumns =
    "seller, number, seq, run_id, type, kind, buyer, period, issue_date, due_date, spec_id, "
    "reference_number, total, lines, late_lines";

std::vector<Invoice> query_invoices(soci::session& sql, const std::string& where,
                                    const std::vector<std::string>& params) {
  std::vector<Invoice> out;
  std::string seller, number, type, kind, buyer, period, issue, due, spec, ref;
  long long seq = 0, run = 0, total = 0, lines = 0, late = 0;
  soci::indicator i_spec, i_ref;
  soci::statement st(sql);
  st.exchange(soci::into(seller));
  st.exchange(soci::into(number));
  st.exchange(soci::into(seq));
  st.exchange(soci::into(run));
  st.exchange(soci::into(type));
  st.exchange(soci::into(kind));
  st.exchange(soci::into(buyer));
  st.exchange(soci::into(period));
  st.exchange(soci::into(issue));
  st.exchange(soci::into(due));
  st.exchange(soci::into(spec, i_spec));
  st.exchange(soci::into(ref, i_ref));
  st.exchange(soci::into(total));
  st.exchange(soci::into(lines));
  st.exchange(soci::into(late));
  std::vector<std::string> p = params;
  for (auto& x : p) st.exchange(soci::use(x));
  st.alloc();
  st.prepare(std::string("SELECT ") + kInvoiceColumns + " FROM invoices WHERE 1 = 1" + where +
             " ORDER BY seller, seq");
  st.define_and_bind();
  st.execute();
  while (st.fetch())
    out.push_back(read_invoice(seller, number, seq, run, type, kind, buyer, period, issue, due,
                               i_spec == soci::i_ok ? spec : "", i_ref == soci::i_ok ? ref : "",
                               total, lines, late));
  return out;
}
}  // namespace

std::vector<Invoice> LedgerStore::invoices(const Filter& f) {
  std::string where;
  std::vector<std::string> params;
  if (f.seller) where += " AND seller = :s", params.push_back(*f.seller);
  if (f.buyer) where += " AND buyer = :b", params.push_back(*f.buyer);
  if (f.period) where += " AND period = :p", params.push_back(f.period->str());
  return query_invoices(store_.sql(), where, params);
}

std::optional<Invoice> LedgerStore::invoice(const std::string& number,
                                            const std::optional<std::string>& seller) {
  std::string where = " AND number = :n";
  std::vector<std::string> params{number};
  if (seller) where += " AND seller = :s", params.push_back(*seller);
  auto found = query_invoices(store_.sql(), where, params);
  if (found.size() != 1) {
    if (found.size() > 1)
      throw StoreError("invoice number " + number + " exists for several sellers: give --seller");
    return std::nullopt;
  }
  return found[0];
}

std::vector<InvoiceLine> LedgerStore::lines(const Invoice& inv) {
  std::vector<InvoiceLine> out;
  long long line_no = 0, posting = 0, amount = 0, late = 0, ref_line = 0, reason = 0;
  std::string ref;
  soci::indicator i_ref, i_rl, i_rc;
  std::string s = inv.seller, n = inv.number;
  soci::statement st = (store_.sql().prepare
                            << "SELECT line_no, posting_id, amount, late, reference_number, "
                               "reference_line, reason_code FROM invoice_lines WHERE seller = :s "
                               "AND number = :n ORDER BY line_no",
                        soci::use(s), soci::use(n), soci::into(line_no), soci::into(posting),
                        soci::into(amount), soci::into(late), soci::into(ref, i_ref),
                        soci::into(ref_line, i_rl), soci::into(reason, i_rc));
  st.execute();
  while (st.fetch()) {
    InvoiceLine l;
    l.seller = s;
    l.number = n;
    l.line_no = line_no;
    l.posting_id = posting;
    l.amount = Money::from_ore(amount);
    l.late = late != 0;
    l.reference_number = i_ref == soci::i_ok ? ref : "";
    l.reference_line = i_rl == soci::i_ok ? ref_line : 0;
    l.reason_code = i_rc == soci::i_ok ? static_cast<int>(reason) : 0;
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<Posting> LedgerStore::postings_of(const Invoice& inv) {
  std::vector<Posting> out;
  soci::statement st(store_.sql());
  PostingReader r(st);
  std::string s = inv.seller, n = inv.number;
  st.exchange(soci::use(s, "s"));
  st.exchange(soci::use(n, "n"));
  st.alloc();
  st.prepare(std::string("SELECT ") + kPostingColumns +
             " FROM invoice_lines l JOIN postings p ON p.id = l.posting_id "
             "WHERE l.seller = :s AND l.number = :n ORDER BY l.line_no");
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back(r.get());
  return out;
}

std::optional<PartyRow> LedgerStore::seller_party(const std::string& hospital) {
  PartyRow p;
  soci::indicator i_hsa, i_bg;
  std::string h = hospital;
  store_.sql() << "SELECT h.code, h.name, r.org_number, h.region, h.hsa_id, h.bankgiro FROM "
                  "hospitals h JOIN regions r ON r.code = h.region WHERE h.code = :h AND "
                  "NOT EXISTS (SELECT 1 FROM hospitals n WHERE n.code = h.code AND n.version > "
                  "h.version) AND NOT EXISTS (SELECT 1 FROM regions m WHERE m.code = r.code AND "
                  "m.version > r.version)",
      soci::use(h), soci::into(p.code), soci::into(p.name), soci::into(p.org_number),
      soci::into(p.county), soci::into(p.hsa_id, i_hsa), soci::into(p.bankgiro, i_bg);
  if (!store_.sql().got_data()) return std::nullopt;
  if (i_hsa != soci::i_ok) p.hsa_id.clear();
  if (i_bg != soci::i_ok) p.bankgiro.clear();
  return p;
}

std::optional<PartyRow> LedgerStore::buyer_party(const std::string& county) {
  PartyRow p;
  std::string c = county;
  store_.sql() << "SELECT r.code, r.name, r.org_number FROM regions r WHERE r.code = :c AND NOT "
                  "EXISTS (SELECT 1 FROM regions m WHERE m.code = r.code AND m.version > "
                  "r.version)",
      soci::use(c), soci::into(p.code), soci::into(p.name), soci::into(p.org_number);
  if (!store_.sql().got_data()) return std::nullopt;
  p.county = p.code;
  return p;
}

std::optional<Record> LedgerStore::record_version(const std::string& seller,
                                                  const std::string& record_id, int64_t version) {
  Record r;
  std::string muni, care, adm, dis, drg, ref, mvo, icd;
  long long leave = 0, kpp = 0, emergency = 0, fee = 0, v = version;
  soci::indicator i_muni, i_dis, i_drg, i_kpp, i_ref, i_mvo, i_icd;
  std::string s = seller, id = record_id;
  store_.sql() << "SELECT patient_id, county, municipality, care_type, clinic, admission_date, "
                  "discharge_date, leave_days, drg, kpp_cost, referral_id, emergency, patient_fee, "
                  "medical_field, diagnosis FROM records WHERE seller = :s AND record_id = :id "
                  "AND version = :v",
      soci::use(s), soci::use(id), soci::use(v), soci::into(r.patient_id), soci::into(r.county),
      soci::into(muni, i_muni), soci::into(care), soci::into(r.clinic), soci::into(adm),
      soci::into(dis, i_dis), soci::into(leave), soci::into(drg, i_drg), soci::into(kpp, i_kpp),
      soci::into(ref, i_ref), soci::into(emergency), soci::into(fee), soci::into(mvo, i_mvo),
      soci::into(icd, i_icd);
  if (!store_.sql().got_data()) return std::nullopt;
  r.seller = seller;
  r.record_id = record_id;
  r.municipality = i_muni == soci::i_ok ? muni : "";
  r.care_type = parse_care_type(care).value_or(CareType::inpatient);
  r.admission_date = parse_iso_date(adm).value_or(Date{});
  if (i_dis == soci::i_ok) r.discharge_date = parse_iso_date(dis);
  r.leave_days = static_cast<int>(leave);
  r.drg = i_drg == soci::i_ok ? drg : "";
  if (i_kpp == soci::i_ok) r.kpp_cost = Money::from_ore(kpp);
  r.referral_id = i_ref == soci::i_ok ? ref : "";
  r.emergency = emergency != 0;
  r.patient_fee = Money::from_ore(fee);
  r.medical_field = i_mvo == soci::i_ok ? mvo : "";
  r.diagnosis = i_icd == soci::i_ok ? icd : "";
  return r;
}

std::vector<ItemLine> LedgerStore::item_set(const std::string& seller,
                                            const std::string& record_id, int64_t version) {
  std::vector<ItemLine> out;
  std::string code, s = seller, id = record_id;
  long long qty = 0, v = version;
  soci::statement st = (store_.sql().prepare << "SELECT item_code, quantity FROM record_items "
                                                "WHERE seller = :s AND record_id = :id AND "
                                                "version = :v ORDER BY line_no",
                        soci::use(s), soci::use(id), soci::use(v), soci::into(code),
                        soci::into(qty));
  st.execute();
  while (st.fetch()) out.push_back({code, qty});
  return out;
}

std::vector<std::string> LedgerStore::verify(size_t limit) {
  soci::session& sql = store_.sql();
  std::vector<std::string> out;
  const std::string lim = " LIMIT " + std::to_string(limit);
  auto each = [&](const std::string& q, const std::function<std::string(const std::string&)>& msg) {
    std::string a;
    soci::statement st = (sql.prepare << q + lim, soci::into(a));
    st.execute();
    while (st.fetch()) out.push_back(msg(a));
  };
  // 1. Every posting on exactly one invoice line.
  each("SELECT CAST(p.id AS text) FROM postings p WHERE NOT EXISTS (SELECT 1 FROM invoice_lines "
       "l WHERE l.posting_id = p.id) ORDER BY p.id",
       [](const std::string& id) { return "posting " + id + " is on no invoice"; });
  each("SELECT CAST(posting_id AS text) FROM invoice_lines GROUP BY posting_id HAVING count(*) > 1",
       [](const std::string& id) { return "posting " + id + " is on more than one invoice line"; });
  each("SELECT l.number || ' line ' || CAST(l.line_no AS text) FROM invoice_lines l WHERE NOT "
       "EXISTS (SELECT 1 FROM postings p WHERE p.id = l.posting_id)",
       [](const std::string& s) { return "invoice " + s + " bills a posting that does not exist"; });
  // 2. Invoice total = sum of its lines = sum of its postings (sign by type).
  each("SELECT i.number FROM invoices i LEFT JOIN (SELECT seller, number, sum(amount) AS s, "
       "count(*) AS c, sum(late) AS late FROM invoice_lines GROUP BY seller, number) l ON "
       "l.seller = i.seller AND l.number = i.number WHERE l.s IS NULL OR i.total <> l.s OR "
       "i.lines <> l.c OR i.late_lines <> l.late ORDER BY i.seller, i.seq",
       [](const std::string& n) {
         return "invoice " + n + ": total, line count or late lines differ from its lines";
       });
  each("SELECT l.number || ' line ' || CAST(l.line_no AS text) FROM invoice_lines l JOIN invoices "
       "i ON i.seller = l.seller AND i.number = l.number JOIN postings p ON p.id = l.posting_id "
       "WHERE (i.type = 'invoice' AND l.amount <> p.amount) OR (i.type = 'credit' AND l.amount "
       "<> -p.amount) OR p.seller <> i.seller OR p.buyer <> i.buyer",
       [](const std::string& s) {
         return "invoice " + s + ": the line's amount or parties differ from its posting";
       });
  each("SELECT i.number FROM invoices i WHERE i.total < 0", [](const std::string& n) {
    return "invoice " + n + " has a negative total";
  });
  // 3. Numbers gapless per issuing region (the county code before 8 digits).
  each("SELECT substr(number, 1, length(number) - 8) FROM invoices GROUP BY substr(number, 1, "
       "length(number) - 8) HAVING min(seq) <> 1 OR max(seq) <> count(*) OR count(DISTINCT "
       "number) <> count(*)",
       [](const std::string& c) {
         return "invoice numbers of region " + c + " are not unique and gapless from 1";
       });
  // 4. Credit references point at existing lines of the reversed postings.
  each("SELECT l.number || ' line ' || CAST(l.line_no AS text) FROM invoice_lines l JOIN postings "
       "p ON p.id = l.posting_id WHERE p.kind = 'reversal' AND NOT EXISTS (SELECT 1 FROM "
       "invoice_lines o WHERE o.seller = l.seller AND o.number = l.reference_number AND o.line_no "
       "= l.reference_line AND o.posting_id = p.reverses)",
       [](const std::string& s) {
         return "credit note " + s + " does not reference the line of the posting it reverses";
       });
  // 5. No posting changed since it was written, and 6. the follow-up
  //    aggregates equal those of the postings.
  size_t changed = 0;
  FollowupFacts recomputed;
  for_each_posting_with_facts(sql, [&](const Posting& p, long long hash, int year,
                                       const RecordFacts* rf) {
    if (p.content_hash() != hash && changed++ < limit)
      out.push_back("posting " + std::to_string(p.id) + " has been changed since it was posted");
    if (p.kind != PostingKind::subscription && !rf) {
      out.push_back("posting " + std::to_string(p.id) + ": its record version " + p.record_id +
                    " v" + std::to_string(p.record_version) + " does not exist");
      return;
    }
    recomputed.add(p, year, rf);
  });
  const FollowupFacts stored = stored_facts();
  size_t differ = 0;
  auto describe = [](const FactKey& k) {
    return std::string(k.seller) + "/" + std::string(k.buyer) + " " +
           std::to_string(k.period_year) + " " + std::to_string(k.billing_year) + " " +
           (k.subscription ? "subscription" : std::string(k.care_type) + " " +
                                                  std::string(k.drg) + " " + std::string(k.clinic));
  };
  for (const auto& [k, x] : recomputed.rows()) {
    auto it = stored.rows().find(k);
    if ((it == stored.rows().end() || !(it->second == x)) && differ++ < limit)
      out.push_back("follow-up aggregate " + describe(k) + " differs from its postings");
  }
  for (const auto& [k, x] : stored.rows()) {
    if (!recomputed.rows().count(k) && !(x == FactSums{}) && differ++ < limit)
      out.push_back("follow-up aggregate " + describe(k) + " has no postings");
  }
  return out;
}

}  // namespace vardavtal
