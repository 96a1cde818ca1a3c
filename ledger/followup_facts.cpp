#include "ledger/followup_facts.h"

#include <stdexcept>

namespace vardavtal {

namespace {
// sum += v for the counts and points, checked like the amounts.
void add_count(int64_t& sum, int64_t v) {
  if (__builtin_add_overflow(sum, v, &sum))
    throw std::overflow_error("a follow-up count or point sum too large for 64 bits");
}
}  // namespace

FactSums& FactSums::operator+=(const FactSums& o) {
  add_count(contacts, o.contacts);
  add_count(points, o.points);
  add_ore(inlier_kpp, o.inlier_kpp);
  add_count(inlier_points, o.inlier_points);
  add_ore(amount, o.amount);
  add_ore(variable, o.variable);
  add_ore(outliers, o.outliers);
  add_ore(items, o.items);
  add_ore(tariffs, o.tariffs);
  add_ore(at_cost, o.at_cost);
  return *this;
}

std::string_view FollowupFacts::intern(std::string_view s) {
  auto it = strings_.find(s);
  if (it == strings_.end()) it = strings_.emplace(s).first;
  return *it;
}

void FollowupFacts::add(const Posting& p, int period_year, const RecordFacts* record) {
  // A year-end true-up is no care nor subscription: the tables that show it
  // read the settlement bases (store/settlement_reads.h).
  if (p.kind == PostingKind::settlement || p.kind == PostingKind::commitment) return;
  FactKey key;
  key.seller = intern(p.seller);
  key.buyer = intern(p.buyer);
  key.period_year = period_year;
  key.billing_year = static_cast<int>(p.billing_date.year());
  FactSums s;
  s.amount = p.amount.ore();
  if (p.kind == PostingKind::subscription) {
    key.subscription = true;
  } else {
    if (!record) throw std::logic_error("follow-up facts: a care posting needs its record");
    const int64_t sign = p.kind == PostingKind::reversal ? -1 : 1;
    key.care_type = intern(to_string(record->care_type));
    key.drg = intern(p.drg);
    key.clinic = intern(record->clinic);
    key.outlier = !p.outlier.empty() && p.outlier != "none";
    key.referral = record->referral;
    key.referred_medical = record->referred_medical;
    s.contacts = sign;
    s.points = sign * p.weight;
    if (!p.drg.empty() && !key.outlier && record->kpp_cost) {
      s.inlier_kpp = sign * record->kpp_cost->ore();
      s.inlier_points = sign * p.weight;
    }
    const CareSplit split = split_care_amount(p);
    s.variable = split.variable.ore();
    s.outliers = split.outliers.ore();
    s.items = split.items.ore();
    s.tariffs = split.tariffs.ore();
    s.at_cost = split.at_cost.ore();
  }
  rows_[key] += s;
}

void FollowupFacts::add(const FactKey& key, const FactSums& sums) {
  FactKey k = key;
  k.seller = intern(k.seller);
  k.buyer = intern(k.buyer);
  k.care_type = intern(k.care_type);
  k.drg = intern(k.drg);
  k.clinic = intern(k.clinic);
  rows_[k] += sums;
}

void FollowupFacts::add(const FollowupFacts& other) {
  for (const auto& [key, sums] : other.rows_) add(key, sums);
}

}  // namespace vardavtal
