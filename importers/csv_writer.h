// CsvWriter: a small buffered writer for the project's CSV files (UTF-8 without
// BOM, comma-separated, LF line ends), used by every CSV output. Text cells go
// through importers/csv_cell.h: guarded against spreadsheet formulas (a leading
// apostrophe before =, +, -, @, tab, CR), then quoted when they contain a
// comma, a quotation mark or a line break (quotation marks written twice).
// Numbers the writer formats itself are never guarded. The header row is
// written on construction. Owns its file; one writer per file, not
// thread-safe. Throws std::runtime_error (naming the path) when the file
// cannot be opened or written; call close() to flush and see a late write
// error (the destructor closes quietly).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "core/date.h"

namespace vardavtal {

// How text cells are written: guarded against spreadsheet formulas (every file
// people may open), or verbatim, for files only a program reads literally (the
// demo generator's import files: the importer keeps a leading apostrophe).
enum class CsvText { guarded, verbatim };

// How cells are separated and numbers written: this product's machine CSV
// (',', decimal points, no byte order mark: what programs and reconcile
// read), or Swedish Excel's, for files people open (';', decimal commas and a
// UTF-8 byte order mark, so that Excel in Swedish shows å, ä, ö and numbers).
enum class CsvDialect { machine, swedish_excel };

class CsvWriter {
 public:
  CsvWriter(const std::filesystem::path& path, std::initializer_list<std::string_view> header,
            CsvText text = CsvText::guarded);
  // Writes to a stream the caller owns (stdout); close() flushes, never closes it.
  CsvWriter(std::FILE* borrowed, std::initializer_list<std::string_view> header,
            CsvText text = CsvText::guarded, CsvDialect dialect = CsvDialect::machine)
      : CsvWriter(borrowed, std::span<const std::string_view>(header.begin(), header.size()), text,
                  dialect) {}
  // The same with a header defined elsewhere (a format's column list).
  CsvWriter(std::FILE* borrowed, std::span<const std::string_view> header,
            CsvText text = CsvText::guarded, CsvDialect dialect = CsvDialect::machine);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  // A text cell (guarded unless the writer is verbatim).
  CsvWriter& field(std::string_view text);
  // A number the product formatted itself ("-1.019", "2021"), written as it is.
  CsvWriter& number(std::string_view formatted);
  CsvWriter& field(int64_t value);
  // An exact decimal: `units` of 10^-places with exactly `places` decimals
  // ("1234.50" for 123450 at 2 places; Money's öre fit this with places = 2).
  CsvWriter& field_fixed(int64_t units, int places);
  // An exact decimal without trailing zeros ("0.019", "1.5", "2").
  CsvWriter& field_decimal(int64_t units, int places);
  // ISO date, YYYY-MM-DD.
  CsvWriter& field(Date d);
  CsvWriter& empty() { return field(std::string_view()); }

  // Ends the current row; rows() counts data rows (the header is not counted).
  void end_row();
  long long rows() const { return rows_; }
  const std::filesystem::path& path() const { return path_; }

  // Flushes and closes the file; throws std::runtime_error on failure.
  void close();

 private:
  void separator();
  void flush_if_full();
  void flush();
  [[noreturn]] void fail(const char* what, const char* what_sv);

  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  bool owned_ = true;
  CsvText text_ = CsvText::guarded;
  char separator_ = ',', decimal_ = '.';
  std::string buf_;
  bool row_started_ = false;
  long long rows_ = 0;
};

}  // namespace vardavtal
