#include "billing/text/text_table.h"

#include <algorithm>

#include "core/decimal.h"
#include "core/text.h"

namespace vardavtal {

std::string format_thousands(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out = v < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

std::string swedish_decimal(int64_t units, int places, bool fixed) {
  std::string plain = fixed ? format_scaled_fixed(units, places) : format_scaled(units, places);
  bool neg = plain[0] == '-';
  size_t dot = plain.find('.');
  std::string whole = plain.substr(neg ? 1 : 0, (dot == std::string::npos ? plain.size() : dot) -
                                                   (neg ? 1 : 0));
  std::string out = neg ? "-" : "";
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ' ';
    out += whole[i];
  }
  if (dot != std::string::npos) out += "," + plain.substr(dot + 1);
  return out;
}

TextTable::TextTable(std::vector<std::string> columns) {
  for (auto& c : columns) {
    bool right = !c.empty() && c[0] == '>';
    right_.push_back(right);
    header_.push_back(right ? c.substr(1) : c);
  }
}

void TextTable::add(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

std::string TextTable::render() const {
  std::vector<size_t> w(header_.size());
  for (size_t c = 0; c < header_.size(); ++c) {
    w[c] = utf8_length(header_[c]);
    for (const auto& r : rows_) w[c] = std::max(w[c], utf8_length(r[c]));
  }
  auto line = [&](const std::vector<std::string>& r) {
    std::string s;
    for (size_t c = 0; c < r.size(); ++c) {
      std::string pad(w[c] - utf8_length(r[c]), ' ');
      if (c) s += "  ";
      s += right_[c] ? pad + r[c] : r[c] + (c + 1 < r.size() ? pad : "");
    }
    return s + "\n";
  };
  std::string out = line(header_);
  size_t total = 0;
  for (size_t c = 0; c < w.size(); ++c) total += w[c] + (c ? 2 : 0);
  out += std::string(total, '-') + "\n";
  for (const auto& r : rows_) out += line(r);
  return out;
}

}  // namespace vardavtal
