#include "store/store.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <optional>
#include <sstream>
#include <utility>

#include "core/hospital.h"
#include "core/region.h"
#include "schema/migrations.h"
#include "store/audit.h"
#include "store/kinds.h"
#include "store/ledger_store.h"
#include "store/native_handles.h"
#include "store/versioned_writer.h"

namespace vardavtal {

namespace {
bool starts_with(const std::string& s, std::string_view p) {
  return s.rfind(p, 0) == 0;
}

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> out;
  std::string cur;
  size_t pos = 0;
  while (pos < sql.size()) {
    size_t eol = sql.find('\n', pos);
    if (eol == std::string_view::npos) eol = sql.size();
    std::string_view line = sql.substr(pos, eol - pos);
    pos = eol + 1;
    size_t comment = line.find("--");
    std::string_view code = comment == std::string_view::npos ? line : line.substr(0, comment);
    cur.append(code);
    cur += '\n';
    size_t last = code.find_last_not_of(" \t\r");
    if (last != std::string_view::npos && code[last] == ';') {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (cur.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(cur);
  return out;
}
// The first `n` words of `stmt` (split at white space; "" past its end).
std::vector<std::string> leading_words(const std::string& stmt, size_t n) {
  std::istringstream in(stmt);
  std::vector<std::string> w(n);
  for (std::string& word : w) in >> word;
  return w;
}

// True when `word` is the SQL keyword `want` (upper case), in any case.
bool is_keyword(std::string word, std::string_view want) {
  for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return word == want;
}

// The table and column of an "ALTER TABLE t ADD COLUMN c ..." statement;
// nullopt for any other statement.
std::optional<std::pair<std::string, std::string>> added_column(const std::string& stmt) {
  const std::vector<std::string> w = leading_words(stmt, 6);
  if (!is_keyword(w[0], "ALTER") || !is_keyword(w[1], "TABLE") || !is_keyword(w[3], "ADD") ||
      !is_keyword(w[4], "COLUMN"))
    return std::nullopt;
  return std::pair{w[2], w[5]};
}

// The tables that a migration replaced by a view of the same name, each
// with that migration's number.
constexpr std::pair<std::string_view, int> kTablesMadeViews[] = {{"invoice_lines", 27}};

// The relation that `stmt` indexes (CREATE [UNIQUE] INDEX [IF NOT EXISTS]
// name ON table), drops as a table (DROP TABLE table) or creates as a view
// (CREATE VIEW view), else nullopt.
std::optional<std::string> indexed_dropped_or_view(const std::string& stmt) {
  const std::vector<std::string> w = leading_words(stmt, 9);
  auto is = [&](size_t i, std::string_view want) { return is_keyword(w[i], want); };
  auto name = [](const std::string& word) { return word.substr(0, word.find_first_of("(;")); };
  if ((is(0, "DROP") && is(1, "TABLE")) || (is(0, "CREATE") && is(1, "VIEW"))) return name(w[2]);
  if (!is(0, "CREATE")) return std::nullopt;
  size_t i = is(1, "UNIQUE") ? 2 : 1;
  if (!is(i, "INDEX")) return std::nullopt;
  i += is(i + 1, "IF") ? 5 : 2;  // past IF NOT EXISTS and the index's name
  if (!is(i, "ON")) return std::nullopt;
  return name(w[i + 1]);
}

bool is_view(soci::session& sql, bool sqlite, const std::string& name) {
  long long n = 0;
  sql << (sqlite ? "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = :v"
                 : "SELECT count(*) FROM pg_class WHERE oid = to_regclass(:v) AND relkind = 'v'"),
      soci::use(name), soci::into(n);
  return n > 0;
}

// True when `stmt` of migration `number`, run again, would index or drop as
// a table, or make as a view, a table of kTablesMadeViews that a migration
// from `number` on has already made a view.
bool made_view_already(soci::session& sql, bool sqlite, int number, const std::string& stmt) {
  const std::optional<std::string> name = indexed_dropped_or_view(stmt);
  if (!name) return false;
  for (const auto& [table, made] : kTablesMadeViews)
    if (*name == table && number <= made) return is_view(sql, sqlite, *name);
  return false;
}

bool has_column(soci::session& sql, bool sqlite, const std::string& table,
                const std::string& column) {
  long long n = 0;
  sql << (sqlite ? "SELECT count(*) FROM pragma_table_info(:t) WHERE name = :c"
                 // The catalogue, not information_schema.columns: a view of many joins
                 // that took a millisecond a column, a tenth of a fresh init.
                 : "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                   "current_schema() AND c.relname = :t AND a.attname = :c AND a.attnum > 0 "
                   "AND NOT a.attisdropped"),
      soci::use(table), soci::use(column), soci::into(n);
  return n > 0;
}

// postgresql://user:password@host:port/dbname?key=value&... -> libpq's
// "key=value" form (SOCI passes the string on but mangles URIs).
std::string libpq_conninfo(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3), out;
  auto add = [&](const std::string& k, const std::string& v) {
    if (v.empty()) return;
    std::string q;
    for (char c : v) {
      if (c == '\\' || c == '\'') q += '\\';
      q += c;
    }
    out += (out.empty() ? "" : " ") + k + "='" + q + "'";
  };
  std::string params;
  if (auto qm = rest.find('?'); qm != std::string::npos) {
    params = rest.substr(qm + 1);
    rest = rest.substr(0, qm);
  }
  std::string db;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    std::string cred = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = cred.find(':');
    add("user", cred.substr(0, colon));
    if (colon != std::string::npos) add("password", cred.substr(colon + 1));
  }
  if (auto colon = rest.rfind(':');
      colon != std::string::npos && rest.find(']') == std::string::npos) {
    add("port", rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  add("host", rest);
  add("dbname", db);
  for (size_t pos = 0; pos < params.size();) {
    size_t amp = params.find('&', pos);
    std::string kv = params.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (auto eq = kv.find('='); eq != std::string::npos) add(kv.substr(0, eq), kv.substr(eq + 1));
    pos = amp == std::string::npos ? params.size() : amp + 1;
  }
  return out;
}
// Writes the rows whose identity the table lacks; never a new version over a
// row that is there. Returns how many were added.
template <class Row>
int64_t seed_absent(soci::session& sql, const TableSpec& spec, int64_t import_id,
                    const std::vector<Row>& rows) {
  VersionedWriter w(sql, spec, import_id);
  int64_t added = 0;
  for (const Row& row : rows) {
    put_row(row, w.values());
    if (w.decide(0).change == Change::added) {
      w.append();
      ++added;
    }
  }
  w.flush();
  return added;
}
}  // namespace

std::string utc_now_iso() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return date::format("%FT%TZ", now);
}

namespace {
// Before the first connection: connections are never shared between threads
// (one Store per thread), so SQLite's per-call mutexes and its memory
// statistics (a mutex per allocation) are not needed.
// URI file names are on, so that a file is opened without being created
// ("mode=rw"); true when they are.
bool configure_sqlite_once() {
  static const bool uri = [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite_api::sqlite3_config(SQLITE_CONFIG_URI, 1) == SQLITE_OK;
  }();
  return uri;
}

// The SQLite file name that opens `path` read-write without creating it: a
// "file:" URI with mode=rw ('%', '?' and '#' escaped).
std::string existing_file_uri(const std::string& path) {
  std::string uri = path.rfind('/', 0) == 0 ? "file://" : "file:";
  for (char c : path) {
    if (c == '%') uri += "%25";
    else if (c == '?') uri += "%3f";
    else if (c == '#') uri += "%23";
    else uri += c;
  }
  return uri + "?mode=rw";
}
}  // namespace

Store::Store(const std::string& url, OpenMode mode) : url_(url) {
  try {
    if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
      sqlite_ = false;
      sql_.open(soci::postgresql, libpq_conninfo(url));
      // Texts are UTF-8 whatever the database's encoding; RowReader's cursors
      // are always read to the end, so plan them for all their rows. No JIT:
      // a month's read is one index probe per record, which the planner
      // costs high once the tables have statistics; compiling it took
      // longer than running it (docs/postgresql.md, "Server settings").
      sql_ << "SET client_encoding = 'UTF8'";
      sql_ << "SET cursor_tuple_fraction = 1.0";
      sql_ << "SET jit = off";
    } else {
      const bool uri = configure_sqlite_once();
      std::string path = starts_with(url, "sqlite3://") ? url.substr(10) : url;
      if (mode == OpenMode::existing && !std::filesystem::exists(path)) {
        missing_ = path;  // no session: the first use says so, after the usage checks
        return;
      }
      // Opened without the right to create it: a file removed meanwhile is not made anew.
      const std::string name = mode == OpenMode::existing && uri ? existing_file_uri(path) : path;
      sql_.open(soci::sqlite3, "db=\"" + name + "\" timeout=30");
      path_ = path;
      sql_ << "PRAGMA page_size=16384";  // only takes effect on a new database
      // Readers (the server) go on while a writer (import, bill) writes; a
      // writer waits for another up to the timeout above (busy timeout).
      sql_ << "PRAGMA journal_mode=WAL";
      sql_ << "PRAGMA synchronous=NORMAL";
      sql_ << "PRAGMA cache_size=-65536";
      sql_ << "PRAGMA temp_store=MEMORY";
    }
  } catch (const soci::soci_error& e) {
    // Never the password: postgresql://user:secret@host/db -> postgresql://user:***@host/db.
    std::string shown = url;
    const size_t scheme = shown.find("://"), at = shown.find('@');
    if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
      const size_t colon = shown.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) shown.replace(colon + 1, at - colon - 1, "***");
    }
    throw StoreError("cannot open database '" + shown + "': " + e.what(),
                     "kan inte öppna databasen '" + shown + "': " + e.what());
  }
}

bool Store::idle() {
  if (!sql_.get_backend()) return false;
  if (sqlite_) {
    sqlite_api::sqlite3* c = sqlite_connection(sql_);
    return c && sqlite_api::sqlite3_get_autocommit(c) != 0;
  }
  PGconn* c = postgresql_connection(sql_);
  return c && PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE;
}

std::unique_ptr<Store> Store::open_beside() {
  sql();  // a missing file is the same StoreError
  if (sqlite_ && (path_ == ":memory:" || path_.empty())) return nullptr;
  auto other = std::make_unique<Store>(url_, OpenMode::existing);
  // It reads a month at a time, mostly in index order: a small page cache.
  if (sqlite_) other->sql() << "PRAGMA cache_size=-16384";
  if (!sqlite_) {  // the same tables: a search_path set on this session holds there too
    try {
      std::string path;
      sql_ << "SELECT current_setting('search_path')", soci::into(path);
      other->sql() << "SELECT set_config('search_path', :p, false)", soci::use(path);
    } catch (const soci::soci_error& e) {
      throw StoreError("cannot give a second session the search_path: " + without_statement(e),
                       "kan inte ge en andra session search_path: " + without_statement(e));
    }
  }
  return other;
}

soci::session& Store::sql() {
  if (!missing_.empty())
    throw StoreError("no database at " + missing_ + ": run 'vardavtal init'",
                     "ingen databas i " + missing_ + ": kör 'vardavtal init'");
  return sql_;
}

int Store::schema_version() {
  sql();  // a missing database is not an empty one
  long long v = 0;
  soci::indicator ind = soci::i_null;
  try {
    sql_ << "SELECT max(number) FROM schema_migrations", soci::into(v, ind);
  } catch (const soci::soci_error& e) {
    // A role that may not read the table is not looking at an empty database.
    if (auto trouble = database_trouble(e)) throw *trouble;
    return 0;  // no schema_migrations table: an empty database
  }
  return ind == soci::i_ok ? static_cast<int>(v) : 0;
}

void Store::require_schema() {
  int have = schema_version();
  int want = migrations().empty() ? 0 : migrations().back().number;
  if (have < want)
    throw StoreError("the database is at schema version " + std::to_string(have) + ", not " +
                         std::to_string(want) + ": run 'vardavtal init' first",
                     "databasen har schemaversion " + std::to_string(have) + ", inte " +
                         std::to_string(want) + ": kör först 'vardavtal init'");
}

std::vector<std::string> Store::migrate(const std::string& audit_who) {
  std::vector<std::string> applied;
  int have = schema_version();
  // One transaction: a crash at any point leaves the database as it was, or
  // fully upgraded with its data steps and reference data.
  soci::transaction tr(sql_);
  if (have == 0)
    sql_ << "CREATE TABLE IF NOT EXISTS schema_migrations (number bigint NOT NULL PRIMARY KEY, "
            "name text NOT NULL, applied_at text NOT NULL)";
  std::vector<int> numbers;
  for (const Migration& m : migrations()) {
    if (m.number <= have) continue;
    for (const std::string& stmt : split_statements(m.sql)) {
      // A migration applied again (an upgrade test forgets the later ones)
      // finds its columns there: SQLite has no ADD COLUMN IF NOT EXISTS.
      // (A new database has only the columns this run adds.)
      auto added = have > 0 ? added_column(stmt) : std::nullopt;
      if (added && has_column(sql_, sqlite_, added->first, added->second)) continue;
      // Nor can it index, or drop, a table that it or a later migration
      // made a view (kTablesMadeViews), nor make that view again.
      if (have > 0 && made_view_already(sql_, sqlite_, m.number, stmt)) continue;
      sql_ << stmt;
    }
    std::string name(m.name), now = utc_now_iso();
    long long number = m.number;
    sql_ << "INSERT INTO schema_migrations (number, name, applied_at) VALUES (:n, :name, :at)",
        soci::use(number), soci::use(name), soci::use(now);
    applied.push_back(name);
    numbers.push_back(m.number);
  }
  // Data steps run once every table has its newest columns: their code
  // reads and writes the tables as this build knows them.
  for (size_t i = 0; i < numbers.size(); ++i) applied[i] += run_data_step(numbers[i]);
  if (!sqlite_ && !applied.empty()) compare_text_bytewise();
  // Built-in reference data: added where absent, never over a file's version.
  int64_t import_id = next_import_id();
  int64_t added = seed_absent(sql_, region_table(), import_id, builtin_regions()) +
                  seed_absent(sql_, hospital_table(), import_id, builtin_hospitals());
  if (added > 0) record_import(import_id, "reference", "(built in)", added, 0, 0);
  if (!audit_who.empty() && !applied.empty()) {
    std::string detail = "schema version " + std::to_string(schema_version()) + ":";
    for (const auto& m : applied) detail += " " + m.substr(0, m.find(' '));
    append_audit_row(*this, audit_who, "init", detail);
  }
  tr.commit();
  return applied;
}

// Every text column of the schema's tables compares bytes (COLLATE "C"), as
// SQLite's BINARY does: both engines then sort alike whatever the database's
// locale (byte order, not a language's alphabetical order), and an index
// probe compares with memcmp instead of strcoll. Migrations stay
// engine-neutral (SQLite knows no collation "C"), so this runs after them
// and converts the columns they added, in tables this role may alter. The
// schema's views are dropped (newest first, without CASCADE: a view of
// another schema that reads one stops init) and made again (oldest first)
// from their definitions, with their grants. The DO block's text has no
// colon followed by a word or a space outside its quotes: SOCI would take
// it for a bind parameter.
void Store::compare_text_bytewise() {
  sql_ << R"sql(DO $$
DECLARE
  ns oid := (SELECT oid FROM pg_namespace WHERE nspname = current_schema());
  bytewise oid := (SELECT oid FROM pg_collation
                   WHERE collname = 'C' AND collnamespace = 'pg_catalog'::regnamespace);
  tables text[];
  alters text[];
  v record;
  g record;
  remake text[] := '{}';
  nonempty boolean;
BEGIN
  SELECT array_agg(format('%I.%I', current_schema(), t.relname)), array_agg(t.columns)
    INTO tables, alters
    FROM (SELECT c.relname, string_agg(format('ALTER COLUMN %I TYPE text COLLATE "C"', a.attname),
                                       ', ') AS columns
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           WHERE c.relnamespace = ns AND c.relkind = 'r' AND pg_has_role(c.relowner, 'USAGE')
             AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'text'::regtype
             AND a.attcollation <> bytewise
           GROUP BY c.relname) t;
  IF tables IS NULL THEN
    RETURN;
  END IF;
  FOR v IN SELECT c.oid, c.relname, c.relowner, c.relacl FROM pg_class c
           WHERE c.relnamespace = ns AND c.relkind = 'v' ORDER BY c.oid LOOP
    remake := remake || format('CREATE VIEW %I.%I AS %s', current_schema(), v.relname,
                               pg_get_viewdef(v.oid));
    FOR g IN SELECT a.privilege_type, a.grantee FROM aclexplode(v.relacl) a
             WHERE a.grantee <> v.relowner LOOP
      remake := remake || format('GRANT %s ON %I.%I TO %s', g.privilege_type, current_schema(),
                                 v.relname, CASE WHEN g.grantee = 0 THEN 'PUBLIC'
                                                 ELSE quote_ident(pg_get_userbyid(g.grantee)) END);
    END LOOP;
  END LOOP;
  FOR v IN SELECT c.relname FROM pg_class c
           WHERE c.relnamespace = ns AND c.relkind = 'v' ORDER BY c.oid DESC LOOP
    EXECUTE format('DROP VIEW %I.%I', current_schema(), v.relname);
  END LOOP;
  FOR i IN 1 .. array_length(tables, 1) LOOP
    EXECUTE format('ALTER TABLE %s %s', tables[i], alters[i]);
    -- A column whose type changed lost its statistics, which ANALYZE gives
    -- back (an empty table, as in a new database, has none to give).
    EXECUTE format('SELECT EXISTS (SELECT FROM %s)', tables[i]) INTO nonempty;
    IF nonempty THEN
      EXECUTE format('ANALYZE %s', tables[i]);
    END IF;
  END LOOP;
  FOR i IN 1 .. coalesce(array_length(remake, 1), 0) LOOP
    EXECUTE remake[i];
  END LOOP;
END $$)sql";
}

std::string Store::run_data_step(int migration) {
  if (migration == 6)
    if (size_t rows = LedgerStore(*this).refill_facts())
      return " (follow-up aggregates of the existing ledger: " + std::to_string(rows) + " rows)";
  return "";
}

std::set<std::string> Store::region_codes() {
  std::set<std::string> out;
  soci::rowset<std::string> rs = (sql().prepare << "SELECT DISTINCT code FROM regions");
  for (const auto& c : rs) out.insert(c);
  return out;
}

std::set<std::string> Store::hospital_codes() {
  std::set<std::string> out;
  soci::rowset<std::string> rs = (sql().prepare << "SELECT DISTINCT code FROM hospitals");
  for (const auto& c : rs) out.insert(c);
  return out;
}

int64_t Store::next_import_id() {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql_ << "SELECT max(id) FROM imports", soci::into(id, ind);
  id = ind == soci::i_ok ? id + 1 : 1;
  if (sqlite_) return id;  // BEGIN IMMEDIATE: no other import is in flight
  // PostgreSQL: imports in flight on other sessions (another user's, or
  // `import all`'s side by side) have ids not yet committed. Each id is
  // claimed with a transaction-level advisory lock on the two keys (1986097,
  // id): a key space apart from the single-key locks of the run and the
  // audit trail. A claimed id is taken; a lock got for an id whose
  // import committed after the max above was read (its lock is released
  // only once its commit is visible) is kept and the id skipped.
  for (;; ++id) {
    long long got = 0, used = 0;
    sql_ << "SELECT CASE WHEN pg_try_advisory_xact_lock(1986097, CAST(:i % 2147483648 AS "
            "integer)) THEN 1 ELSE 0 END",
        soci::use(id), soci::into(got);
    if (!got) continue;
    sql_ << "SELECT count(*) FROM imports WHERE id = :i", soci::use(id), soci::into(used);
    if (!used) return id;
  }
}

int64_t Store::imports_seen() {
  long long n = 0;
  sql_ << "SELECT count(*) FROM imports", soci::into(n);
  return n;
}

void Store::record_import(int64_t id, const std::string& kind, const std::string& file,
                          int64_t added, int64_t changed, int64_t unchanged) {
  long long i = id, a = added, c = changed, u = unchanged;
  std::string now = utc_now_iso();
  sql_ << "INSERT INTO imports (id, kind, file, imported_at, rows_new, rows_changed, "
          "rows_unchanged) VALUES (:id, :kind, :file, :at, :a, :c, :u)",
      soci::use(i), soci::use(kind), soci::use(file), soci::use(now), soci::use(a), soci::use(c),
      soci::use(u);
}

}  // namespace vardavtal
