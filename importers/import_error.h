// ErrorList: the validation errors of one import file. Each names
// file:line:column, the column, what was expected and what was found. The first
// 20 are kept for the report, the rest only counted. What was found is kept
// as an excerpt: at most 80 characters, control characters as \xNN. Not
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vardavtal {

struct ImportError {
  std::string path;
  long line = 0;
  long column = 0;
  std::string column_name;  // empty when the error is not about one column
  std::string expected;
  std::string found;  // cut to an excerpt (core/text.h) when listed
  std::string message = {};  // when set, replaces "expected ..., found ..." (file-level errors)
  std::string to_string() const;
};

class ErrorList {
 public:
  static constexpr size_t kListed = 20;
  void add(ImportError e);
  bool empty() const { return count_ == 0; }
  size_t count() const { return count_; }
  const std::vector<ImportError>& listed() const { return listed_; }
  // The listed errors one per line, then "... and N more errors" when cut.
  std::string report() const;

 private:
  std::vector<ImportError> listed_;
  size_t count_ = 0;
};

}  // namespace vardavtal
