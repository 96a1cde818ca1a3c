#include "store/columns.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "store/native_handles.h"
#include "store/pg_copy.h"
#include "store/store.h"

namespace vardavtal {

RowReader::RowReader(soci::session& sql, const std::vector<ColType>& types, size_t batch)
    : cols_(types.size()), sql_(sql), batch_(batch), declare_(sql), st_(sql) {
  if (is_postgresql(sql)) {
    static std::atomic<unsigned long> cursors{0};
    cursor_name_ = "vardavtal_rows_" + std::to_string(++cursors);
    fetch_rows_ = (kFetchRows + batch - 1) / batch * batch;
  }
  for (size_t c = 0; c < types.size(); ++c) {
    ColumnValues& b = cols_[c];
    b.type = types[c];
    b.ind.resize(batch);
    if (b.type == ColType::text)
      b.texts.resize(batch);
    else
      b.ints.resize(batch);
    if (!cursor_name_.empty()) continue;  // PostgreSQL: fetch_postgresql fills them
    if (b.type == ColType::text)
      st_.exchange(soci::into(b.texts, b.ind));
    else
      st_.exchange(soci::into(b.ints, b.ind));
  }
}

void RowReader::run(const std::string& query) {
  if (cursor_name_.empty()) {
    st_.alloc();
    st_.prepare(query);
    st_.define_and_bind();
    st_.execute(false);  // binds the parameters; steps no row
    native_ = sql_.get_backend_name() == "sqlite3";
    done_ = false;
    rows_ = 0;
    if (native_) {
      auto* be = static_cast<soci::sqlite3_statement_backend*>(st_.get_backend());
      if (static_cast<size_t>(sqlite_api::sqlite3_column_count(be->stmt_)) != cols_.size())
        throw StoreError("the query gives " +
                             std::to_string(sqlite_api::sqlite3_column_count(be->stmt_)) +
                             " columns, not the reader's " + std::to_string(cols_.size()),
                         "internt fel: frågan ger " +
                             std::to_string(sqlite_api::sqlite3_column_count(be->stmt_)) +
                             " kolumner, inte läsarens " + std::to_string(cols_.size()));
    }
    return;
  }
  declare_.alloc();
  declare_.prepare("DECLARE " + cursor_name_ + " NO SCROLL CURSOR WITH HOLD FOR " + query);
  declare_.define_and_bind();
  declare_.execute(true);
  open_ = true;
  result_.reset();
  result_row_ = result_rows_ = rows_ = 0;
}

// SQLite: the rows are stepped here and copied straight into the buffers,
// whose strings keep their capacity from batch to batch (SOCI's own fetch
// copies every text value twice through fresh allocations).
bool RowReader::fetch_sqlite() {
  if (done_) return false;
  auto* be = static_cast<soci::sqlite3_statement_backend*>(st_.get_backend());
  sqlite_api::sqlite3_stmt* stmt = be->stmt_;
  rows_ = 0;
  while (rows_ < batch_) {
    const int rc = sqlite_api::sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
      done_ = true;
      break;
    }
    if (rc != SQLITE_ROW)
      throw StoreError(std::string("reading rows: ") +
                           sqlite_api::sqlite3_errmsg(sqlite_api::sqlite3_db_handle(stmt)),
                       std::string("databasfel vid läsning: ") +
                           sqlite_api::sqlite3_errmsg(sqlite_api::sqlite3_db_handle(stmt)));
    for (size_t c = 0; c < cols_.size(); ++c) {
      ColumnValues& b = cols_[c];
      const int col = static_cast<int>(c);
      if (sqlite_api::sqlite3_column_type(stmt, col) == SQLITE_NULL) {
        b.ind[rows_] = soci::i_null;
        continue;
      }
      b.ind[rows_] = soci::i_ok;
      if (b.type == ColType::text) {
        const auto* text = sqlite_api::sqlite3_column_text(stmt, col);
        b.texts[rows_].assign(reinterpret_cast<const char*>(text),
                              static_cast<size_t>(sqlite_api::sqlite3_column_bytes(stmt, col)));
      } else {
        b.ints[rows_] = sqlite_api::sqlite3_column_int64(stmt, col);
      }
    }
    ++rows_;
  }
  return rows_ > 0;
}

bool RowReader::fetch() {
  if (native_) return fetch_sqlite();
  if (cursor_name_.empty()) return st_.fetch();
  return fetch_postgresql();
}

namespace {
// A PostgreSQL integer (or boolean, 't' or 'f') as text, converted as SOCI
// converts it; soci_error as SOCI throws when it is neither.
long long integer_value(const char* v, size_t len) {
  long long x = 0;
  const auto [end, ec] = std::from_chars(v, v + len, x);
  if (ec == std::errc() && end == v + len) return x;
  if (len == 1 && (*v == 't' || *v == 'f')) return *v == 't';
  throw soci::soci_error("Cannot convert data.");
}
}  // namespace

// PostgreSQL: a FETCH's rows are read from its result with libpq and handed
// out batch_ at a time, each value copied once into the buffers (SOCI's
// fetch measured each text value's length again and converted each row
// through its own buffers: an eighth of a PostgreSQL bill's client CPU,
// docs/benchmarks.md).
bool RowReader::fetch_postgresql() {
  rows_ = 0;
  if (result_row_ == result_rows_) {
    result_.reset();
    result_row_ = result_rows_ = 0;
    if (!open_) return false;
    fetch_result();
    if (result_rows_ == 0) return false;
  }
  copy_result_rows(std::min(batch_, result_rows_ - result_row_));
  return true;
}

// Copies the result's next `n` rows into the buffers.
void RowReader::copy_result_rows(size_t n) {
  for (size_t c = 0; c < cols_.size(); ++c) {
    ColumnValues& b = cols_[c];
    const int col = static_cast<int>(c);
    for (size_t i = 0; i < n; ++i) {
      const int row = static_cast<int>(result_row_ + i);
      if (PQgetisnull(result_.get(), row, col)) {
        b.ind[i] = soci::i_null;
        continue;
      }
      b.ind[i] = soci::i_ok;
      const char* v = PQgetvalue(result_.get(), row, col);
      const auto len = static_cast<size_t>(PQgetlength(result_.get(), row, col));
      if (b.type == ColType::text)
        b.texts[i].assign(v, len);
      else
        b.ints[i] = integer_value(v, len);
    }
  }
  result_row_ += n;
  rows_ = n;
}

// Runs the cursor's next FETCH on the session's connection; a FETCH that
// comes back short (or empty) was the last, and the cursor is closed.
void RowReader::fetch_result() {
  PGconn* conn = postgresql_connection(sql_);
  const std::string fetch =
      "FETCH FORWARD " + std::to_string(fetch_rows_) + " FROM " + cursor_name_;
  result_.reset(PQexec(conn, fetch.c_str()));
  if (!result_ || PQresultStatus(result_.get()) != PGRES_TUPLES_OK) {
    const std::string message =
        server_message(result_ ? PQresultErrorMessage(result_.get()) : PQerrorMessage(conn));
    const char* state = result_ ? PQresultErrorField(result_.get(), PG_DIAG_SQLSTATE) : nullptr;
    // SOCI's error copies five characters; when the server gave none, 08006
    // (connection_failure) for a session lost, else XX000 (internal error).
    const std::string sqlstate = state && std::string_view(state).size() == 5 ? state
                                 : PQstatus(conn) == CONNECTION_BAD           ? "08006"
                                                                              : "XX000";
    result_.reset();
    // As SOCI's FETCH threw. The cursor goes with the caller's rollback, or
    // with the destructor outside a transaction.
    throw soci::postgresql_soci_error(message, sqlstate.c_str());
  }
  if (static_cast<size_t>(PQnfields(result_.get())) != cols_.size()) {
    const std::string n = std::to_string(PQnfields(result_.get()));
    result_.reset();
    throw StoreError(
        "the query gives " + n + " columns, not the reader's " + std::to_string(cols_.size()),
        "internt fel: frågan ger " + n + " kolumner, inte läsarens " +
            std::to_string(cols_.size()));
  }
  result_rows_ = static_cast<size_t>(PQntuples(result_.get()));
  if (result_rows_ < fetch_rows_) close_cursor();
}

void RowReader::close_cursor() {
  if (!open_) return;
  open_ = false;
  sql_ << "CLOSE " + cursor_name_;
}

RowReader::~RowReader() {
  if (!open_) return;
  // Left before its last rows (an exception): close the cursor unless the
  // transaction it was declared in has already removed it by a rollback.
  try {
    long long n = 0;
    sql_ << "SELECT count(*) FROM pg_cursors WHERE name = :n", soci::use(cursor_name_),
        soci::into(n);
    if (n > 0) close_cursor();
  } catch (...) {
    // The transaction is aborted or the connection gone: nothing to close.
  }
}

size_t RowReader::size() const {
  if (native_ || !cursor_name_.empty()) return rows_;
  if (cols_.empty()) return 0;
  return cols_[0].type == ColType::text ? cols_[0].texts.size() : cols_[0].ints.size();
}
bool RowReader::null(size_t col, size_t row) const { return cols_[col].ind[row] != soci::i_ok; }
const std::string& RowReader::text(size_t col, size_t row) const {
  static const std::string empty;
  return null(col, row) ? empty : cols_[col].texts[row];
}
int64_t RowReader::integer(size_t col, size_t row) const {
  return null(col, row) ? 0 : cols_[col].ints[row];
}

template <class Row>
TableMap<Row>::TableMap(const char* table, size_t identity, bool versioned,
                        std::vector<Column<Row>> columns)
    : columns_(std::move(columns)), spec_{table, {}, {}, versioned} {
  for (size_t c = 0; c < columns_.size(); ++c)
    (c < identity ? spec_.identity : spec_.content)
        .push_back({columns_[c].name, columns_[c].type, columns_[c].null_hashed});
}

template <class Row>
std::vector<ColType> TableMap<Row>::types() const {
  std::vector<ColType> out;
  for (const Column<Row>& c : columns_) out.push_back(c.type);
  return out;
}

template <class Row>
std::string TableMap<Row>::select_list(std::string_view alias) const {
  std::string out;
  for (const Column<Row>& c : columns_) {
    if (!out.empty()) out += ", ";
    out.append(alias).append(c.name);
  }
  return out;
}

template <class Row>
size_t TableMap<Row>::index(std::string_view name) const {
  for (size_t c = 0; c < columns_.size(); ++c)
    if (columns_[c].name == name) return c;
  throw std::out_of_range(std::string(spec_.table) + " has no column " + std::string(name));
}

template <class Row>
void TableMap<Row>::put(const Row& row, RowValues& values, size_t first) const {
  for (size_t c = 0; c < columns_.size(); ++c) columns_[c].put(row, values, first + c);
}

template <class Row>
void TableMap<Row>::decode(const RowReader& rows, size_t i, Row& row) const {
  for (size_t c = 0; c < columns_.size(); ++c)
    if (columns_[c].get) columns_[c].get(rows, c, i, row);
}

template class TableMap<Record>;
template class TableMap<Posting>;
template class TableMap<Invoice>;
template class TableMap<InvoiceLine>;

namespace {

// The struct a member pointer M belongs to, and the member's type.
template <class>
struct MemberOf;
template <class R, class T>
struct MemberOf<T R::*> {
  using Row = R;
  using Type = T;
};
template <auto M>
using RowOf = typename MemberOf<decltype(M)>::Row;
template <auto M>
using TypeOf = typename MemberOf<decltype(M)>::Type;

void put_date(RowValues& v, size_t c, Date d) {
  char b[10];
  format_iso(d, b);
  v.text(c, std::string_view(b, 10));
}
Date date_at(const RowReader& f, size_t c, size_t i) {
  auto d = parse_iso_date(f.text(c, i));
  if (!d)
    throw StoreError("the database holds a malformed date '" + f.text(c, i) + "'",
                     "databasen har ett felaktigt datum '" + f.text(c, i) + "'");
  return *d;
}

// The codecs, one per kind of member. The decoders read NULL as "" or 0.

// Text, NOT NULL.
template <auto M>
Column<RowOf<M>> text(const char* name) {
  return {name, ColType::text, [](const RowOf<M>& r, RowValues& v, size_t c) { v.text(c, r.*M); },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) { r.*M = f.text(c, i); }};
}
// A month "YYYY-MM", NOT NULL.
template <auto M>
Column<RowOf<M>> period(const char* name) {
  return {name, ColType::text,
          [](const RowOf<M>& r, RowValues& v, size_t c) { v.text(c, (r.*M).str()); },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) {
            auto p = Period::parse(f.text(c, i));
            if (!p)
              throw StoreError("the database holds a malformed month '" + f.text(c, i) + "'",
                               "databasen har en felaktig månad '" + f.text(c, i) + "'");
            r.*M = *p;
          }};
}
// Text, NULL when empty.
template <auto M>
Column<RowOf<M>> text_or_null(const char* name) {
  return {name, ColType::text,
          [](const RowOf<M>& r, RowValues& v, size_t c) {
            if ((r.*M).empty()) v.null(c); else v.text(c, r.*M);
          },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) { r.*M = f.text(c, i); }};
}
// An integer (or bool: 1 or 0), NOT NULL.
template <auto M>
Column<RowOf<M>> integer(const char* name) {
  return {name, ColType::integer,
          [](const RowOf<M>& r, RowValues& v, size_t c) {
            v.integer(c, static_cast<int64_t>(r.*M));
          },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) {
            r.*M = static_cast<TypeOf<M>>(f.integer(c, i));
          }};
}
// An integer, NULL when 0.
template <auto M>
Column<RowOf<M>> integer_or_null(const char* name) {
  Column<RowOf<M>> col = integer<M>(name);
  col.put = [](const RowOf<M>& r, RowValues& v, size_t c) {
    if (r.*M == 0) v.null(c); else v.integer(c, r.*M);
  };
  return col;
}
// Money in öre, NOT NULL.
template <auto M>
Column<RowOf<M>> money(const char* name) {
  return {name, ColType::integer,
          [](const RowOf<M>& r, RowValues& v, size_t c) { v.integer(c, (r.*M).ore()); },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) {
            r.*M = Money::from_ore(f.integer(c, i));
          }};
}
// std::optional<Money> in öre, NULL when none.
template <auto M>
Column<RowOf<M>> optional_money(const char* name) {
  return {name, ColType::integer,
          [](const RowOf<M>& r, RowValues& v, size_t c) {
            if (r.*M) v.integer(c, (r.*M)->ore()); else v.null(c);
          },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) {
            r.*M = f.null(c, i) ? std::nullopt
                                : std::optional<Money>(Money::from_ore(f.integer(c, i)));
          }};
}
// A date as ISO text, NOT NULL.
template <auto M>
Column<RowOf<M>> date(const char* name) {
  return {name, ColType::text,
          [](const RowOf<M>& r, RowValues& v, size_t c) { put_date(v, c, r.*M); },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) { r.*M = date_at(f, c, i); }};
}
// std::optional<Date> as ISO text, NULL when none.
template <auto M>
Column<RowOf<M>> optional_date(const char* name) {
  return {name, ColType::text,
          [](const RowOf<M>& r, RowValues& v, size_t c) {
            if (r.*M) put_date(v, c, *(r.*M)); else v.null(c);
          },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) {
            r.*M = f.null(c, i) ? std::nullopt : std::optional<Date>(date_at(f, c, i));
          }};
}
// An enumeration as its to_string() text; `Values` are all its values.
template <auto M, auto... Values>
Column<RowOf<M>> one_of(const char* name) {
  return {name, ColType::text,
          [](const RowOf<M>& r, RowValues& v, size_t c) { v.text(c, to_string(r.*M)); },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) {
            const std::string& s = f.text(c, i);
            // The first value whose text is s, if any.
            if (!((to_string(Values) == s && (r.*M = Values, true)) || ...))
              throw StoreError("the database holds an unknown value '" + s + "'",
                               "databasen har ett okänt värde '" + s + "'");
          }};
}

// The referral reason as its text, NULL for none.
template <auto M>
Column<RowOf<M>> referral_reason(const char* name) {
  return {name, ColType::text,
          [](const RowOf<M>& r, RowValues& v, size_t c) {
            if (r.*M == ReferralReason::none) v.null(c); else v.text(c, to_string(r.*M));
          },
          [](const RowReader& f, size_t c, size_t i, RowOf<M>& r) {
            if (f.null(c, i)) {
              r.*M = ReferralReason::none;
            } else if (auto v = parse_referral_reason(f.text(c, i))) {
              r.*M = *v;
            } else {
              throw StoreError("the database holds an unknown value '" + f.text(c, i) + "'",
                               "databasen har ett okänt värde '" + f.text(c, i) + "'");
            }
          }};
}

// A column that schema 011 or later added to a table with stored rows: its
// NULL is not hashed (ColumnDef::null_hashed), so those rows keep their hash.
template <class Row>
Column<Row> added(Column<Row> c) {
  c.null_hashed = false;
  return c;
}

}  // namespace

const TableMap<Record>& record_columns() {
  using R = Record;
  static const TableMap<R> m{
      "records",
      2,
      true,
      {text<&R::seller>("seller"),
       text<&R::record_id>("record_id"),
       text<&R::patient_id>("patient_id"),
       text<&R::county>("county"),
       text_or_null<&R::municipality>("municipality"),
       one_of<&R::care_type, CareType::inpatient, CareType::doctor_visit, CareType::day_care,
              CareType::other_visit>("care_type"),
       text<&R::clinic>("clinic"),
       date<&R::admission_date>("admission_date"),
       optional_date<&R::discharge_date>("discharge_date"),
       {"billing_date", ColType::text,
        [](const R& r, RowValues& v, size_t c) { put_date(v, c, billing_date(r)); }, nullptr},
       integer<&R::leave_days>("leave_days"),
       text_or_null<&R::drg>("drg"),
       optional_money<&R::kpp_cost>("kpp_cost"),
       text_or_null<&R::referral_id>("referral_id"),
       integer<&R::emergency>("emergency"),
       money<&R::patient_fee>("patient_fee"),
       text_or_null<&R::medical_field>("medical_field"),
       text_or_null<&R::diagnosis>("diagnosis"),
       added(integer_or_null<&R::agreement_type>("agreement_type")),
       added(text_or_null<&R::riksavtal_chapter>("riksavtal_chapter")),
       added(integer_or_null<&R::care_level>("care_level")),
       added(referral_reason<&R::referral_reason>("referral_reason")),
       added(integer_or_null<&R::cancelled>("cancelled"))}};
  return m;
}

const TableMap<Posting>& posting_columns() {
  using P = Posting;
  static const TableMap<P> m{
      "postings", 1, false,
      {integer<&P::id>("id"),
       integer<&P::run_id>("run_id"),
       one_of<&P::kind, PostingKind::care, PostingKind::reversal, PostingKind::subscription,
              PostingKind::settlement, PostingKind::commitment>("kind"),
       text<&P::seller>("seller"),
       text<&P::buyer>("buyer"),
       date<&P::billing_date>("billing_date"),
       text_or_null<&P::record_id>("record_id"),
       integer_or_null<&P::record_version>("record_version"),
       integer_or_null<&P::items_version>("items_version"),
       integer_or_null<&P::reverses>("reverses"),
       integer_or_null<&P::reason_code>("reason_code"),
       text_or_null<&P::drg>("drg"),
       integer_or_null<&P::weight>("weight"),
       integer_or_null<&P::care_days>("care_days"),
       text_or_null<&P::outlier>("outlier"),
       money<&P::drg_amount>("drg_amount"),
       money<&P::los_outlier_amount>("los_outlier_amount"),
       money<&P::cost_outlier_amount>("cost_outlier_amount"),
       money<&P::items_amount>("items_amount"),
       money<&P::patient_fee>("patient_fee"),
       money<&P::gross>("gross"),
       money<&P::amount>("amount"),
       text_or_null<&P::agreement_id>("agreement_id"),
       integer_or_null<&P::agreement_version>("agreement_version"),
       integer_or_null<&P::weights_year>("weights_year"),
       integer_or_null<&P::weight_version>("weight_version"),
       integer_or_null<&P::price_list_version>("price_list_version"),
       money<&P::tariff_amount>("tariff_amount"),
       money<&P::at_cost_amount>("at_cost_amount"),
       integer<&P::tariff_units>("tariff_units"),
       integer<&P::tariff_version>("tariff_version"),
       integer<&P::items_discounted>("items_discounted"),
       text_or_null<&P::tariff_unit>("tariff_unit"),
       {"content_hash", ColType::integer,
        [](const P& p, RowValues& v, size_t c) { v.integer(c, p.content_hash()); }, nullptr}}};
  return m;
}

const TableMap<Invoice>& invoice_columns() {
  using I = Invoice;
  static const TableMap<I> m{
      "invoices", 2, false,
      {text<&I::seller>("seller"),
       text<&I::number>("number"),
       integer<&I::seq>("seq"),
       integer<&I::run_id>("run_id"),
       one_of<&I::type, InvoiceType::invoice, InvoiceType::credit>("type"),
       one_of<&I::kind, BillingKind::care, BillingKind::subscription, BillingKind::settlement,
              BillingKind::commitment>("kind"),
       text<&I::buyer>("buyer"),
       period<&I::period>("period"),
       date<&I::issue_date>("issue_date"),
       date<&I::due_date>("due_date"),
       text_or_null<&I::spec_id>("spec_id"),
       text_or_null<&I::reference_number>("reference_number"),
       money<&I::total>("total"),
       integer<&I::lines>("lines"),
       integer<&I::late_lines>("late_lines")}};
  return m;
}

const TableMap<InvoiceLine>& line_columns() {
  using L = InvoiceLine;
  static const TableMap<L> m{
      "invoice_lines", 3, false,
      {text<&L::seller>("seller"),
       text<&L::number>("number"),
       integer<&L::line_no>("line_no"),
       integer<&L::posting_id>("posting_id"),
       money<&L::amount>("amount"),
       integer<&L::late>("late"),
       text_or_null<&L::reference_number>("reference_number"),
       integer_or_null<&L::reference_line>("reference_line"),
       integer_or_null<&L::reason_code>("reason_code")}};
  return m;
}

const TableMap<InvoiceLine>& posting_line_columns() {
  using L = InvoiceLine;
  static const TableMap<L> m{"postings",
                             0,
                             false,
                             {text<&L::number>("number"), integer<&L::line_no>("line_no"),
                              money<&L::amount>("line_amount"), integer<&L::late>("late"),
                              text_or_null<&L::reference_number>("reference_number"),
                              integer_or_null<&L::reference_line>("reference_line"),
                              integer_or_null<&L::reason_code>("line_reason_code")}};
  return m;
}

const TableSpec& posted_line_spec() {
  static const TableSpec s = [] {
    TableSpec out = posting_columns().spec();
    const TableSpec& line = posting_line_columns().spec();
    out.content.insert(out.content.end(), line.content.begin(), line.content.end());
    return out;
  }();
  return s;
}

}  // namespace vardavtal
