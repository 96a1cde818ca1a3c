#include "billing/app/base_year_tally.h"

#include <algorithm>

namespace vardavtal {

namespace {

// Whether a run after `last_billed` reads every version of base year `b` of
// subscription year `year` before it fixes that year.
bool read_whole(int b, int year, std::optional<Period> last_billed) {
  return b < year && (!last_billed || *last_billed < Period(b, 1));
}

}  // namespace

BaseYearTally::BaseYearTally(const Catalogue& catalogue, const std::string& seller,
                             const std::set<int>& years, std::optional<Period> last_billed) {
  for (const int year : years) {
    const PricingAgreement* a = catalogue.agreement(seller, year);
    if (!a || !a->terms.subscription_share) continue;
    const std::vector<int>& base_years = a->terms.base_years;
    if (!std::all_of(base_years.begin(), base_years.end(),
                     [&](int b) { return read_whole(b, year, last_billed); }))
      continue;
    Year& y = years_[year];
    y.terms = &a->terms;
    y.last_base_year =
        base_years.empty() ? 0 : *std::max_element(base_years.begin(), base_years.end());
  }
}

void BaseYearTally::add(const StoredRecord& s, const PricedRecord& p) {
  const int b = period_of(billing_date(s.record)).year();
  for (auto& [year, y] : years_) {
    const std::vector<int>& base_years = y.terms->base_years;
    if (std::find(base_years.begin(), base_years.end(), b) != base_years.end())
      y.base.add(*y.terms, b, s, p);
  }
}

void BaseYearTally::merge(const BaseYearTally& other) {
  for (auto& [year, y] : years_)
    if (auto it = other.years_.find(year); it != other.years_.end()) y.base.merge(it->second.base);
}

std::optional<BaseYearValues> BaseYearTally::complete(int year) const {
  const auto it = years_.find(year);
  if (it == years_.end()) return std::nullopt;
  const Year& y = it->second;
  if (y.last_base_year > 0 && (!read_through_ || *read_through_ < Period(y.last_base_year, 12)))
    return std::nullopt;
  return y.base;
}

}  // namespace vardavtal
