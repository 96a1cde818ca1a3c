// Agreement (vårdavtal): one seller's terms for one year (docs/import.md#agreements).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

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
};

// "kpp", "surcharge", "none": the one text form of the outlier method, in
// agreement files and in the database; nullopt for any other text.
std::string_view to_string(OutlierMethod m);
std::optional<OutlierMethod> parse_outlier_method(std::string_view text);

}  // namespace vardavtal
