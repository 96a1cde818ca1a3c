#include "store/ledger_store.h"

#include <algorithm>
#include <functional>

#include "store/audit.h"
#include "store/columns.h"
#include "store/pg_copy.h"
#include "store/versioned_writer.h"

namespace vardavtal {

namespace {
constexpr ColType T = ColType::text;
constexpr ColType I = ColType::integer;

const TableSpec& facts_table() {
  static const TableSpec s{
      "followup_facts",
      {{"run_id", I}, {"seller", T}, {"buyer", T}, {"period_year", I}, {"billing_year", I},
       {"subscription", I}, {"care_type", T}, {"drg", T}, {"clinic", T}, {"outlier", I},
       {"referral", I}, {"referred_medical", I}},
      {{"contacts", I}, {"points", I}, {"inlier_kpp", I}, {"inlier_points", I}, {"amount", I},
       {"variable", I}, {"outliers", I}, {"items", I}, {"tariffs", I}, {"at_cost", I}},
      false};
  return s;
}

const TableSpec& held_table() {
  static const TableSpec s{"held_records",
                           {{"seller", T}, {"record_id", T}},
                           {{"record_version", I},
                            {"items_version", I},
                            {"billing_date", T},
                            {"reason", T},
                            {"run_id", I},
                            {"reason_sv", T}},
                           false};
  return s;
}

// Puts `rows` into w's buffer (a full buffer is written as it fills).
template <class Row>
void put_rows(VersionedWriter& w, const TableMap<Row>& map, const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    map.put(row, w.values());
    w.append();
  }
}

// Writes `rows` through `w`, a writer of the (unversioned) table of `map`.
template <class Row>
void write_rows(VersionedWriter& w, const TableMap<Row>& map, const std::vector<Row>& rows) {
  put_rows(w, map, rows);
  w.flush();
}

// Appends `rows` to the table of `map` through a writer of their own.
template <class Row>
void append_rows(soci::session& sql, const TableMap<Row>& map, const std::vector<Row>& rows) {
  if (rows.empty()) return;
  VersionedWriter w(sql, map.spec(), 0, true, rows.size());
  write_rows(w, map, rows);
}

// Puts each posting with its line, lines[i] that of postings[i], into w's
// buffer (a writer of posted_line_spec(); a full buffer is written as it
// fills).
void put_posted_lines(VersionedWriter& w, const std::vector<Posting>& postings,
                      const std::vector<InvoiceLine>& lines) {
  if (lines.size() != postings.size())
    throw std::logic_error(std::to_string(postings.size()) + " postings with " +
                           std::to_string(lines.size()) + " invoice lines");
  for (size_t i = 0; i < postings.size(); ++i)  // all checked before any is put
    if (lines[i].posting_id != postings[i].id || lines[i].seller != postings[i].seller)
      throw std::logic_error("invoice line " + lines[i].number + " " +
                             std::to_string(lines[i].line_no) + " is not that of posting " +
                             std::to_string(postings[i].id));
  const size_t line_from = posting_columns().columns().size();
  for (size_t i = 0; i < postings.size(); ++i) {
    posting_columns().put(postings[i], w.values());
    posting_line_columns().put(lines[i], w.values(), line_from);
    w.append();
  }
}

long long scalar(soci::session& sql, const std::string& q, const std::string& param = "") {
  long long v = 0;
  soci::indicator ind = soci::i_null;
  if (param.empty()) sql << q, soci::into(v, ind);
  else sql << q, soci::use(param), soci::into(v, ind);
  return ind == soci::i_ok ? v : 0;
}

}  // namespace

int64_t LedgerStore::next_run_id() {
  return scalar(store_.sql(), "SELECT max(id) FROM billing_runs") + 1;
}
int64_t LedgerStore::next_posting_id() {
  return scalar(store_.sql(), "SELECT max(id) FROM postings") + 1;
}

void LedgerStore::record_run(int64_t run_id, Period through,
                             const std::optional<std::string>& seller,
                             std::optional<int64_t> import_watermark) {
  long long id = run_id;
  std::string s = seller.value_or(""), now = utc_now_iso(), t = through.str();
  soci::indicator si = seller ? soci::i_ok : soci::i_null;
  store_.sql() << "INSERT INTO billing_runs (id, through_period, seller, started_at) VALUES "
                  "(:id, :t, :s, :at)",
      soci::use(id), soci::use(t), soci::use(s, si), soci::use(now);
  if (!import_watermark) return;
  long long watermark = *import_watermark;
  store_.sql() << "INSERT INTO billing_run_watermarks (run_id, import_watermark) VALUES (:id, :w)",
      soci::use(id), soci::use(watermark);
}

std::optional<int64_t> LedgerStore::last_run_watermark(const std::string& seller) {
  long long w = 0;
  soci::indicator ind = soci::i_null;
  soci::statement st =
      (store_.sql().prepare << "SELECT import_watermark FROM billing_run_watermarks WHERE run_id = "
                               "(SELECT max(id) FROM billing_runs WHERE seller = :s)",
       soci::use(seller), soci::into(w, ind));
  if (!st.execute(true) || ind != soci::i_ok) return std::nullopt;
  return w;
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

OpenPosting LedgerStore::open_posting(int64_t posting_id) {
  const TableMap<Posting>& map = posting_columns();
  std::vector<ColType> types = map.types();
  const size_t number = types.size();  // then line_no, spec_id
  types.insert(types.end(), {ColType::text, ColType::integer, ColType::text});
  RowReader rows(store_.sql(), types, 1);
  long long id = posting_id;
  rows.statement().exchange(soci::use(id, "id"));
  rows.run("SELECT " + map.select_list("p.") +
           ", p.number, p.line_no, i.spec_id FROM postings p "
           "JOIN invoices i ON i.seller = p.seller AND i.number = p.number WHERE p.id = :id");
  if (!rows.fetch())
    throw StoreError(
        "posting " + std::to_string(posting_id) + " is on no invoice",
        "internt fel: kontering " + std::to_string(posting_id) + " finns inte på någon faktura");
  OpenPosting out;
  map.decode(rows, 0, out.posting);
  out.number = rows.text(number, 0);
  out.line_no = rows.integer(number + 1, 0);
  out.spec_id = rows.text(number + 2, 0);
  return out;
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
      // Driven by the seller's postings without a record (its subscription
      // postings: a few per month) through the index postings_record, not by
      // all its postings (millions: a scan per billed month made a run
      // quadratic), nor by its subscription invoices, whose lines PostgreSQL
      // estimates at the average invoice's thousands and so scanned the
      // postings instead. Each on a line of a subscription invoice.
      (store_.sql().prepare << "SELECT p.buyer, p.billing_date FROM postings p WHERE p.seller = "
                               ":s AND p.record_id IS NULL AND p.kind = 'subscription' AND "
                               "p.billing_date BETWEEN :f AND :t AND EXISTS (SELECT 1 FROM "
                               "invoices i WHERE i.seller = p.seller AND i.number = p.number "
                               "AND i.kind = 'subscription')",
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
  if (!postings.empty() || !lines.empty()) {
    VersionedWriter w(sql, posted_line_spec(), 0, true, postings.size());
    put_posted_lines(w, postings, lines);
    w.flush();
  }
  append_rows(sql, invoice_columns(), invoices);
}

namespace {
// Rows per batch of the appender's writer: 4 096 on SQLite, 16 384 on
// PostgreSQL. There every batch is a hand-over between the planning thread,
// the batch's thread and the server, which waits for each: a scale-10 month
// of the largest seller (44 000 postings) takes three batches
// instead of eleven (docs/benchmarks.md, "Where a PostgreSQL `bill`
// waits"). On SQLite, whose inserts cost no round trip to a server, the
// buffers stay small (the peak memory of a scale-100 `bill`).
size_t appender_batch(Store& store) {
  return is_postgresql(store.sql()) ? 4 * kMinBatch : kMinBatch;
}
}  // namespace

LedgerAppender::LedgerAppender(Store& store)
    : chain_(std::make_unique<WriteChain>()),
      postings_(std::make_unique<VersionedWriter>(store.sql(), posted_line_spec(), 0, true, 0,
                                                  chain_.get(), appender_batch(store))) {}

// The writer (it waits for its batch) goes before the chain.
LedgerAppender::~LedgerAppender() = default;

// Buffers of one batch (appender_batch): many invoices fill none, and a
// larger one is written a buffer at a time, while the next rows are buffered.
void LedgerAppender::append(const std::vector<Posting>& postings,
                            const std::vector<InvoiceLine>& lines) {
  put_posted_lines(*postings_, postings, lines);
  postings_count_ += postings.size();
}

// The writer's flush waits for the chain's last batch too: when it returns,
// the rows are written and the session is free.
void LedgerAppender::flush() {
  postings_->flush();
  chain_->wait();  // a task after the last batch
}

void LedgerAppender::then(std::function<void()> task) {
  postings_->write_buffered();
  chain_->then(std::move(task));
}

void LedgerStore::store_held(const std::string& seller, int64_t run_id,
                             const std::vector<HeldRecord>& held, bool replace) {
  if (replace) store_.sql() << "DELETE FROM held_records WHERE seller = :s", soci::use(seller);
  if (held.empty()) return;
  VersionedWriter w(store_.sql(), held_table(), 0, true, held.size());
  for (const HeldRecord& h : held) {
    RowValues& v = w.values();
    v.text(0, h.seller);
    v.text(1, h.record_id);
    v.integer(2, h.record_version);
    v.integer(3, h.items_version);
    v.text(4, format_iso(h.billing_date));
    v.text(5, h.reason);
    v.integer(6, run_id);
    v.text(7, h.reason_sv);
    w.append();
  }
  w.flush();
}

std::vector<HeldRecord> LedgerStore::stored_held(const std::string& seller) {
  std::vector<HeldRecord> out;
  RowReader rows(store_.sql(), {T, T, I, I, T, T, T}, 256);
  std::string s = seller;
  rows.statement().exchange(soci::use(s));
  rows.run(
      "SELECT seller, record_id, record_version, items_version, billing_date, reason, "
      "reason_sv FROM held_records WHERE seller = :s");
  while (rows.fetch())
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string& date = rows.text(4, i);
      const std::optional<Date> d = parse_iso_date(date);
      if (!d)
        throw StoreError("held_records: billing date '" + date + "' is not a date",
                         "spärrade vårdkontakter: vårddatum '" + date + "' är inget datum");
      out.push_back({rows.text(0, i), rows.text(1, i), rows.text(5, i), *d, rows.integer(2, i),
                     rows.integer(3, i), rows.text(6, i)});
    }
  return out;
}

void LedgerStore::append_facts(int64_t run_id, const FollowupFacts& facts) {
  if (facts.rows().empty()) return;
  VersionedWriter w(store_.sql(), facts_table(), 0, true, facts.rows().size());
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
    v.integer(11, k.referred_medical ? 1 : 0);
    size_t c = 12;
    for (int64_t n : {x.contacts, x.points, x.inlier_kpp, x.inlier_points, x.amount, x.variable,
                      x.outliers, x.items, x.tariffs, x.at_cost})
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
  const TableMap<Posting>& map = posting_columns();
  std::vector<ColType> types = map.types();
  const size_t year = types.size();  // then care_type, clinic, referral, kpp_cost, medical
  types.insert(types.end(), {ColType::text, ColType::text, ColType::text, ColType::text,
                             ColType::integer, ColType::text});
  const size_t hash = map.index("content_hash");
  RowReader rows(sql, types, 1024);
  rows.run("SELECT " + map.select_list("p.") +
           ", substr(i.period, 1, 4), r.care_type, r.clinic, CASE WHEN r.referral_id IS NULL "
           "THEN '0' ELSE '1' END, r.kpp_cost, CASE WHEN r.referral_reason = 'medical' THEN '1' "
           "ELSE '0' END FROM postings p LEFT JOIN "
           "invoices i ON i.seller = p.seller AND i.number = p.number LEFT JOIN records r ON "
           "r.seller = p.seller AND r.record_id "
           "= p.record_id AND r.version = p.record_version ORDER BY p.id");
  std::string clinic;
  Posting p;
  while (rows.fetch()) {
    for (size_t i = 0; i < rows.size(); ++i) {
      map.decode(rows, i, p);
      const std::string& period = rows.text(year, i);
      RecordFacts rf;
      const bool has_record = !rows.null(year + 1, i);
      if (has_record) {
        rf.care_type = parse_care_type(rows.text(year + 1, i)).value_or(CareType::inpatient);
        clinic = rows.text(year + 2, i);
        rf.clinic = clinic;
        rf.referral = rows.text(year + 3, i) == "1";
        if (!rows.null(year + 4, i)) rf.kpp_cost = Money::from_ore(rows.integer(year + 4, i));
        rf.referred_medical = rows.text(year + 5, i) == "1";
      }
      each(p, rows.integer(hash, i), period.empty() ? 0 : std::stoi(period),
           has_record ? &rf : nullptr);
    }
  }
}
}  // namespace

FollowupFacts LedgerStore::recompute_facts() {
  FollowupFacts facts;
  for_each_posting_with_facts(store_.sql(), [&](const Posting& p, long long, int year,
                                                const RecordFacts* rf) {
    if (p.has_record() && !rf) return;  // verify reports it
    facts.add(p, year, rf);
  });
  return facts;
}

FollowupFacts LedgerStore::stored_facts() {
  FollowupFacts facts;
  soci::statement st(store_.sql());
  std::string seller, buyer, care, drg, clinic;
  long long py = 0, by = 0, sub = 0, outlier = 0, referral = 0, medical = 0, n[10] = {};
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
  st.exchange(soci::into(medical));
  for (long long& x : n) st.exchange(soci::into(x));
  st.alloc();
  st.prepare(
      "SELECT seller, buyer, period_year, billing_year, subscription, care_type, drg, clinic, "
      "outlier, referral, referred_medical, sum(contacts), sum(points), sum(inlier_kpp), "
      "sum(inlier_points), sum(amount), sum(variable), sum(outliers), sum(items), sum(tariffs), "
      "sum(at_cost) FROM followup_facts GROUP BY seller, buyer, period_year, billing_year, "
      "subscription, care_type, drg, clinic, outlier, referral, referred_medical");
  st.define_and_bind();
  st.execute();
  while (st.fetch()) {
    FactKey k{seller, buyer, static_cast<int>(py), static_cast<int>(by), sub != 0, care, drg,
              clinic, outlier != 0, referral != 0, medical != 0};
    facts.add(k, FactSums{n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9]});
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
std::vector<Invoice> query_invoices(soci::session& sql, const std::string& where,
                                    const std::vector<std::string>& params) {
  const TableMap<Invoice>& map = invoice_columns();
  std::vector<Invoice> out;
  RowReader rows(sql, map.types(), 256);
  std::vector<std::string> p = params;
  for (auto& x : p) rows.statement().exchange(soci::use(x));
  rows.run("SELECT " + map.select_list() + " FROM invoices WHERE 1 = 1" + where +
           " ORDER BY seller, seq");
  while (rows.fetch())
    for (size_t i = 0; i < rows.size(); ++i) map.decode(rows, i, out.emplace_back());
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
      throw StoreError("invoice number " + number + " exists for several sellers: give --seller",
                       "fakturanummer " + number + " finns hos flera säljare: ange --seller");
    return std::nullopt;
  }
  return found[0];
}

std::vector<InvoiceLine> LedgerStore::lines(const Invoice& inv) {
  const TableMap<InvoiceLine>& map = line_columns();
  std::vector<InvoiceLine> out;
  std::string s = inv.seller, n = inv.number;
  RowReader rows(store_.sql(), map.types(), 1024);
  rows.statement().exchange(soci::use(s, "s"));
  rows.statement().exchange(soci::use(n, "n"));
  rows.run("SELECT " + map.select_list() +
           " FROM invoice_lines WHERE seller = :s AND number = :n ORDER BY line_no");
  while (rows.fetch())
    for (size_t i = 0; i < rows.size(); ++i) map.decode(rows, i, out.emplace_back());
  return out;
}

std::vector<Posting> LedgerStore::postings_of(const Invoice& inv) {
  const TableMap<Posting>& map = posting_columns();
  std::vector<Posting> out;
  std::string s = inv.seller, n = inv.number;
  RowReader rows(store_.sql(), map.types(), 1024);
  rows.statement().exchange(soci::use(s, "s"));
  rows.statement().exchange(soci::use(n, "n"));
  rows.run("SELECT " + map.select_list("p.") +
           " FROM postings p WHERE p.seller = :s AND p.number = :n ORDER BY p.line_no");
  while (rows.fetch())
    for (size_t i = 0; i < rows.size(); ++i) map.decode(rows, i, out.emplace_back());
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
  const TableMap<Record>& map = record_columns();
  std::string s = seller, id = record_id;
  long long v = version;
  RowReader rows(store_.sql(), map.types(), 1);
  rows.statement().exchange(soci::use(s, "s"));
  rows.statement().exchange(soci::use(id, "id"));
  rows.statement().exchange(soci::use(v, "v"));
  rows.run("SELECT " + map.select_list() +
           " FROM records WHERE seller = :s AND record_id = :id AND version = :v");
  if (!rows.fetch()) return std::nullopt;
  Record r;
  map.decode(rows, 0, r);
  return r;
}

std::vector<ItemLine> LedgerStore::item_set(const std::string& seller,
                                            const std::string& record_id, int64_t version) {
  std::vector<ItemLine> out;
  std::string code, ref, s = seller, id = record_id;
  long long qty = 0, cost = 0, v = version;
  soci::indicator i_cost = soci::i_null, i_ref = soci::i_null;
  soci::statement st =
      (store_.sql().prepare << "SELECT item_code, quantity, cost, cost_ref FROM record_items "
                               "WHERE seller = :s AND record_id = :id AND version = :v ORDER BY "
                               "line_no",
       soci::use(s), soci::use(id), soci::use(v), soci::into(code), soci::into(qty),
       soci::into(cost, i_cost), soci::into(ref, i_ref));
  st.execute();
  while (st.fetch()) {
    out.emplace_back(code, qty,
                     i_cost == soci::i_ok ? std::optional(Money::from_ore(cost)) : std::nullopt,
                     i_ref == soci::i_ok ? ref : std::string());
  }
  return out;
}

namespace {
// "N 3" (an invoice number and a line number, as verify's queries give them)
// as "N line 3" and "N rad 3".
std::string line_en(const std::string& s) {
  const size_t sp = s.rfind(' ');
  return sp == std::string::npos ? s : s.substr(0, sp) + " line" + s.substr(sp);
}
std::string line_sv(const std::string& s) {
  const size_t sp = s.rfind(' ');
  return sp == std::string::npos ? s : s.substr(0, sp) + " rad" + s.substr(sp);
}
}  // namespace

std::vector<Phrase> LedgerStore::verify(size_t limit) {
  soci::session& sql = store_.sql();
  std::vector<Phrase> out;
  const std::string lim = " LIMIT " + std::to_string(limit);
  auto each = [&](const std::string& q, const std::function<Phrase(const std::string&)>& msg) {
    std::string a;
    soci::statement st = (sql.prepare << q + lim, soci::into(a));
    st.execute();
    while (st.fetch()) out.push_back(msg(a));
  };
  // A posting's line as "number line_no" (line_en, line_sv); "?" for a line
  // that lost its number, which a check below reports too.
  const std::string line_of_p = "p.number || ' ' || coalesce(CAST(p.line_no AS text), '?')";
  // 1. Every posting on exactly one invoice line.
  each("SELECT CAST(id AS text) FROM postings WHERE number IS NULL ORDER BY id",
       [](const std::string& id) {
         return Phrase("posting " + id + " is on no invoice",
                       "kontering " + id + " finns inte på någon faktura");
       });
  // A line is its posting's row (schema 027): no posting is on two lines,
  // and no line bills a posting that does not exist; a line's columns are
  // all there or none.
  each(
      "SELECT CAST(id AS text) FROM postings WHERE number IS NOT NULL AND (line_no IS NULL OR "
      "line_amount IS NULL OR late IS NULL) ORDER BY id",
      [](const std::string& id) {
        return Phrase(
            "posting " + id + ": its invoice line lacks its line number, amount or lateness",
            "kontering " + id +
                ": dess fakturarad saknar radnummer, belopp eller uppgift om sen rad");
      });
  // 2. Invoice total = sum of its lines = sum of its postings (sign by type).
  each(
      "SELECT i.number FROM invoices i LEFT JOIN (SELECT seller, number, sum(amount) AS s, "
      "count(*) AS c, sum(late) AS late FROM invoice_lines GROUP BY seller, number) l ON "
      "l.seller = i.seller AND l.number = i.number WHERE l.s IS NULL OR i.total <> l.s OR "
      "i.lines <> l.c OR i.late_lines <> l.late ORDER BY i.seller, i.seq",
      [](const std::string& n) {
        return Phrase(
            "invoice " + n + ": total, line count or late lines differ from its lines",
            "faktura " + n + ": summan, antalet rader eller sena rader stämmer inte med raderna");
      });
  each(
      "SELECT " + line_of_p +
          " FROM postings p JOIN invoices i ON i.seller = p.seller AND i.number = p.number "
          "WHERE (i.type = 'invoice' AND p.line_amount <> p.amount) "
          "OR (i.type = 'credit' AND p.line_amount <> -p.amount) OR p.buyer <> i.buyer",
      [](const std::string& s) {
        return Phrase(
            "invoice " + line_en(s) + ": the line's amount or parties differ from its posting",
            "faktura " + line_sv(s) + ": radens belopp eller parter stämmer inte med konteringen");
      });
  each("SELECT i.number FROM invoices i WHERE i.total < 0", [](const std::string& n) {
    return Phrase("invoice " + n + " has a negative total",
                  "faktura " + n + " har en negativ summa");
  });
  // 3. Numbers gapless per issuing region (the county code before 8 digits).
  each(
      "SELECT substr(number, 1, length(number) - 8) FROM invoices GROUP BY substr(number, 1, "
      "length(number) - 8) HAVING min(seq) <> 1 OR max(seq) <> count(*) OR count(DISTINCT "
      "number) <> count(*)",
      [](const std::string& c) {
        return Phrase("invoice numbers of region " + c + " are not unique and gapless from 1",
                      "fakturanumren för region " + c + " är inte unika och luckfria från 1");
      });
  // 4. Credit references point at existing lines of the reversed postings.
  each(
      "SELECT " + line_of_p +
          " FROM postings p WHERE p.kind = 'reversal' AND p.number IS NOT NULL "
          "AND NOT EXISTS (SELECT 1 FROM postings o WHERE o.id = p.reverses "
          "AND o.seller = p.seller AND o.number = p.reference_number "
          "AND o.line_no = p.reference_line)",
      [](const std::string& s) {
        return Phrase(
            "credit note " + line_en(s) + " does not reference the line of the posting it reverses",
            "kreditfaktura " + line_sv(s) +
                " hänvisar inte till raden med konteringen den återför");
      });
  // 4a. At most one care posting in force (not reversed) per record.
  each(
      "SELECT p.seller || ' ' || p.record_id FROM postings p WHERE p.kind = 'care' AND NOT "
      "EXISTS (SELECT 1 FROM postings x WHERE x.reverses = p.id) GROUP BY p.seller, p.record_id "
      "HAVING count(*) > 1",
      [](const std::string& s) {
        return Phrase(
            "record " + s + " has more than one care posting in force (billed twice)",
            "vårdkontakt " + s + " har mer än en gällande vårdkontering (fakturerad två gånger)");
      });
  // 4b. A year-end true-up is its basis' difference (settlement_bases).
  each(
      "SELECT CAST(p.id AS text) FROM postings p WHERE p.kind IN ('settlement', 'commitment') "
      "AND NOT EXISTS (SELECT 1 FROM settlement_bases b WHERE b.posting_id = p.id AND b.kind = "
      "p.kind AND b.seller = p.seller AND b.buyer = p.buyer AND b.due - b.settled_before = "
      "p.amount) ORDER BY p.id",
      [](const std::string& id) {
        return Phrase(
            "posting " + id + ": its settlement basis is missing or does not give its amount",
            "kontering " + id + ": dess avräkningsunderlag saknas eller ger inte dess belopp");
      });
  each(
      "SELECT CAST(b.posting_id AS text) FROM settlement_bases b WHERE NOT EXISTS (SELECT 1 FROM "
      "postings p WHERE p.id = b.posting_id AND substr(p.billing_date, 1, 4) = CAST(b.year AS "
      "text)) OR b.settled_before <> COALESCE((SELECT sum(e.due - e.settled_before) FROM "
      "settlement_bases e WHERE e.seller = b.seller AND e.buyer = b.buyer AND e.year = b.year AND "
      "e.kind = b.kind AND e.posting_id < b.posting_id), 0) ORDER BY b.posting_id",
      [](const std::string& id) {
        return Phrase("settlement basis of posting " + id +
                          ": no such posting of its year, or what it says was settled before is "
                          "not the sum of the earlier true-ups",
                      "avräkningsunderlaget för kontering " + id +
                          ": ingen sådan kontering det året, eller det som sägs vara avräknat "
                          "tidigare är inte summan av de tidigare avräkningarna");
      });
  each(
      "SELECT i.number FROM invoices i JOIN postings p ON p.seller = i.seller AND p.number = "
      "i.number WHERE (p.kind IN ('settlement', 'commitment') OR i.kind IN ('settlement', "
      "'commitment')) AND i.kind <> p.kind",
      [](const std::string& n) {
        return Phrase("invoice " + n + ": its kind differs from its posting's",
                      "faktura " + n + ": dess slag skiljer sig från konteringens");
      });
  // 5. No posting changed since it was written, and 6. the follow-up
  //    aggregates equal those of the postings.
  size_t changed = 0;
  FollowupFacts recomputed;
  for_each_posting_with_facts(sql, [&](const Posting& p, long long hash, int year,
                                       const RecordFacts* rf) {
    if (p.content_hash() != hash && changed++ < limit)
      out.emplace_back("posting " + std::to_string(p.id) + " has been changed since it was posted",
                       "kontering " + std::to_string(p.id) + " har ändrats sedan den bokfördes");
    if (p.has_record() && !rf) {
      const std::string version = p.record_id + " v" + std::to_string(p.record_version);
      out.emplace_back(
          "posting " + std::to_string(p.id) + ": its record version " + version + " does not exist",
          "kontering " + std::to_string(p.id) + ": dess vårdkontakt " + version + " finns inte");
      return;
    }
    recomputed.add(p, year, rf);
  });
  // 7. The audit trail's chain (store/audit.h).
  for (Phrase& m : verify_audit(store_, limit)) out.push_back(std::move(m));
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
      out.emplace_back(
          "follow-up aggregate " + describe(k) + " differs from its postings",
          "uppföljningsaggregatet " + describe(k) + " stämmer inte med dess konteringar");
  }
  for (const auto& [k, x] : stored.rows()) {
    if (!recomputed.rows().count(k) && !(x == FactSums{}) && differ++ < limit)
      out.emplace_back("follow-up aggregate " + describe(k) + " has no postings",
                       "uppföljningsaggregatet " + describe(k) + " har inga konteringar");
  }
  return out;
}

}  // namespace vardavtal
