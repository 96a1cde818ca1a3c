#include "importers/table_reader.h"

#include <charconv>

#include "core/codes.h"
#include "core/decimal.h"
#include "core/text.h"

namespace vardavtal {

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
std::string column_list(std::span<const ColumnSpec> cols) {
  std::string s;
  for (const auto& c : cols) {
    if (!s.empty()) s += ", ";
    s += c.name;
  }
  return s;
}
}  // namespace

bool is_medical_field_form(std::string_view s) {
  return s.size() == 3 && is_municipality_code_form(std::string(s) + "0");
}

TableReader::TableReader(const std::string& path, std::span<const ColumnSpec> columns,
                         const ImportOptions& options, ErrorList& errors)
    : path_(path),
      columns_(columns),
      errors_(errors),
      options_(options),
      reader_(path, options.encoding),
      index_(columns.size(), -1),
      latest_date_(latest_plausible_date(today())) {
  decimal_comma_ = reader_.delimiter() == ';';
  if (!reader_.next(fields_)) {
    errors_.add({path_,
                 1,
                 1,
                 "",
                 {"a header row naming the columns (" + column_list(columns_) + ")",
                  "en rubrikrad som namnger kolumnerna (" + column_list(columns_) + ")"},
                 {"an empty file", "en tom fil"}});
    header_ok_ = false;
    return;
  }
  field_count_ = fields_.size();
  for (size_t f = 0; f < fields_.size(); ++f) {
    std::string_view name = trim(fields_[f].text);
    int found = -1;
    for (size_t c = 0; c < columns_.size(); ++c)
      if (columns_[c].name == name) found = static_cast<int>(c);
    if (found < 0) {
      errors_.add({path_,
                   fields_[f].line,
                   fields_[f].column,
                   "",
                   {"a known column name (" + column_list(columns_) + ")",
                    "ett känt kolumnnamn (" + column_list(columns_) + ")"},
                   std::string(name)});
      header_ok_ = false;
    } else if (index_[found] >= 0) {
      errors_.add({path_,
                   fields_[f].line,
                   fields_[f].column,
                   "",
                   {"each column once", "varje kolumn en gång"},
                   {std::string(name) + " again", std::string(name) + " igen"}});
      header_ok_ = false;
    } else {
      index_[found] = static_cast<int>(f);
    }
  }
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (columns_[c].required && index_[c] < 0) {
      errors_.add({path_,
                   1,
                   1,
                   "",
                   {"required column '" + std::string(columns_[c].name) + "'",
                    "den obligatoriska kolumnen '" + std::string(columns_[c].name) + "'"},
                   {"a header without it", "en rubrik utan den"}});
      header_ok_ = false;
    }
  }
}

bool TableReader::next() {
  for (;;) {
    if (!reader_.next(fields_)) return false;
    line_ = reader_.line();
    errors_at_row_start_ = errors_.count();
    ++rows_;
    if (options_.progress && (rows_ & 0xffff) == 0) options_.progress(rows_);
    if (fields_.size() != field_count_) {
      errors_.add(
          {path_,
           line_,
           1,
           "",
           {std::to_string(field_count_) + " fields as in the header",
            std::to_string(field_count_) + " fält som i rubriken"},
           {std::to_string(fields_.size()) + " fields", std::to_string(fields_.size()) + " fält"}});
      continue;
    }
    return header_ok_;
  }
}

std::string_view TableReader::raw(int col) const {
  int f = index_[col];
  return f < 0 ? std::string_view{} : trim(fields_[f].text);
}

long TableReader::column_of(int col) const {
  int f = index_[col];
  return f < 0 ? 1 : fields_[f].column;
}

void TableReader::fail(int col, const Phrase& expected) {
  errors_.add({path_, line_, column_of(col), std::string(columns_[col].name), expected,
               std::string(raw(col))});
}

std::optional<std::string_view> TableReader::text(int col, bool required, size_t max_length) {
  std::string_view v = raw(col);
  if (required && v.empty()) {
    fail(col, {"a value", "ett värde"});
    return std::nullopt;
  }
  // The limit is in characters: count UTF-8 lead bytes, not bytes (no more
  // characters than bytes: a short text is not counted).
  if (v.size() > max_length && utf8_length(v) > max_length) {
    fail(col, {"at most " + std::to_string(max_length) + " characters",
               "högst " + std::to_string(max_length) + " tecken"});
    return std::nullopt;
  }
  if (has_control_character(v)) {
    fail(col, {"text without control characters (a tab is allowed)",
               "text utan styrtecken (tabb är tillåtet)"});
    return std::nullopt;
  }
  return v;
}

std::optional<Date> TableReader::date(int col) {
  auto d = parse_iso_date(raw(col));
  if (!d) {
    fail(col, {"an ISO date YYYY-MM-DD", "ett ISO-datum ÅÅÅÅ-MM-DD"});
  } else if (*d < kEarliestPlausibleDate || *d > latest_date_) {
    fail(col, {"a date from " + format_iso(kEarliestPlausibleDate) + " to " +
                   format_iso(latest_date_) + " (a year after today)",
               "ett datum från " + format_iso(kEarliestPlausibleDate) + " till " +
                   format_iso(latest_date_) + " (ett år efter i dag)"});
    return std::nullopt;
  }
  return d;
}

std::optional<std::optional<Date>> TableReader::optional_date(int col) {
  if (raw(col).empty()) return std::optional<Date>{};
  auto d = date(col);
  if (!d) return std::nullopt;
  return std::optional<Date>{*d};
}

std::optional<int64_t> TableReader::integer(int col, int64_t min, int64_t max) {
  std::string_view v = raw(col);
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size() || out < min || out > max) {
    fail(col, {"a whole number from " + std::to_string(min) + " to " + std::to_string(max),
               "ett heltal från " + std::to_string(min) + " till " + std::to_string(max)});
    return std::nullopt;
  }
  return out;
}

std::optional<std::optional<int64_t>> TableReader::optional_integer(int col, int64_t min,
                                                                    int64_t max) {
  if (raw(col).empty()) return std::optional<int64_t>{};
  auto v = integer(col, min, max);
  if (!v) return std::nullopt;
  return std::optional<int64_t>{*v};
}

std::optional<Money> TableReader::money(int col) {
  auto m = Money::parse(raw(col), decimal_comma_);
  if (!m || !kAmountBound.admits(m->ore(), false)) {
    fail(col,
         {std::string("a non-negative amount in kronor with at most 2 decimals ") +
              (decimal_comma_ ? "(1234,50)" : "(1234.50)") + ", " + kAmountBound.text(false),
          std::string("ett icke-negativt belopp i kronor med högst 2 decimaler ") +
              (decimal_comma_ ? "(1234,50)" : "(1234.50)") + ", " + kAmountBound.text_sv(false)});
    return std::nullopt;
  }
  return m;
}

std::optional<std::optional<Money>> TableReader::optional_money(int col) {
  if (raw(col).empty()) return std::optional<Money>{};
  auto m = money(col);
  if (!m) return std::nullopt;
  return std::optional<Money>{*m};
}

std::optional<int64_t> TableReader::decimal(int col, const Bound& bound, bool allow_negative) {
  auto v = parse_scaled(raw(col), bound.places, decimal_comma_, allow_negative);
  if (!v || !bound.admits(*v, allow_negative)) {
    fail(col,
         {std::string(allow_negative ? "a decimal" : "a non-negative decimal") + " with at most " +
              std::to_string(bound.places) + " decimals, " + bound.text(allow_negative),
          std::string(allow_negative ? "ett decimaltal" : "ett icke-negativt decimaltal") +
              " med högst " + std::to_string(bound.places) + " decimaler, " +
              bound.text_sv(allow_negative)});
    return std::nullopt;
  }
  return v;
}

std::optional<std::optional<int64_t>> TableReader::optional_decimal(int col, const Bound& bound) {
  if (raw(col).empty()) return std::optional<int64_t>{};
  auto v = decimal(col, bound);
  if (!v) return std::nullopt;
  return std::optional<int64_t>{*v};
}

std::optional<std::string_view> TableReader::county(
    int col, const std::function<bool(std::string_view)>& known) {
  std::string_view v = raw(col);
  if (!is_county_code_form(v) || !known(v)) {
    fail(col,
         {"a known two-digit region code (SCB county code)", "en känd tvåsiffrig länskod (SCB)"});
    return std::nullopt;
  }
  return v;
}

bool TableReader::patient_id(int col, std::string& out) {
  Phrase why{"", ""};
  if (!normalize_patient_id_into(raw(col), out, &why)) {
    fail(col, why);
    return false;
  }
  return true;
}

std::optional<bool> TableReader::flag(int col) {
  std::string_view v = raw(col);
  if (v.empty() || v == "0") return false;
  if (v == "1") return true;
  fail(col, {"1, 0 or empty", "1, 0 eller tomt"});
  return std::nullopt;
}

}  // namespace vardavtal
