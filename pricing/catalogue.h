// Catalogue: the price catalogue in memory, as pricing reads it: agreements
// per (seller, year) with their point price resolved (uplift chains), weight
// lists per year, item price lists per (seller, year), index series, and the
// regions' owning codes. Built once by the caller (the store feeds it), then
// read-only: concurrent reads from many threads are safe after finalize().
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/agreement.h"
#include "core/catalogue.h"
#include "pricing/uplift.h"

namespace vardavtal {

// A DRG code packed into 32 bits ("E03N" -> 'E','0','3','N'); 0 for a code
// not of the weight-list form.
uint32_t drg_key(std::string_view drg);

struct WeightEntry {
  std::string drg;
  std::string name;
  int64_t weight = 0;  // 10^-4 points
  std::optional<int> los_limit;
  std::optional<Money> cost_limit;
  int64_t day_weight = 0;  // 10^-4 points per day
  int64_t version = 1;
};

struct PriceEntry {
  std::string name;
  Money price;
  int64_t version = 1;
  bool at_cost = false;  // billed at each item line's stated cost (§8.2)
};

struct TariffEntry {
  TariffRow row;
  int64_t version = 1;
  // Specificity (§8.1): clinic and field 3, clinic 2, field 1, neither 0.
  int specificity() const { return (row.clinic.empty() ? 0 : 2) + (row.medical_field.empty() ? 0 : 1); }
};

// The tariff that prices a record: the most specific matching row; none, or
// ambiguous when two rows match equally specifically (then `entry` is one
// of them and `other` the second, to explain the hold).
struct TariffMatch {
  const TariffEntry* entry = nullptr;
  const TariffEntry* other = nullptr;
  bool ambiguous() const { return other != nullptr; }
};

// An agreement as pricing uses it: its point price resolved, or the reason
// it could not be.
struct PricingAgreement {
  Agreement terms;
  int64_t version = 1;
  std::optional<Money> point_price;  // resolved (given, or uplifted)
  std::string point_price_error;     // when point_price is empty
  std::string point_price_error_sv;  // the same in Swedish
  std::string point_price_source;    // "given" or how it was uplifted
  std::string point_price_source_sv;  // the same in Swedish, with Swedish numbers
  std::string seller_region;         // the seller's owning county
  bool buys(std::string_view county) const;  // buyer covered by the agreement
};

class Catalogue {
 public:
  void add_weight(const WeightRow& w, int64_t version);
  void add_price(const PriceRow& p, int64_t version);
  void add_index(const IndexRow& i);
  // A tariff row; a row of the same identity replaces the one added before.
  void add_tariff(const TariffRow& t, int64_t version);
  void add_agreement(const Agreement& a, int64_t version);
  void set_hospital_region(const std::string& hospital, const std::string& county);

  // Resolves point prices (uplift chains over years). Call once after adding.
  void finalize();

  const PricingAgreement* agreement(std::string_view seller, int year) const;
  const WeightEntry* weight(int year, uint32_t drg) const;
  const PriceEntry* price(std::string_view seller, int year, std::string_view item) const;
  const IndexSeries* series(std::string_view name) const;
  bool has_tariffs(std::string_view seller, int year) const;
  TariffMatch tariff(std::string_view seller, int year, CareType care_type,
                     std::string_view clinic, std::string_view medical_field) const;
  std::vector<const PricingAgreement*> agreements() const;

 private:
  void resolve_point_price(const std::string& seller, int year, PricingAgreement& a);
  // Nested maps with heterogeneous lookup: no allocation per look-up.
  std::map<std::string, std::map<int, PricingAgreement>, std::less<>> agreements_;
  std::unordered_map<int, std::unordered_map<uint32_t, WeightEntry>> weights_;
  std::map<std::string, std::map<int, std::map<std::string, PriceEntry, std::less<>>>, std::less<>>
      prices_;
  std::map<std::string, IndexSeries, std::less<>> index_;
  std::map<std::string, std::map<int, std::vector<TariffEntry>>, std::less<>> tariffs_;
  std::map<std::string, std::string, std::less<>> hospital_region_;
};

}  // namespace vardavtal
