// Batcher: fills a reused vector of rows and hands full batches to a sink, so
// the hot import loop does not allocate per row (strings keep their capacity).
// Internal to importers/. Not thread-safe.
#pragma once

#include <span>
#include <vector>

#include "importers/importers.h"

namespace vardavtal {

template <class T>
class Batcher {
 public:
#ifdef VARDAVTAL_IMPORT_BATCH  // the fuzz build: batch edges within reach, no 4096 rows per file
  static constexpr size_t kSize = VARDAVTAL_IMPORT_BATCH;
#else
  static constexpr size_t kSize = 4096;
#endif
  explicit Batcher(const BatchSink<T>& sink) : sink_(sink), slots_(kSize) {}
  // The next slot to fill; call keep() to accept it.
  Located<T>& slot() { return slots_[used_]; }
  void keep(long line, long column) {
    slots_[used_].line = line;
    slots_[used_].column = column;
    if (++used_ == kSize) flush();
  }
  void flush() {
    if (used_ > 0) sink_(std::span<Located<T>>(slots_.data(), used_));
    used_ = 0;
  }

 private:
  const BatchSink<T>& sink_;
  std::vector<Located<T>> slots_;
  size_t used_ = 0;
};

}  // namespace vardavtal
