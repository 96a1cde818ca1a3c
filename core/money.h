// Money: an exact amount of Swedish kronor held as int64 öre (1/100 krona).
// Value type, trivially copyable, safe from any thread. No floating point.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vardavtal {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_ore(int64_t ore) { return Money(ore); }
  static constexpr Money from_kronor(int64_t kr) { return Money(kr * 100); }

  // Parses kronor with at most two decimals ("1234", "1234.5", "-12.05").
  // When `decimal_comma` is true a ',' is accepted as the decimal separator too.
  // nullopt on anything else (thousands separators, exponent, 3+ decimals).
  static std::optional<Money> parse(std::string_view text, bool decimal_comma = false);

  constexpr int64_t ore() const { return ore_; }

  // "1234.56", "-0.05": plain decimal with a point and exactly two decimals.
  std::string to_string() const;
  // Swedish style: "1 234,56" (space thousands separator, decimal comma).
  std::string to_swedish() const;

  constexpr Money operator+(Money o) const { return Money(ore_ + o.ore_); }
  constexpr Money operator-(Money o) const { return Money(ore_ - o.ore_); }
  constexpr Money operator-() const { return Money(-ore_); }
  Money& operator+=(Money o) { ore_ += o.ore_; return *this; }
  Money& operator-=(Money o) { ore_ -= o.ore_; return *this; }
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t ore) : ore_(ore) {}
  int64_t ore_ = 0;
};

}  // namespace vardavtal
