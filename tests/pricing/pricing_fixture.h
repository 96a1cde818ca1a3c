// Shared helpers for the hand-computed pricing tests (docs/pricing.md).
//
// The standard catalogue: seller AS (Akademiska, region 03), agreement 2021
// with point price P = 69 927 kr (6 992 700 öre), buyers omitted (= every
// region but 03), LPIK uplift index.
//
// Weight list 2021 (weights in 10^-4 points):
//   E03N  1.2345  los_limit 10  cost_limit 300 000.00 kr  day_weight 0.2345
//   E03O  1.2346  no limits
//   X01A  0.5000  no limits (only in 2021)
// Weight list 2020:
//   E03N  1.1111  los_limit 12  cost_limit 400 000.00 kr  day_weight 0.1000
// Item prices AS 2021: IMPL1 12 345.67 kr, DRUG7 1 234.55 kr, DRUG9 0.05 kr.
// Item prices AS 2020: IMPL1 11 111.11 kr, OLD1 5.00 kr.
//
// Hand-computed values used across the files:
//   drg_value(E03N, 2021) = 1.2345 × 69 927 kr = 86 324.8815 kr = 8 632 488.15 öre -> 8 632 488
//   drg_value(E03O, 2021) = 1.2346 × 69 927 kr = 86 331.8742 kr = 8 633 187.42 öre -> 8 633 187
//   drg_value(E03N, 2020 list) = 1.1111 × 69 927 kr = 77 695.8897 kr -> 7 769 589 öre
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/agreement.h"
#include "core/catalogue.h"
#include "core/date.h"
#include "core/decimal.h"
#include "core/record.h"
#include "pricing/catalogue.h"
#include "pricing/price.h"
#include "pricing/subscription.h"
#include "pricing/uplift.h"

namespace vardavtal::pricing_test {

inline Money ore(int64_t o) {
  return Money::from_ore(o);
}
inline Money kr(int64_t k) {
  return Money::from_kronor(k);
}
inline Date day(const char* iso) {
  return *parse_iso_date(iso);
}

inline constexpr int64_t kP2021 = 6992700;  // 69 927 kr in öre

inline Agreement make_agreement(const std::string& seller, int year,
                                std::optional<Money> point_price,
                                OutlierMethod method = OutlierMethod::kpp) {
  Agreement a;
  a.id = "MSV-2a-" + seller + "-" + std::to_string(year);
  a.name = "Avtal om vård vid Universitetssjukhus (2a)";
  a.seller = seller;
  a.year = year;
  a.price_list = 2;
  a.point_price = point_price;
  a.weights_year = year;
  a.outliers = method;
  a.uplift_index = "LPIK";
  return a;
}

inline WeightRow weight_row(int year, const std::string& drg, int64_t weight,
                            std::optional<int> los_limit = std::nullopt,
                            std::optional<Money> cost_limit = std::nullopt,
                            int64_t day_weight = 0) {
  WeightRow w;
  w.year = year;
  w.drg = drg;
  w.name = "DRG " + drg;
  w.weight = weight;
  w.los_limit = los_limit;
  w.cost_limit = cost_limit;
  w.day_weight = day_weight;
  return w;
}

inline PriceRow price_row(const std::string& seller, int year, const std::string& item,
                          Money price) {
  PriceRow p;
  p.seller = seller;
  p.year = year;
  p.item_code = item;
  p.name = "item " + item;
  p.price = price;
  return p;
}

inline IndexRow index_row(int year, int64_t rate, const std::string& index = "LPIK") {
  IndexRow i;
  i.index = index;
  i.year = year;
  i.rate = rate;
  return i;
}

// An inpatient stay at AS.
inline Record stay(const std::string& county, const char* admission, const char* discharge,
                   const std::string& drg, std::optional<Money> kpp_cost = std::nullopt,
                   int leave_days = 0) {
  Record r;
  r.record_id = "VK-1";
  r.seller = "AS";
  r.patient_id = "191212121212";
  r.county = county;
  r.care_type = CareType::inpatient;
  r.clinic = "MED";
  r.admission_date = day(admission);
  r.discharge_date = day(discharge);
  r.leave_days = leave_days;
  r.drg = drg;
  r.kpp_cost = kpp_cost;
  return r;
}

// A doctor visit at AS.
inline Record visit(const std::string& county, const char* date, const std::string& drg = "",
                    Money patient_fee = Money()) {
  Record r;
  r.record_id = "VK-2";
  r.seller = "AS";
  r.patient_id = "191212121212";
  r.county = county;
  r.care_type = CareType::doctor_visit;
  r.clinic = "ORT";
  r.admission_date = day(date);
  r.drg = drg;
  r.patient_fee = patient_fee;
  return r;
}

// The standard catalogue described above; `tweak` edits the 2021 agreement
// before it is added.
inline void fill_standard(Catalogue& c, OutlierMethod method = OutlierMethod::kpp,
                          const std::function<void(Agreement&)>& tweak = {}) {
  c.set_hospital_region("AS", "03");
  c.add_weight(weight_row(2021, "E03N", 12345, 10, kr(300000), 2345), 1);
  c.add_weight(weight_row(2021, "E03O", 12346), 1);
  c.add_weight(weight_row(2021, "X01A", 5000), 1);
  c.add_weight(weight_row(2020, "E03N", 11111, 12, kr(400000), 1000), 1);
  c.add_price(price_row("AS", 2021, "IMPL1", ore(1234567)), 3);
  c.add_price(price_row("AS", 2021, "DRUG7", ore(123455)), 4);
  c.add_price(price_row("AS", 2021, "DRUG9", ore(5)), 2);
  c.add_price(price_row("AS", 2020, "IMPL1", ore(1111111)), 1);
  c.add_price(price_row("AS", 2020, "OLD1", ore(500)), 1);
  c.add_index(index_row(2021, 19000));
  Agreement a = make_agreement("AS", 2021, ore(kP2021), method);
  if (tweak) tweak(a);
  c.add_agreement(a, 1);
  c.finalize();
}

}  // namespace vardavtal::pricing_test
