#include "core/money.h"

#include "core/decimal.h"

namespace vardavtal {

std::optional<Money> Money::parse(std::string_view text, bool decimal_comma) {
  auto v = parse_scaled(text, 2, decimal_comma, /*allow_negative=*/true);
  if (!v) return std::nullopt;
  return Money(*v);
}

void Money::overflow(Money a, std::string_view op, const std::string& b) {
  throw MoneyOverflow("amount too large: " + a.to_string() + " " + std::string(op) + " " + b +
                      " does not fit in an amount (at most ±92 233 720 368 547 758,07 kr)");
}

std::string Money::to_string() const { return format_scaled_fixed(ore_, 2); }

std::string Money::to_swedish() const {
  std::string plain = format_scaled_fixed(ore_, 2);
  bool neg = plain[0] == '-';
  std::string digits = plain.substr(neg ? 1 : 0, plain.size() - 3 - (neg ? 1 : 0));
  std::string out = neg ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  out += ',';
  out += plain.substr(plain.size() - 2);
  return out;
}

}  // namespace vardavtal
