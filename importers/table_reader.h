// TableReader: a CSV file read as a table of named columns, with typed,
// validating getters. The header row names the columns in any order; every
// required column must be present, unknown and repeated columns are errors.
// A getter that rejects a value records an ImportError (file:line:column,
// column, expected, found) and returns nullopt. Not thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "importers/csv_reader.h"
#include "importers/import_error.h"
#include "importers/limits.h"

namespace vardavtal {

// A medical field: Socialstyrelsen's three-digit MVO code ("101").
bool is_medical_field_form(std::string_view s);

struct ColumnSpec {
  std::string_view name;
  bool required;
};

struct ImportOptions {
  csv::Encoding encoding = csv::Encoding::detect;
  // Called now and then with the rows read so far (for a progress display).
  std::function<void(long rows)> progress;
};

class TableReader {
 public:
  // Opens the file and reads the header. Header errors go to `errors`.
  // Throws csv::ParseError when the file cannot be read at all.
  TableReader(const std::string& path, std::span<const ColumnSpec> columns,
              const ImportOptions& options, ErrorList& errors);

  // Reads the next data row; false at the end. A row with the wrong number of
  // fields is reported and skipped (the file is rejected anyway).
  bool next();

  long line() const { return line_; }
  long rows() const { return rows_; }
  const std::string& path() const { return path_; }
  bool header_ok() const { return header_ok_; }
  // True if no error was recorded for the current row.
  bool row_ok() const { return errors_.count() == errors_at_row_start_; }

  bool has_column(int col) const { return index_[col] >= 0; }
  // The raw text of a column, trimmed of surrounding spaces; empty when the
  // column is absent from the file.
  std::string_view raw(int col) const;
  long column_of(int col) const;

  // Records an error for `col` with the field's text as what was found.
  void fail(int col, const Phrase& expected);

  // Typed getters. `required` getters report an empty value.
  // Text of at most `max_length` characters without control characters (a
  // tab is allowed).
  std::optional<std::string_view> text(int col, bool required, size_t max_length = 200);
  // A 12-digit personnummer or a pseudonym (core/codes.h), written into `out`.
  bool patient_id(int col, std::string& out);
  // "0", "1" or empty (= false).
  std::optional<bool> flag(int col);
  // An ISO date from 1900-01-01 to a year after today (core/date.h).
  std::optional<Date> date(int col);                          // required
  std::optional<std::optional<Date>> optional_date(int col);  // or empty
  std::optional<int64_t> integer(int col, int64_t min, int64_t max);  // required
  std::optional<std::optional<int64_t>> optional_integer(int col, int64_t min, int64_t max);
  // Non-negative kronor with at most two decimals, within kAmountBound.
  std::optional<std::optional<Money>> optional_money(int col);
  std::optional<Money> money(int col);
  // A decimal with at most `bound.places` decimals, in units of
  // 10^-places, within `bound` (non-negative unless `allow_negative`).
  std::optional<int64_t> decimal(int col, const Bound& bound, bool allow_negative = false);
  std::optional<std::optional<int64_t>> optional_decimal(int col, const Bound& bound);
  std::optional<std::string_view> county(int col,
                                        const std::function<bool(std::string_view)>& known);

 private:
  std::string path_;
  std::span<const ColumnSpec> columns_;
  ErrorList& errors_;
  const ImportOptions& options_;
  csv::Reader reader_;
  std::vector<csv::Field> fields_;
  std::vector<int> index_;  // spec column -> field index, -1 when absent
  size_t field_count_ = 0;
  long line_ = 0;
  long rows_ = 0;
  size_t errors_at_row_start_ = 0;
  bool header_ok_ = true;
  bool decimal_comma_ = false;
  Date latest_date_;  // the latest date accepted
};

}  // namespace vardavtal
