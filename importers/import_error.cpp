#include "importers/import_error.h"

#include "core/text.h"

namespace vardavtal {

ImportError::ImportError(std::string path, long line, long column, std::string column_name,
                         const Phrase& expected, const Found& found)
    : path(std::move(path)),
      line(line),
      column(column),
      column_name(std::move(column_name)),
      expected(expected.en),
      expected_sv(expected.sv),
      found(found.en),
      found_sv(found.sv) {}

ImportError ImportError::file_level(std::string path, long line, long column,
                                    const Phrase& message) {
  ImportError e(std::move(path), line, column, "", {"", ""}, std::string());
  e.message = message.en;
  e.message_sv = message.sv;
  return e;
}

std::string ImportError::to_string(Language language) const {
  const bool sv = language == Language::sv;
  std::string s = path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  if (!column_name.empty()) s += (sv ? "kolumn '" : "column '") + column_name + "': ";
  if (!message.empty()) return s + (sv ? message_sv : message);
  s += (sv ? "förväntade " + expected_sv : "expected " + expected);
  if (!found.empty() || !column_name.empty())
    s += (sv ? ", fann '" : ", found '") + (sv ? found_sv : found) + "'";
  return s;
}

void ErrorList::add(ImportError e) {
  if (listed_.size() < kListed) {
    e.found = excerpt(e.found);  // never a whole 64 MB field, never a raw control character
    e.found_sv = excerpt(e.found_sv);
    listed_.push_back(std::move(e));
  }
  ++count_;
}

std::string ErrorList::report(Language language) const {
  std::string out;
  for (const auto& e : listed_) out += e.to_string(language) + "\n";
  const std::string more = std::to_string(count_ - listed_.size());
  if (count_ > listed_.size())
    out += language == Language::sv ? "... och " + more + " fel till\n"
                                    : "... and " + more + " more errors\n";
  return out;
}

}  // namespace vardavtal
