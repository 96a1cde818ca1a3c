// Helpers for the importer tests: small files written under
// ::testing::TempDir(), a KnownCodes of a few regions and hospitals, and
// collecting what a read_* function hands its sink.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "importers/importers.h"

namespace vardavtal::test {

// Removes the files write_file made once all tests have run.
class TempFiles : public ::testing::Environment {
 public:
  static TempFiles& instance() {
    static TempFiles* files = [] {
      auto* f = new TempFiles;
      ::testing::AddGlobalTestEnvironment(f);  // gtest owns it
      return f;
    }();
    return *files;
  }
  void add(const std::string& path) { paths_.insert(path); }
  void TearDown() override {
    for (const auto& p : paths_) std::remove(p.c_str());
  }

 private:
  std::set<std::string> paths_;
};

// Writes `bytes` exactly (binary) to a file named after the running test and
// `name`; returns its path.
inline std::string write_file(std::string_view name, std::string_view bytes) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string stem = info ? std::string(info->test_suite_name()) + "." + info->name() : "test";
  for (char& c : stem)
    if (c == '/') c = '_';
  std::string path = ::testing::TempDir() + "vardavtal_" + stem + "_" + std::string(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  TempFiles::instance().add(path);
  return path;
}

// Regions 03, 04, 17-21 (Mellansverige) and hospitals AS, USO.
inline KnownCodes known_codes() {
  static const std::set<std::string, std::less<>> regions = {"03", "04", "17", "18",
                                                             "19", "20", "21"};
  static const std::set<std::string, std::less<>> hospitals = {"AS", "USO"};
  return {[](std::string_view c) { return regions.count(c) > 0; },
          [](std::string_view c) { return hospitals.count(c) > 0; }};
}

// What one read_* call produced.
template <class T>
struct Result {
  std::vector<Located<T>> rows;
  ErrorList errors;
  long read = 0;
};

// Runs `read(sink)` and copies every batch out (batches are only valid during
// the sink call).
template <class T, class F>
Result<T> collect(F read) {
  Result<T> r;
  BatchSink<T> sink = [&r](std::span<Located<T>> batch) {
    for (const auto& x : batch) r.rows.push_back(x);
  };
  r.read = read(r.errors, sink);
  return r;
}

// The 1-based character column where field `index` of `line` starts, for a
// line without quoted fields (UTF-8: counts code points).
inline long column_of_field(std::string_view line, size_t index, char delim = ',') {
  long col = 1;
  size_t field = 0;
  for (size_t i = 0; i < line.size() && field < index; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) != 0x80) ++col;
    if (line[i] == delim) ++field;
  }
  return col;
}

// All errors of a list, for failure messages.
inline std::string dump(const ErrorList& e) {
  return e.report();
}

}  // namespace vardavtal::test
