#include "pricing/catalogue.h"

#include <algorithm>

#include "core/decimal.h"

namespace vardavtal {

uint32_t drg_key(std::string_view d) {
  if (d.size() != 4) return 0;
  return (static_cast<uint32_t>(static_cast<unsigned char>(d[0])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(d[1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(d[2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(d[3]));
}

bool PricingAgreement::buys(std::string_view county) const {
  if (terms.buyers.empty()) return county != seller_region;
  return std::find(terms.buyers.begin(), terms.buyers.end(), county) != terms.buyers.end();
}

void Catalogue::add_weight(const WeightRow& w, int64_t version) {
  weights_[w.year][drg_key(w.drg)] =
      WeightEntry{w.drg, w.name, w.weight, w.los_limit, w.cost_limit, w.day_weight, version};
}

void Catalogue::add_price(const PriceRow& p, int64_t version) {
  prices_[p.seller][p.year][p.item_code] = PriceEntry{p.name, p.price, version, p.at_cost};
}

void Catalogue::add_index(const IndexRow& i) { index_[i.index][i.year] = i.rate; }

void Catalogue::add_tariff(const TariffRow& t, int64_t version) {
  std::vector<TariffEntry>& rows = tariffs_[t.seller][t.year];
  for (TariffEntry& e : rows) {
    if (e.row.care_type == t.care_type && e.row.clinic == t.clinic &&
        e.row.medical_field == t.medical_field && e.row.unit == t.unit) {
      e = TariffEntry{t, version};
      return;
    }
  }
  rows.push_back(TariffEntry{t, version});
}

bool Catalogue::has_tariffs(std::string_view seller, int year) const {
  auto s = tariffs_.find(seller);
  return s != tariffs_.end() && s->second.count(year) && !s->second.at(year).empty();
}

TariffMatch Catalogue::tariff(std::string_view seller, int year, CareType care_type,
                              std::string_view clinic, std::string_view field) const {
  TariffMatch m;
  auto s = tariffs_.find(seller);
  if (s == tariffs_.end()) return m;
  auto y = s->second.find(year);
  if (y == s->second.end()) return m;
  for (const TariffEntry& e : y->second) {
    const TariffRow& t = e.row;
    if (t.care_type != care_type) continue;
    if (!t.clinic.empty() && t.clinic != clinic) continue;
    if (!t.medical_field.empty() && t.medical_field != field) continue;
    if (!m.entry || e.specificity() > m.entry->specificity()) {
      m.entry = &e;
      m.other = nullptr;
    } else if (e.specificity() == m.entry->specificity() && !m.other) {
      m.other = &e;
    }
  }
  return m;
}

void Catalogue::add_agreement(const Agreement& a, int64_t version) {
  PricingAgreement& p = agreements_[a.seller][a.year];
  p.terms = a;
  p.version = version;
}

void Catalogue::set_hospital_region(const std::string& hospital, const std::string& county) {
  hospital_region_[hospital] = county;
}

void Catalogue::finalize() {
  // Years ascending per seller, so last year's price is resolved first.
  for (auto& [seller, years] : agreements_) {
    for (auto& [year, a] : years) resolve_point_price(seller, year, a);
  }
}

void Catalogue::resolve_point_price(const std::string& seller, int year, PricingAgreement& a) {
  auto region = hospital_region_.find(a.terms.seller);
  a.seller_region = region == hospital_region_.end() ? "" : region->second;
  a.point_price.reset();
  a.point_price_error.clear();
  a.point_price_error_sv.clear();
  a.point_price_source.clear();
  a.point_price_source_sv.clear();
  if (a.terms.point_price) {
    a.point_price = a.terms.point_price;
    a.point_price_source = "given";
    a.point_price_source_sv = "givet i avtalet";
    return;
  }
  const PricingAgreement* prev = agreement(seller, year - 1);
  if (!prev) {
    a.point_price_error = "no point_price and no " + std::to_string(year - 1) +
                          " agreement for " + seller + " to uplift from";
    a.point_price_error_sv = "inget poängpris och inget avtal för " + seller + " år " +
                             std::to_string(year - 1) + " att räkna upp från";
    return;
  }
  if (!prev->point_price) {
    a.point_price_error = "no point_price, and the " + std::to_string(year - 1) +
                          " agreement has none: " + prev->point_price_error;
    a.point_price_error_sv = "inget poängpris, och avtalet för " + std::to_string(year - 1) +
                             " har inget: " + prev->point_price_error_sv;
    return;
  }
  const IndexSeries* s = series(a.terms.uplift_index);
  auto rate = s ? s->find(year) : IndexSeries::const_iterator{};
  if (!s || rate == s->end()) {
    a.point_price_error = "no point_price, and no " + a.terms.uplift_index + " rate for " +
                          std::to_string(year) + " to uplift " + std::to_string(year - 1) +
                          "'s price with";
    a.point_price_error_sv = "inget poängpris, och ingen " + a.terms.uplift_index + "-takt för " +
                             std::to_string(year) + " att räkna upp " + std::to_string(year - 1) +
                             " års pris med";
    return;
  }
  a.point_price = uplift_point_price(*prev->point_price, rate->second);
  const std::string rate_text = format_scaled(rate->second, kRatePlaces);
  a.point_price_source = prev->point_price->to_string() + " kr (" + std::to_string(year - 1) +
                         ") x (1 + " + a.terms.uplift_index + " " + rate_text + "), whole kronor";
  std::string rate_sv = rate_text;  // a rate is below 1 000: no thousands to group
  std::replace(rate_sv.begin(), rate_sv.end(), '.', ',');
  a.point_price_source_sv = prev->point_price->to_swedish() + " kr (" + std::to_string(year - 1) +
                            ") x (1 + " + a.terms.uplift_index + " " + rate_sv + "), hela kronor";
}

const PricingAgreement* Catalogue::agreement(std::string_view seller, int year) const {
  auto s = agreements_.find(seller);
  if (s == agreements_.end()) return nullptr;
  auto it = s->second.find(year);
  return it == s->second.end() ? nullptr : &it->second;
}

const WeightEntry* Catalogue::weight(int year, uint32_t drg) const {
  auto list = weights_.find(year);
  if (list == weights_.end()) return nullptr;
  auto it = list->second.find(drg);
  return it == list->second.end() ? nullptr : &it->second;
}

const PriceEntry* Catalogue::price(std::string_view seller, int year, std::string_view item) const {
  auto s = prices_.find(seller);
  if (s == prices_.end()) return nullptr;
  auto y = s->second.find(year);
  if (y == s->second.end()) return nullptr;
  auto it = y->second.find(item);
  return it == y->second.end() ? nullptr : &it->second;
}

const IndexSeries* Catalogue::series(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &it->second;
}

std::vector<const PricingAgreement*> Catalogue::agreements() const {
  std::vector<const PricingAgreement*> out;
  for (const auto& [seller, years] : agreements_)
    for (const auto& [year, a] : years) out.push_back(&a);
  return out;
}

}  // namespace vardavtal
