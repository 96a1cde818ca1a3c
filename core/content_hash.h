// ContentHash: a 64-bit FNV-1a digest of a row's canonical content, used to tell
// an identical re-import from a changed row. Fields are separated so that
// ("ab","c") and ("a","bc") differ. Not thread-safe per instance; cheap to make.
#pragma once

#include <cstdint>
#include <string_view>

namespace vardavtal {

class ContentHash {
 public:
  ContentHash& add(std::string_view s) {
    for (unsigned char c : s) mix(c);
    mix(0x1f);
    return *this;
  }
  ContentHash& add(int64_t v) {
    for (int i = 0; i < 8; ++i) mix(static_cast<unsigned char>(static_cast<uint64_t>(v) >> (8 * i)));
    mix(0x1e);
    return *this;
  }
  // The digest as a signed value, as stored in a bigint column.
  int64_t value() const { return static_cast<int64_t>(h_); }

 private:
  void mix(unsigned char c) {
    h_ ^= c;
    h_ *= 0x100000001b3ULL;
  }
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace vardavtal
