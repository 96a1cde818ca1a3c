// Agreement (vårdavtal): one seller's terms for one year (docs/import.md#agreements).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/decimal.h"
#include "core/money.h"

namespace vardavtal {

enum class OutlierMethod { kpp, surcharge, none };

struct Agreement {
  std::string id;
  std::string name;
  std::string seller;
  std::vector<std::string> buyers;  // empty: every region but the seller's own
  int year = 0;
  int price_list = 0;                  // national price-list code 1..6
  std::optional<Money> point_price;    // kronor (öre exact); empty: uplifted from last year
  int weights_year = 0;
  OutlierMethod outliers = OutlierMethod::kpp;
  int64_t cost_outlier_share = 10000;  // 10^-4
  // Subscription (abonnemang); absent = fully variable billing.
  std::optional<int64_t> subscription_share;  // 10^-4
  std::vector<int> base_years;
  // base_value per buyer county; the key "" applies to every buyer.
  std::map<std::string, Money> base_values;
  std::string uplift_index;  // empty: none

  // The other healthcare regions' models (billing rules §8); each optional,
  // and an agreement that uses none prices exactly as §4.
  // Records of these clinics or medical fields are priced by tariff even
  // when they carry a DRG (drg_exempt).
  std::vector<std::string> drg_exempt_clinics;
  std::vector<std::string> drg_exempt_fields;
  Money extra_billing_threshold;  // per contact, on the at-cost items' sum
  // Subscription scope: only these clinics (empty: every record), and
  // whether price-list items join the base and the discount.
  std::vector<std::string> subscription_clinics;
  bool subscription_include_items = false;
  // Year-end settlement of the cost difference: share × (KPP cost − invoiced).
  std::optional<Fraction> settlement_share;
  std::string settlement_basis;  // "kpp" when settled
  // Volume commitment: DRG points (10^-4) per buyer county.
  std::map<std::string, int64_t> commitment_points;
  int64_t commitment_shortfall_share = 0;  // 10^-4
  std::map<std::string, int64_t> commitment_cap_points;
  int64_t commitment_above_cap_share = 0;  // 10^-4
  int agreement_type = 2;  // 1 Riksavtal, 2 Regionavtal, 3 Mellanlänsavtal
  // Plausibility: the most one contact may bill (gross); a contact above it is
  // held. Empty: kDefaultMaxContactAmount.
  std::optional<Money> max_contact_amount;

  bool has_commitment() const { return !commitment_points.empty(); }
};

// The most one contact may bill unless its agreement raises it:
// 100 000 000 kr (docs/import.md#plausibility).
inline constexpr Money kDefaultMaxContactAmount = Money::from_kronor(100'000'000);

// "kpp", "surcharge", "none": the one text form of the outlier method, in
// agreement files and in the database; nullopt for any other text.
std::string_view to_string(OutlierMethod m);
std::optional<OutlierMethod> parse_outlier_method(std::string_view text);

}  // namespace vardavtal
