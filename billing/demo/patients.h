// Internal to the demo data generator: the synthetic population. Each buyer
// county has a pool of adults and a pool of children; a patient is an index in
// a pool and everything about them (personnummer, birth date, municipality, an
// earlier county for the few who moved) is a pure function of (seed, pool,
// index), so nothing per patient is held in memory. Personnummer are unique:
// the pool index goes through a bijection onto (birth day, serial 000-899);
// newborns get serials 900-999 on their day of birth. Immutable after
// construction (pick() takes the caller's Rng), so safe to share read-only.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "importers/csv_writer.h"
#include "billing/demo/demo_data.h"
#include "billing/demo/random.h"
#include "core/date.h"

namespace vardavtal::demo {

struct Patient {
  char id[13] = {};  // 12-digit personnummer, NUL-terminated
  Date birth{};
  std::string_view municipality;
  std::string_view id_view() const { return std::string_view(id, 12); }
};

enum class Sex : uint8_t { any, female, male };

class PatientPools {
 public:
  // `expected_contacts[i]` is the number of contacts expected from `counties[i]`;
  // pools are sized for about three contacts per patient (a sixth children).
  PatientPools(uint64_t seed, std::vector<std::string_view> counties,
               const std::vector<int64_t>& expected_contacts);

  // Index of a county in the constructor's list; throws std::out_of_range.
  size_t county_index(std::string_view county) const;
  std::string_view county(size_t index) const { return counties_[index]; }

  // A random existing patient of the county: a child for Age::child, else an
  // adult; of the given sex (the personnummer's ninth digit: odd = male).
  Patient pick(Rng& rng, size_t county, Age age, Sex sex) const;

  // Writes residents.csv rows for every pool patient: one row (birth date, no
  // end) or, for a mover, the earlier county up to the move and then this one.
  // Every move is before 2018-07-01, earlier than any generated contact.
  void write_residents(CsvWriter& out) const;

  int64_t size() const;

 private:
  struct Segment {
    Date first_birth{};
    int64_t days = 0;     // birth dates first_birth .. first_birth + days - 1
    int64_t modulus = 0;  // days * 900
    int64_t offset = 0;   // the seed's shift of the bijection
  };
  struct Pool {
    int64_t adult_begin = 0, adults = 0;  // global index range in the adult segment
    int64_t child_begin = 0, children = 0;
  };
  Patient make(size_t county, bool child, int64_t global) const;

  uint64_t seed_;
  std::vector<std::string_view> counties_;
  std::vector<Pool> pools_;
  Segment adult_, child_;
};

// Newborns: personnummer with the birth date of the admission and serials
// 900-999, counted per day so that no two are equal. Memory: one counter per
// day of 2018-2022, whatever the scale.
class NewbornRegistry {
 public:
  // Throws std::runtime_error when a day has run out of serials (more than
  // 100 newborns on one day: a scale far beyond any use).
  Patient register_birth(Date birth, std::string_view municipality);

 private:
  std::vector<uint8_t> per_day_ = std::vector<uint8_t>(5 * 366, 0);
};

// Fills `out` (12 chars) with the personnummer of `birth` and `serial`
// (0-999), check digit by Luhn over the last ten digits.
void make_personnummer(Date birth, int serial, char* out);

}  // namespace vardavtal::demo
