// Importing files into the store: one file is one transaction; a file with
// any error commits nothing. Used by the CLI (`vardavtal import` and
// `import all`). Not thread-safe per Store; import_files
// opens the sessions of its threads itself.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/import_error.h"
#include "importers/table_reader.h"
#include "store/store.h"

namespace vardavtal {

// The kinds `import` accepts, in the order `import all` uses.
const std::vector<std::string_view>& import_kinds();

struct FileImport {
  std::string kind;
  std::string path;
  long long rows = 0;  // data rows read
  long long added = 0, changed = 0, unchanged = 0;
  ErrorList errors;
  bool not_utf8 = false;  // internal: the attempt read a non-UTF-8 byte as UTF-8
  bool ok() const { return errors.empty(); }
};

// Imports one file of `kind`. Throws std::invalid_argument for an unknown kind;
// file-level read failures are reported in errors. When `audit_who` is given
// and the file added or changed rows, the audit row (kind, path, the file's
// SHA-256, counts) commits in the import's own transaction.
FileImport import_file(Store& store, std::string_view kind, const std::string& path,
                       const ImportOptions& options, const std::string& audit_who = "");

// A file import_files imported (or tried to), with its wall time.
struct ImportedFile {
  FileImport result;
  long long millis = 0;
};

// Imports `files` ((kind, path), e.g. files_in_directory's of one or more
// directories), each as import_file does (a transaction of its own; a file
// with errors commits nothing and the others go on), and calls `done` on
// the calling thread with each file's result, in the files' order, once the
// files before it are done. On SQLite (one writer) the files load in turn,
// on the caller's session. On PostgreSQL each regions or hospitals file (the
// codes most kinds are checked against) loads in turn where it stands; the
// files up to the next such file, when of more than one kind, load side by
// side on up to kImportSessions sessions of their own (Store::open_beside;
// fewer when the server grants fewer, in turn when none): the largest kind
// first, then the others in the files' order, the files of one kind in
// turn; `options.progress` is then not called. An exception from an import
// (a failed database, an unknown kind; not a file's errors) stops the
// threads from taking another file and is rethrown once none runs, after
// every file that was imported has been reported.
inline constexpr int kImportSessions = 2;
void import_files(Store& store, const std::vector<std::pair<std::string, std::string>>& files,
                  const ImportOptions& options, const std::string& audit_who,
                  const std::function<void(const ImportedFile&)>& done);

// The files `import all DIR` takes from a directory, as (kind, path) in
// dependency order: regions, hospitals, weights, prices, tariffs, index,
// agreements, records, items, referrals, residents, plans. Missing files are
// skipped.
std::vector<std::pair<std::string, std::string>> files_in_directory(const std::string& dir);

}  // namespace vardavtal
