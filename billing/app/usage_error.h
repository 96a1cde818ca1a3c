// UsageError: a request the caller got wrong (an unknown option, code or
// format); the CLI turns it into exit status 2, the server into 400. Also the
// listing formats every use case can write. Header-only; any thread.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "core/error_text.h"

namespace vardavtal {

// English and Swedish, both required (core/error_text.h).
struct UsageError : Bilingual<std::runtime_error> {
  using Bilingual::Bilingual;
};

// The formats of the listing commands; documents (xlsx, ...) are handled apart.
// csv_sv: CSV in the Swedish Excel dialect, for people (importers/csv_writer.h).
enum class Format { table, csv, json, csv_sv };
inline Format listing_format(const std::string& f) {
  return f == "csv"      ? Format::csv
         : f == "csv-sv" ? Format::csv_sv
         : f == "json"   ? Format::json
                         : Format::table;
}
inline bool is_csv(Format f) {
  return f == Format::csv || f == Format::csv_sv;
}
}  // namespace vardavtal
