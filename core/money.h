// Money: an exact amount of Swedish kronor held as int64 öre (1/100 krona).
// Value type, trivially copyable, safe from any thread. No floating point.
// Every sum, difference, negation and product is checked: a result outside
// int64 öre throws MoneyOverflow instead of wrapping.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vardavtal {

// An amount that does not fit in int64 öre (about ±92 233 720 368 547 758 kr).
struct MoneyOverflow : std::overflow_error {
  using std::overflow_error::overflow_error;
};

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_ore(int64_t ore) { return Money(ore); }
  static constexpr Money from_kronor(int64_t kr) { return Money(kr) * 100; }

  // Parses kronor with at most two decimals ("1234", "1234.5", "-12.05").
  // When `decimal_comma` is true a ',' is accepted as the decimal separator too.
  // nullopt on anything else (thousands separators, exponent, 3+ decimals).
  static std::optional<Money> parse(std::string_view text, bool decimal_comma = false);

  constexpr int64_t ore() const { return ore_; }

  // "1234.56", "-0.05": plain decimal with a point and exactly two decimals.
  std::string to_string() const;
  // Swedish style: "1 234,56" (space thousands separator, decimal comma).
  std::string to_swedish() const;

  constexpr Money operator+(Money o) const {
    int64_t r = 0;
    if (__builtin_add_overflow(ore_, o.ore_, &r)) overflow(*this, "+", o.to_string());
    return Money(r);
  }
  constexpr Money operator-(Money o) const {
    int64_t r = 0;
    if (__builtin_sub_overflow(ore_, o.ore_, &r)) overflow(*this, "-", o.to_string());
    return Money(r);
  }
  constexpr Money operator-() const { return Money() - *this; }
  // The amount times a count (a quantity, a sign): checked.
  constexpr Money operator*(int64_t n) const {
    int64_t r = 0;
    if (__builtin_mul_overflow(ore_, n, &r)) overflow(*this, "×", std::to_string(n));
    return Money(r);
  }
  Money& operator+=(Money o) { return *this = *this + o; }
  Money& operator-=(Money o) { return *this = *this - o; }
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t ore) : ore_(ore) {}
  [[noreturn]] static void overflow(Money a, std::string_view op, const std::string& b);
  int64_t ore_ = 0;
};

// sum += ore for amounts held as int64 öre (sums read from the database,
// follow-up facts), checked like Money's own sums.
inline void add_ore(int64_t& sum, int64_t ore) {
  sum = (Money::from_ore(sum) + Money::from_ore(ore)).ore();
}

}  // namespace vardavtal
