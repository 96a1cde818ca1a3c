// ErrorList: the validation errors of one import file. Each names
// file:line:column, the column, what was expected (in English and Swedish) and
// what was found; report() writes them in either language. The first
// 20 are kept for the report, the rest only counted. What was found is kept
// as an excerpt: at most 80 characters, control characters as \xNN. Not
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error_text.h"

namespace vardavtal {

struct ImportError {
  // A value that is not what was expected (column_name empty when the error
  // is not about one column).
  ImportError(std::string path, long line, long column, std::string column_name,
              const Phrase& expected, const Found& found);
  // A file-level error: `message` replaces "expected ..., found ...".
  static ImportError file_level(std::string path, long line, long column, const Phrase& message);

  std::string path;
  long line = 0;
  long column = 0;
  std::string column_name;
  std::string expected, expected_sv;  // English, Swedish
  std::string found, found_sv;        // cut to an excerpt (core/text.h) when listed
  std::string message, message_sv;    // when set, replaces "expected ..., found ..."
  // "path:line:column: column 'c': expected ..., found '...'"; in Swedish
  // "path:line:column: kolumn 'c': förväntade ..., fann '...'".
  std::string to_string(Language language = Language::en) const;
};

class ErrorList {
 public:
  static constexpr size_t kListed = 20;
  void add(ImportError e);
  bool empty() const { return count_ == 0; }
  size_t count() const { return count_; }
  const std::vector<ImportError>& listed() const { return listed_; }
  // The listed errors one per line, then "... and N more errors" ("... och N
  // fel till") when cut.
  std::string report(Language language = Language::en) const;

 private:
  std::vector<ImportError> listed_;
  size_t count_ = 0;
};

}  // namespace vardavtal
