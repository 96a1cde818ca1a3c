#include "billing/app/import.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#include "core/error_text.h"
#include "importers/importers.h"
#include "store/audit.h"
#include "store/kinds.h"
#include "store/token_store.h"
#include "store/versioned_writer.h"
#include "store/write_transaction.h"

namespace vardavtal {

namespace {

// Writes located rows through a VersionedWriter, counting and reporting
// duplicates; stops writing (but keeps validating) once the file has errors.
template <class Row>
class RowSink {
 public:
  RowSink(Store& store, const TableSpec& spec, int64_t import_id, FileImport& result,
          const char* id_column, bool exact)
      : writer_(store.sql(), spec, import_id, exact), result_(result), id_column_(id_column) {}

  BatchSink<Row> sink() {
    return [this](std::span<Located<Row>> rows) {
      for (auto& located : rows) {
        if (!result_.errors.empty()) return;
        put_row(located.row, writer_.values());
        handle(writer_.decide(located.line), located);
      }
    };
  }
  VersionedWriter& writer() { return writer_; }

  template <class L>
  void handle(const VersionDecision& d, const L& located) {
    switch (d.change) {
      case Change::added: ++result_.added; writer_.append(); break;
      case Change::changed: ++result_.changed; writer_.append(); break;
      case Change::unchanged: ++result_.unchanged; break;
      case Change::duplicate:
        result_.errors.add({result_.path,
                            located.line,
                            located.column,
                            id_column_,
                            {"each identity once per file (first at line " +
                                 std::to_string(d.duplicate_line) + ")",
                             "varje identitet en gång per fil (först på rad " +
                                 std::to_string(d.duplicate_line) + ")"},
                            {"it again", "den igen"}});
        break;
    }
  }

  void finish() {
    if (result_.errors.empty()) writer_.flush();
  }

 private:
  VersionedWriter writer_;
  FileImport& result_;
  const char* id_column_;
};

KnownCodes known_codes(Store& store, std::set<std::string>& regions,
                       std::set<std::string>& hospitals) {
  regions = store.region_codes();
  hospitals = store.hospital_codes();
  return {[&regions](std::string_view c) { return regions.count(std::string(c)) > 0; },
          [&hospitals](std::string_view c) { return hospitals.count(std::string(c)) > 0; }};
}

void import_item_sets(Store& store, int64_t import_id, const std::string& path,
                      const ImportOptions& options, const KnownCodes& known, FileImport& r,
                      bool exact) {
  RowSink<ItemSet> rows(store, record_items_table(), import_id, r, "record_id", exact);
  VersionedWriter& w = rows.writer();
  r.rows = read_item_sets(path, options, known, r.errors, [&](std::span<Located<ItemSet>> sets) {
    for (auto& located : sets) {
      if (!r.errors.empty()) return;
      const ItemSet& set = located.row;
      const int64_t hash = item_set_hash(set.lines);
      w.values().text(0, set.seller);
      w.values().text(1, set.record_id);
      VersionDecision d = w.decide(located.line, hash);
      if (d.change == Change::added || d.change == Change::changed) {
        int64_t line_no = 0;
        for (const auto& l : set.lines) {
          RowValues& v = w.values();  // an append may switch buffers
          v.text(0, set.seller);
          v.text(1, set.record_id);
          v.integer(2, ++line_no);
          v.text(3, l.item_code);
          v.integer(4, l.quantity);
          v.optional_integer(5, l.cost ? std::optional(l.cost->ore()) : std::nullopt);
          if (l.cost_ref.empty()) v.null(6); else v.text(6, l.cost_ref);
          w.append();
        }
        (d.change == Change::added ? r.added : r.changed)++;
      } else {
        rows.handle(d, located);
      }
    }
  });
  rows.finish();
}

}  // namespace

const std::vector<std::string_view>& import_kinds() {
  static const std::vector<std::string_view> kinds = {
      "regions",   "hospitals", "weights", "prices",    "tariffs",   "index",
      "agreement", "records",   "items",   "referrals", "residents", "plans"};
  return kinds;
}

FileImport import_file(Store& store, std::string_view kind, const std::string& path,
                       const ImportOptions& options, const std::string& audit_who) {
  const auto& kinds = import_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
    throw BadArgument("unknown kind '" + std::string(kind) + "'",
                      "okänt slag '" + std::string(kind) + "'");
  // A clear StoreError ("run 'vardavtal init'") instead of an SQL error about
  // a missing table, for every caller, not only the CLI.
  store.require_schema();
  FileImport r;
  r.kind = std::string(kind);
  r.path = path;
  if (!std::filesystem::is_regular_file(path)) {
    r.errors.add({path,
                  0,
                  0,
                  "",
                  {"a readable file", "en läsbar fil"},
                  {"no such file", "filen finns inte"}});
    return r;
  }
  std::set<std::string> regions, hospitals;
  KnownCodes known = known_codes(store, regions, hospitals);
  // One attempt in one transaction. The fast path (exact = false) lets an
  // empty table's primary key catch a repeated identity; the exact redo then
  // names its lines.
  auto attempt = [&](bool exact, const ImportOptions& options) {
    WriteTransaction tr(store);
    int64_t import_id = store.next_import_id();
    try {
      auto sink_of = [&](auto* row_type, const TableSpec& spec, const char* id_col, auto read) {
        using Row = std::remove_pointer_t<decltype(row_type)>;
        RowSink<Row> s(store, spec, import_id, r, id_col, exact);
        r.rows = read(s.sink());
        s.finish();
      };
      const auto& o = options;
      ErrorList& e = r.errors;
      if (kind == "regions") {
        sink_of((Region*)nullptr, region_table(), "code",
                [&](const auto& s) { return read_regions(path, o, e, s); });
      } else if (kind == "hospitals") {
        sink_of((Hospital*)nullptr, hospital_table(), "code",
                [&](const auto& s) { return read_hospitals(path, o, known, e, s); });
      } else if (kind == "records") {
        sink_of((Record*)nullptr, record_table(), "record_id",
                [&](const auto& s) { return read_records(path, o, known, e, s); });
      } else if (kind == "items") {
        import_item_sets(store, import_id, path, o, known, r, exact);
      } else if (kind == "weights") {
        sink_of((WeightRow*)nullptr, weight_table(), "drg",
                [&](const auto& s) { return read_weights(path, o, e, s); });
      } else if (kind == "prices") {
        sink_of((PriceRow*)nullptr, price_table(), "item_code",
                [&](const auto& s) { return read_prices(path, o, known, e, s); });
      } else if (kind == "tariffs") {
        sink_of((TariffRow*)nullptr, tariff_table(), "care_type",
                [&](const auto& s) { return read_tariffs(path, o, known, e, s); });
      } else if (kind == "index") {
        sink_of((IndexRow*)nullptr, index_table(), "index",
                [&](const auto& s) { return read_index(path, o, e, s); });
      } else if (kind == "agreement") {
        sink_of((Agreement*)nullptr, agreement_table(), "id", [&](const auto& s) {
          if (auto a = read_agreement(path, known, e)) {
            Located<Agreement> located{std::move(*a), 1, 1};
            s(std::span<Located<Agreement>>(&located, 1));
          }
          return 1L;
        });
      } else if (kind == "plans") {
        sink_of((PlanRow*)nullptr, plan_table(), "seller",
                [&](const auto& s) { return read_plans(path, o, known, e, s); });
      } else if (kind == "referrals") {
        sink_of((Referral*)nullptr, referral_table(), "referral_id",
                [&](const auto& s) { return read_referrals(path, o, known, e, s); });
      } else if (kind == "residents") {
        sink_of((Residence*)nullptr, resident_table(), "patient_id",
                [&](const auto& s) { return read_residents(path, o, known, e, s); });
      }
    } catch (const csv::ParseError& e) {
      // what() is "path:line:column: message"; keep the message once.
      const std::string at =
          e.path + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": ";
      auto message = [&](std::string s) { return s.rfind(at, 0) == 0 ? s.substr(at.size()) : s; };
      r.errors.add(ImportError::file_level(e.path, e.line, e.column,
                                           {message(e.what()), message(e.swedish())}));
      r.not_utf8 = e.invalid_utf8;
    }
    if (!r.ok()) {
      tr.rollback();
      r.added = r.changed = r.unchanged = 0;
      return r;
    }
    if (r.added + r.changed > 0) {
      store.record_import(import_id, r.kind, path, r.added, r.changed, r.unchanged);
      if (!audit_who.empty())
        append_audit_row(store, audit_who, "import",
                         r.kind + " " + path + " sha256 " + file_sha256(path) + ": " +
                             std::to_string(r.added) + " new, " + std::to_string(r.changed) +
                             " changed");
    }
    tr.commit();
    return r;
  };
  // Encoding detection without a pass of its own: read as UTF-8 and, when
  // the file proves not to be UTF-8, redo it as Windows-1252.
  const bool detect = options.encoding == csv::Encoding::detect;
  ImportOptions as_read = options;
  if (detect) as_read.encoding = csv::Encoding::utf8;
  const FileImport first = r;
  for (bool exact : {false, true}) {
    try {
      r = first;
      FileImport result = attempt(exact, as_read);
      if (detect && as_read.encoding == csv::Encoding::utf8 && result.not_utf8) {
        as_read.encoding = csv::Encoding::cp1252;
        r = first;
        result = attempt(exact, as_read);
      }
      result.not_utf8 = false;
      return result;
    } catch (const IdentityConflict&) {
      continue;  // redo exactly, to name the repeated identity's lines
    }
  }
  throw std::logic_error("import_file: exact import reported an identity conflict");
}

namespace {

ImportedFile timed_import(Store& store, const std::pair<std::string, std::string>& file,
                          const ImportOptions& options, const std::string& audit_who) {
  const auto t0 = std::chrono::steady_clock::now();
  ImportedFile out;
  out.result = import_file(store, file.first, file.second, options, audit_who);
  out.millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  return out;
}

// The files [from, to) as the indexes of `files` by kind (each kind's files
// in their order), in the order the threads take them: the kind with the
// most bytes first (the longest), then the others in the files' order, so
// that the first files to report are not the last to load.
std::vector<std::vector<size_t>> kinds_in_load_order(
    const std::vector<std::pair<std::string, std::string>>& files, size_t from, size_t to) {
  std::vector<std::vector<size_t>> kinds;
  std::vector<uintmax_t> bytes;
  for (size_t i = from; i < to; ++i) {
    size_t k = 0;
    while (k < kinds.size() && files[kinds[k][0]].first != files[i].first) ++k;
    if (k == kinds.size()) kinds.emplace_back(), bytes.push_back(0);
    kinds[k].push_back(i);
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(files[i].second, ec);
    bytes[k] += ec ? 0 : size;
  }
  const size_t largest = std::max_element(bytes.begin(), bytes.end()) - bytes.begin();
  std::rotate(kinds.begin(), kinds.begin() + largest, kinds.begin() + largest + 1);
  return kinds;
}

// Regions and hospitals: the codes the other kinds are checked against.
bool is_reference(const std::string& kind) {
  return kind == "regions" || kind == "hospitals";
}

// What import_files' threads hand to the calling thread: each file's
// result, by the file's index, or the first exception. After an exception
// the threads take no further file.
class ImportResults {
 public:
  explicit ImportResults(size_t files) : results_(files) {}
  void put(size_t i, ImportedFile r) {
    set([&] { results_[i] = std::move(r); });
  }
  void fail(std::exception_ptr e) {
    set([&] {
      if (!error_) error_ = e;
    });
  }
  void thread_started() {
    set([&] { ++running_; });
  }
  void thread_ended() {
    set([&] { --running_; });
  }
  bool failed() {
    std::lock_guard lock(mutex_);
    return error_ != nullptr;
  }
  // Waits for file i; nullopt when it will not be imported (a failure
  // stopped the threads first).
  std::optional<ImportedFile> take(size_t i) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return results_[i] || (error_ && running_ == 0); });
    return std::exchange(results_[i], std::nullopt);
  }
  void rethrow_failure() {
    std::lock_guard lock(mutex_);
    if (error_) std::rethrow_exception(error_);
  }

 private:
  template <class F>
  void set(F f) {
    {
      std::lock_guard lock(mutex_);
      f();
    }
    ready_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<std::optional<ImportedFile>> results_;
  std::exception_ptr error_;
  size_t running_ = 0;
};

// The sessions of import_files' threads: as many as the server grants, up
// to kImportSessions (none: the files load in turn).
std::vector<std::unique_ptr<Store>> sessions_beside(Store& store) {
  std::vector<std::unique_ptr<Store>> sessions;
  while (sessions.size() < static_cast<size_t>(kImportSessions)) {
    try {
      sessions.push_back(store.open_beside());
    } catch (const StoreError&) {
      break;  // e.g. no connection left: fewer threads
    }
  }
  return sessions;
}

// Imports the files [from, to), none of them regions or hospitals, of more
// than one kind, on `sessions` side by side; reports them in order.
void import_side_by_side(const std::vector<std::pair<std::string, std::string>>& files, size_t from,
                         size_t to, std::vector<std::unique_ptr<Store>>& sessions,
                         const ImportOptions& options, const std::string& audit_who,
                         const std::function<void(const ImportedFile&)>& done) {
  ImportOptions quiet = options;
  quiet.progress = nullptr;  // several files at once: no line of one file's progress
  const std::vector<std::vector<size_t>> kinds = kinds_in_load_order(files, from, to);
  ImportResults results(files.size());
  std::atomic<size_t> next_kind{0};
  auto work = [&](Store& session) {
    try {
      for (size_t k; (k = next_kind++) < kinds.size();)
        for (size_t i : kinds[k]) {
          if (results.failed()) break;
          results.put(i, timed_import(session, files[i], quiet, audit_who));
        }
    } catch (...) {
      results.fail(std::current_exception());
    }
    results.thread_ended();
  };
  std::vector<std::jthread> threads;  // joined before `results` goes
  try {
    for (size_t t = 0; t < sessions.size() && t < kinds.size(); ++t) {
      results.thread_started();
      try {
        threads.emplace_back(work, std::ref(*sessions[t]));
      } catch (...) {
        results.thread_ended();
        throw;
      }
    }
    // After a failure, every file that was imported is reported still.
    for (size_t i = from; i < to; ++i)
      if (std::optional<ImportedFile> r = results.take(i)) done(*r);
    results.rethrow_failure();
  } catch (...) {
    results.fail(std::current_exception());  // the threads take no further file
    throw;
  }
}

}  // namespace

void import_files(Store& store, const std::vector<std::pair<std::string, std::string>>& files,
                  const ImportOptions& options, const std::string& audit_who,
                  const std::function<void(const ImportedFile&)>& done) {
  std::optional<std::vector<std::unique_ptr<Store>>> sessions;  // opened at their first use
  for (size_t i = 0; i < files.size();) {
    // The files up to the next regions or hospitals (a second directory's)
    // may load side by side; those load in turn, as do files of one kind.
    size_t to = i;
    while (to < files.size() && !is_reference(files[to].first)) ++to;
    const bool several_kinds =
        to > i && std::any_of(files.begin() + i, files.begin() + to,
                              [&](const auto& f) { return f.first != files[i].first; });
    if (!store.is_sqlite() && several_kinds && !sessions) sessions = sessions_beside(store);
    if (!store.is_sqlite() && several_kinds && !sessions->empty()) {
      import_side_by_side(files, i, to, *sessions, options, audit_who, done);
      i = to;
    } else {
      done(timed_import(store, files[i++], options, audit_who));
    }
  }
}

std::vector<std::pair<std::string, std::string>> files_in_directory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> out;
  for (std::string_view kind : import_kinds()) {
    if (kind == "agreement") {
      std::vector<std::string> tomls;
      fs::path sub = fs::path(dir) / "agreements";
      if (fs::is_directory(sub))
        for (const auto& e : fs::directory_iterator(sub))
          if (e.path().extension() == ".toml") tomls.push_back(e.path().string());
      std::sort(tomls.begin(), tomls.end());
      for (auto& t : tomls) out.emplace_back("agreement", t);
    } else {
      fs::path p = fs::path(dir) / (std::string(kind) + ".csv");
      if (fs::is_regular_file(p)) out.emplace_back(std::string(kind), p.string());
    }
  }
  return out;
}

}  // namespace vardavtal
