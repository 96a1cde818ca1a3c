// Calibration of a seller's yearly DRG mix (integer arithmetic throughout):
//  1. outpatient contacts of each care type are split over that care type's
//     filler lines by share (largest remainder), so the counts are the seed's;
//  2. each top-10 DRG gets count = round(seed points / weight of the year);
//  3. each named clinic's inpatient filler lines get the points the seed's
//     clinic table leaves after its top-10 and outpatient lines, over as many
//     episodes as the seller's overall average filler weight implies;
//  4. the "other clinics" lines take exactly the remaining inpatient episodes,
//     weighted so that the seller's total points come out at the seed's total.
// Steps 3 and 4 blend "episodes by share" with "points by share" (see mix()),
// so no single filler DRG outgrows its share (and the seed's top 10 stays on top).
#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "billing/demo/demo_data.h"
#include "core/decimal.h"

namespace vardavtal::demo {

namespace {

constexpr int64_t kPointUnits = 10000;  // weights are in 10^-4 points

// Splits `total` over `shares` in proportion, by largest remainder (ties to the
// earlier line), so that the parts add up to `total` exactly.
std::vector<int64_t> apportion(int64_t total, const std::vector<int64_t>& shares) {
  std::vector<int64_t> parts(shares.size(), 0);
  int64_t sum = std::accumulate(shares.begin(), shares.end(), int64_t{0});
  if (total <= 0 || sum <= 0) return parts;
  std::vector<std::pair<int64_t, size_t>> rest;  // (remainder, index)
  int64_t given = 0;
  for (size_t i = 0; i < shares.size(); ++i) {
    __int128 p = static_cast<__int128>(total) * shares[i];
    parts[i] = static_cast<int64_t>(p / sum);
    rest.emplace_back(static_cast<int64_t>(p % sum), i);
    given += parts[i];
  }
  std::stable_sort(rest.begin(), rest.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t j = 0; given < total; ++j, ++given) ++parts[rest[j % rest.size()].second];
  return parts;
}

const DrgDef* require_drg(std::string_view code) {
  if (code.empty()) return nullptr;
  const DrgDef* d = find_drg(code);
  if (!d) throw std::logic_error("demo plan: DRG " + std::string(code) + " not in the catalogue");
  return d;
}

struct Line {
  PlanLine plan;
  int64_t share = 0;
  int64_t weight = 0;  // of the year, 10^-4
};

// Share-weighted arithmetic and harmonic mean weight of a group of lines, as
// fractions: arithmetic = sw / s, harmonic = s * kHarmonicScale / hf (hf is
// rounded down, which is fine for a calibration).
constexpr int64_t kHarmonicScale = 1000000000;
struct Means {
  __int128 s = 0, sw = 0, hf = 0;
};
Means means(const std::vector<Line*>& lines) {
  Means m;
  for (const Line* l : lines) {
    m.s += l->share;
    m.sw += static_cast<__int128>(l->share) * l->weight;
    m.hf += static_cast<__int128>(l->share) * kHarmonicScale / l->weight;
  }
  return m;
}

// Gives `lines` counts adding up to `episodes` exactly, with points (10^-4)
// near `points`. The counts blend two splits: episodes in proportion to share
// (average weight = the arithmetic mean) and points in proportion to share
// (average = the harmonic mean). Any target average between the two is met by
// one blend, and no line gets more than its share of either; a target outside
// is clamped to the nearer split (then only the episodes are exact).
void mix(std::vector<Line*>& lines, int64_t episodes, int64_t points) {
  if (lines.empty() || episodes <= 0) return;
  Means m = means(lines);
  // Episodes on the by-share split: n_e = s (Q hf - R s H) / (sw hf - s^2 H), H = kHarmonicScale.
  __int128 num = m.s * (static_cast<__int128>(points) * m.hf -
                        static_cast<__int128>(episodes) * m.s * kHarmonicScale);
  __int128 den = m.sw * m.hf - m.s * m.s * kHarmonicScale;
  int64_t n_e = den > 0 ? round_half_away(num, den) : episodes;
  // Points for the by-points split: all of them at or below the harmonic mean
  // (R episodes' worth), none at or above the arithmetic mean.
  __int128 q_p;
  if (n_e <= 0) {
    n_e = 0;
    q_p = static_cast<__int128>(episodes) * m.s * kHarmonicScale / m.hf;
  } else if (n_e >= episodes) {
    n_e = episodes;
    q_p = 0;
  } else {
    q_p = points - static_cast<__int128>(n_e) * m.sw / m.s;
  }
  if (q_p < 0) q_p = 0;
  int64_t given = 0;
  for (Line* l : lines) {
    int64_t c = round_half_away(q_p * l->share, m.s * l->weight);
    l->plan.count += c;
    given += c;
  }
  // Trim the by-points part if rounding overshot, then split the rest by share.
  while (given > episodes) {
    Line* big = *std::max_element(lines.begin(), lines.end(), [](const Line* a, const Line* b) {
      return a->plan.count < b->plan.count;
    });
    --big->plan.count;
    --given;
  }
  std::vector<int64_t> shares;
  for (const Line* l : lines) shares.push_back(l->share);
  std::vector<int64_t> parts = apportion(episodes - given, shares);
  for (size_t i = 0; i < lines.size(); ++i) lines[i]->plan.count += parts[i];
}

int64_t points_of(const std::vector<Line>& lines, std::string_view clinic) {
  int64_t p = 0;
  for (const Line& l : lines)
    if (clinic.empty() || l.plan.clinic == clinic) p += l.plan.count * l.weight;
  return p;
}

}  // namespace

std::vector<PlanLine> plan_year(const SellerDef& s, int year) {
  if (year < kFirstYear || year > kLastYear) throw std::out_of_range("plan_year: year");
  const int k = year - kFirstYear;
  std::vector<Line> lines;
  lines.reserve(s.top.size() + s.fill.size());

  // Top-10 DRGs.
  for (const TopLine& t : s.top) {
    Line l;
    l.plan.drg = require_drg(t.drg);
    l.plan.clinic = t.clinic;
    l.plan.age = t.age;
    l.weight = drg_year(*l.plan.drg, year).weight;
    l.plan.count = std::max<int64_t>(1, round_half_away(t.points[k] * kPointUnits, l.weight));
    lines.push_back(l);
  }
  const size_t first_fill = lines.size();
  for (const FillLine& f : s.fill) {
    Line l;
    l.plan.drg = require_drg(f.drg);
    l.plan.clinic = f.clinic;
    l.plan.care = f.care;
    l.plan.age = f.age;
    l.plan.affinity = f.affinity;
    l.plan.affinity_permille = f.affinity_permille;
    l.plan.items_permille = f.items_permille;
    l.share = f.share;
    l.weight = l.plan.drg ? drg_year(*l.plan.drg, year).weight : 0;
    if (l.plan.drg && l.plan.drg->outpatient() != (f.care != CareType::inpatient))
      throw std::logic_error("demo plan: " + std::string(f.drg) + " in the wrong care type");
    lines.push_back(l);
  }

  // 1. Outpatient care types: exact counts by share.
  for (size_t ct = 1; ct < 4; ++ct) {
    std::vector<Line*> group;
    std::vector<int64_t> shares;
    for (size_t i = first_fill; i < lines.size(); ++i)
      if (lines[i].plan.care == kCareTypes[ct]) {
        group.push_back(&lines[i]);
        shares.push_back(lines[i].share);
      }
    std::vector<int64_t> parts = apportion(s.contacts[k][ct], shares);
    for (size_t i = 0; i < group.size(); ++i) group[i]->plan.count = parts[i];
  }

  // 2./3. Named clinics: inpatient filler for the clinic's remaining points.
  // Every clinic's filler aims at the same average weight, the one the seller
  // needs overall (the seed's points left after top-10 and outpatient lines,
  // over the episodes left), kept between the clinic's harmonic and arithmetic
  // mean weight so that its points spread over its lines by share.
  auto inpatient_fill = [&](auto&& pred) {
    std::vector<Line*> g;
    for (size_t i = first_fill; i < lines.size(); ++i)
      if (lines[i].plan.care == CareType::inpatient && pred(lines[i].plan.clinic))
        g.push_back(&lines[i]);
    return g;
  };
  auto episodes_left = [&] {
    int64_t n = s.contacts[k][0];
    for (const Line& l : lines)
      if (l.plan.care == CareType::inpatient) n -= l.plan.count;
    return n;
  };
  const int64_t fill_episodes = episodes_left();
  const int64_t fill_points = s.total_points[k] * kPointUnits - points_of(lines, {});
  if (fill_episodes <= 0 || fill_points <= 0)
    throw std::logic_error("demo plan: top-10 and outpatient lines leave nothing to fill");
  for (const ClinicTarget& c : s.clinics) {
    int64_t rest = c.points[k] * kPointUnits - points_of(lines, c.clinic);
    std::vector<Line*> g = inpatient_fill([&](std::string_view n) { return n == c.clinic; });
    if (rest <= 0 || g.empty()) continue;
    // episodes = rest / clamp(fill_points / fill_episodes, harmonic, arithmetic)
    Means m = means(g);
    int64_t n;
    if (static_cast<__int128>(fill_points) * m.hf <
        static_cast<__int128>(fill_episodes) * m.s * kHarmonicScale)
      n = round_half_away(static_cast<__int128>(rest) * m.hf, m.s * kHarmonicScale);
    else if (static_cast<__int128>(fill_points) * m.s > m.sw * fill_episodes)
      n = round_half_away(static_cast<__int128>(rest) * m.s, m.sw);
    else
      n = round_half_away(static_cast<__int128>(rest) * fill_episodes, fill_points);
    mix(g, n, rest);
  }

  // 4. Other clinics: the remaining episodes and points.
  int64_t episodes = episodes_left();
  if (episodes < 0) throw std::logic_error("demo plan: too many inpatient episodes planned");
  int64_t rest = s.total_points[k] * kPointUnits - points_of(lines, {});
  std::vector<Line*> others = inpatient_fill([&](std::string_view n) {
    return std::none_of(s.clinics.begin(), s.clinics.end(),
                        [&](const ClinicTarget& c) { return c.clinic == n; });
  });
  mix(others, episodes, rest);

  std::vector<PlanLine> out;
  out.reserve(lines.size());
  for (const Line& l : lines) out.push_back(l.plan);
  return out;
}

}  // namespace vardavtal::demo
