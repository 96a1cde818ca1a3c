#include "importers/csv_cell.h"

namespace vardavtal {

namespace {
bool starts_formula(std::string_view s) {
  if (s.empty()) return false;
  const char c = s.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

std::string_view without_apostrophes(std::string_view s) {
  const size_t n = s.find_first_not_of('\'');
  return n == std::string_view::npos ? std::string_view() : s.substr(n);
}
}  // namespace

bool csv_text_needs_guard(std::string_view text) {
  return starts_formula(without_apostrophes(text));
}

void append_csv_verbatim(std::string& out, std::string_view text, char separator) {
  const char specials[] = {separator, '"', '\n', '\r', '\0'};
  if (text.find_first_of(specials) == std::string_view::npos) {
    out.append(text);
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_csv_text(std::string& out, std::string_view text, char separator) {
  if (!csv_text_needs_guard(text)) return append_csv_verbatim(out, text, separator);
  append_csv_verbatim(out, "'" + std::string(text), separator);
}

std::string_view csv_text_unguarded(std::string_view cell) {
  if (cell.empty() || cell.front() != '\'' || !csv_text_needs_guard(cell.substr(1))) return cell;
  return cell.substr(1);
}

}  // namespace vardavtal
