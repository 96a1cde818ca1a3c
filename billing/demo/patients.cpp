#include "billing/demo/patients.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/region.h"

namespace vardavtal::demo {

namespace {

constexpr uint64_t kMultiplier = 2147483647;  // prime, larger than any modulus: a bijection
constexpr int kSerials = 900;                 // 000-899 for pool patients
constexpr int64_t kContactsPerPatient = 3;

Date add_days(Date d, int64_t days) {
  return Date{date::sys_days{d} + date::days{days}};
}

const Date kAdultFirst{date::year{1925}, date::month{1}, date::day{1}};
const Date kAdultLast{date::year{2001}, date::month{6}, date::day{30}};
const Date kChildFirst{date::year{2003}, date::month{7}, date::day{1}};
const Date kChildLast{date::year{2018}, date::month{6}, date::day{30}};
const Date kLastMove{date::year{2018}, date::month{6}, date::day{30}};
const Date kNewbornEpoch{date::year{2018}, date::month{1}, date::day{1}};

void put_digits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

std::string_view pick_municipality(std::string_view county, uint64_t h) {
  auto list = municipalities(county);
  if (list.empty()) return {};
  int64_t total = 0;
  for (const Municipality& m : list) total += m.population;
  int64_t r = static_cast<int64_t>(h % static_cast<uint64_t>(total));
  for (const Municipality& m : list) {
    if (r < m.population) return m.code;
    r -= m.population;
  }
  return list.back().code;
}

bool sex_matches(const Patient& p, Sex sex) {
  if (sex == Sex::any) return true;
  bool male = (p.id[10] - '0') % 2 == 1;
  return male == (sex == Sex::male);
}

}  // namespace

void make_personnummer(Date birth, int serial, char* out) {
  put_digits(out, static_cast<int>(birth.year()), 4);
  put_digits(out + 4, static_cast<unsigned>(birth.month()), 2);
  put_digits(out + 6, static_cast<unsigned>(birth.day()), 2);
  put_digits(out + 8, serial, 3);
  int sum = 0;
  for (int i = 0; i < 9; ++i) {  // YYMMDDNNN: every other digit from the left times two
    int v = out[2 + i] - '0';
    if (i % 2 == 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  out[11] = static_cast<char>('0' + (10 - sum % 10) % 10);
}

PatientPools::PatientPools(uint64_t seed, std::vector<std::string_view> counties,
                           const std::vector<int64_t>& expected)
    : seed_(seed), counties_(std::move(counties)) {
  auto segment = [&](Date first, Date last, uint64_t salt) {
    Segment s;
    s.first_birth = first;
    s.days = days_between(first, last) + 1;
    s.modulus = s.days * kSerials;
    s.offset = static_cast<int64_t>(mix64(seed, salt) % static_cast<uint64_t>(s.modulus));
    return s;
  };
  adult_ = segment(kAdultFirst, kAdultLast, 0xa);
  child_ = segment(kChildFirst, kChildLast, 0xc);

  std::vector<int64_t> adults, children;
  int64_t sum_adults = 0, sum_children = 0;
  for (size_t i = 0; i < counties_.size(); ++i) {
    int64_t patients = std::max<int64_t>(60, expected.at(i) / kContactsPerPatient);
    int64_t c = std::max<int64_t>(10, patients / 6);
    adults.push_back(patients - c);
    children.push_back(c);
    sum_adults += patients - c;
    sum_children += c;
  }
  // At very large scales the birth-date space is the limit: shrink the pools
  // (patients then recur more often) rather than reuse a personnummer.
  auto fit = [](std::vector<int64_t>& sizes, int64_t sum, int64_t capacity) {
    if (sum <= capacity) return;
    for (int64_t& n : sizes)
      n = std::max<int64_t>(1, static_cast<int64_t>(static_cast<__int128>(n) * capacity / sum) - 1);
  };
  fit(adults, sum_adults, adult_.modulus);
  fit(children, sum_children, child_.modulus);
  int64_t a = 0, c = 0;
  for (size_t i = 0; i < counties_.size(); ++i) {
    pools_.push_back(Pool{a, adults[i], c, children[i]});
    a += adults[i];
    c += children[i];
  }
}

size_t PatientPools::county_index(std::string_view county) const {
  for (size_t i = 0; i < counties_.size(); ++i)
    if (counties_[i] == county) return i;
  throw std::out_of_range("patients: no pool for county " + std::string(county));
}

int64_t PatientPools::size() const {
  int64_t n = 0;
  for (const Pool& p : pools_) n += p.adults + p.children;
  return n;
}

Patient PatientPools::make(size_t county, bool child, int64_t global) const {
  const Segment& s = child ? child_ : adult_;
  uint64_t p = (static_cast<uint64_t>(global) * kMultiplier + static_cast<uint64_t>(s.offset)) %
               static_cast<uint64_t>(s.modulus);
  Patient out;
  out.birth = add_days(s.first_birth, static_cast<int64_t>(p / kSerials));
  make_personnummer(out.birth, static_cast<int>(p % kSerials), out.id);
  out.municipality = pick_municipality(
      counties_[county], mix64(seed_ ^ 0x6d756eULL, child ? 1 : 0, static_cast<uint64_t>(global)));
  return out;
}

Patient PatientPools::pick(Rng& rng, size_t county, Age age, Sex sex) const {
  const Pool& pool = pools_.at(county);
  bool child = age == Age::child;
  int64_t begin = child ? pool.child_begin : pool.adult_begin;
  int64_t n = child ? pool.children : pool.adults;
  Patient p;
  for (int attempt = 0; attempt < 64; ++attempt) {
    p = make(county, child, begin + static_cast<int64_t>(rng.below(static_cast<uint64_t>(n))));
    if (sex_matches(p, sex)) break;
  }
  return p;
}

void PatientPools::write_residents(CsvWriter& out) const {
  const auto& regions = builtin_regions();
  for (size_t ci = 0; ci < pools_.size(); ++ci) {
    const Pool& pool = pools_[ci];
    for (int seg = 0; seg < 2; ++seg) {
      bool child = seg == 1;
      int64_t begin = child ? pool.child_begin : pool.adult_begin;
      int64_t n = child ? pool.children : pool.adults;
      for (int64_t g = begin; g < begin + n; ++g) {
        Patient p = make(ci, child, g);
        uint64_t h =
            mix64(seed_ ^ 0x6d6f7665ULL, static_cast<uint64_t>(seg), static_cast<uint64_t>(g));
        int64_t span = days_between(p.birth, kLastMove) - 30;
        if (h % 1000 < 5 && span > 0) {  // about 0.5 % moved here before 2018-07
          std::string_view prev = regions[(h >> 10) % regions.size()].code;
          if (prev == counties_[ci]) prev = regions[((h >> 10) + 1) % regions.size()].code;
          Date moved =
              add_days(p.birth, 30 + static_cast<int64_t>((h >> 20) % static_cast<uint64_t>(span)));
          out.field(p.id_view()).field(prev).field(p.birth).field(add_days(moved, -1));
          out.end_row();
          out.field(p.id_view()).field(counties_[ci]).field(moved).empty();
          out.end_row();
        } else {
          out.field(p.id_view()).field(counties_[ci]).field(p.birth).empty();
          out.end_row();
        }
      }
    }
  }
}

Patient NewbornRegistry::register_birth(Date birth, std::string_view municipality) {
  int64_t day = days_between(kNewbornEpoch, birth);
  if (day < 0 || day >= static_cast<int64_t>(per_day_.size()))
    throw std::out_of_range("newborns: birth date outside 2018-2022");
  uint8_t& used = per_day_[static_cast<size_t>(day)];
  if (used >= 100)
    throw std::runtime_error("newborns: more than 100 births on " + format_iso(birth));
  Patient p;
  p.birth = birth;
  make_personnummer(birth, 900 + used, p.id);
  ++used;
  p.municipality = municipality;
  return p;
}

}  // namespace vardavtal::demo
