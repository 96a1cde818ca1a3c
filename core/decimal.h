// Exact decimals for weights, rates and shares: an integer count of units of
// 10^-scale, parsed from text, never through floating point. Value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vardavtal {

// Parses a decimal with at most `max_places` decimals into units of
// 10^-max_places ("1.25" with 4 places -> 12500). A leading '-' is accepted only
// when `allow_negative`. With `decimal_comma` a ',' also separates decimals.
// nullopt on empty text, stray characters, too many places or overflow.
std::optional<int64_t> parse_scaled(std::string_view text, int max_places,
                                    bool decimal_comma = false, bool allow_negative = false);

// Inverse of parse_scaled: minimal text (no trailing zeros, "0" for zero).
std::string format_scaled(int64_t units, int places);

// Same, but always exactly `places` decimals ("1.50" for 150 at 2 places).
std::string format_scaled_fixed(int64_t units, int places);

// Rounds numerator/denominator to the nearest integer, halves away from zero.
// The one rounding rule of the billing rules. denominator must be > 0.
// Throws std::overflow_error when the result does not fit in int64.
int64_t round_half_away(__int128 numerator, __int128 denominator);

// An exact fraction num/den (den > 0), for shares that are not decimals
// ("1/3"). Parsed from "N/D" or a decimal ("0.5" -> 5/10), never through
// floating point; text() gives it back in the first form.
struct Fraction {
  int64_t num = 0;
  int64_t den = 1;
  static std::optional<Fraction> parse(std::string_view text);
  std::string text() const;  // "1/3"
  bool operator==(const Fraction&) const = default;
};

class Decimal {
 public:
  constexpr Decimal() = default;
  constexpr Decimal(int64_t units, int scale) : units_(units), scale_(scale) {}
  static std::optional<Decimal> parse(std::string_view text, int max_places,
                                      bool decimal_comma = false, bool allow_negative = false) {
    auto u = parse_scaled(text, max_places, decimal_comma, allow_negative);
    if (!u) return std::nullopt;
    return Decimal(*u, max_places);
  }
  constexpr int64_t units() const { return units_; }
  constexpr int scale() const { return scale_; }
  std::string to_string() const { return format_scaled(units_, scale_); }
  constexpr bool operator==(const Decimal&) const = default;

 private:
  int64_t units_ = 0;
  int scale_ = 0;
};

}  // namespace vardavtal
