#include "importers/import_error.h"

#include "core/text.h"

namespace vardavtal {

std::string ImportError::to_string() const {
  std::string s = path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  if (!column_name.empty()) s += "column '" + column_name + "': ";
  if (!message.empty()) return s + message;
  s += "expected " + expected;
  if (!found.empty() || !column_name.empty()) s += ", found '" + found + "'";
  return s;
}

void ErrorList::add(ImportError e) {
  if (listed_.size() < kListed) {
    e.found = excerpt(e.found);  // never a whole 64 MB field, never a raw control character
    listed_.push_back(std::move(e));
  }
  ++count_;
}

std::string ErrorList::report() const {
  std::string out;
  for (const auto& e : listed_) out += e.to_string() + "\n";
  if (count_ > listed_.size())
    out += "... and " + std::to_string(count_ - listed_.size()) + " more errors\n";
  return out;
}

}  // namespace vardavtal
