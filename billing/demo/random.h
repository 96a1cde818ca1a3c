// Reproducible integer randomness for the demo data generator: splitmix64 for
// seeding and hashing, xoshiro256** for streams, and integer-only helpers
// (uniform in a range, per-mille chance, weighted choice, sampling without
// replacement from integer quotas). No std:: distributions (their output is
// implementation-defined) and integers only, so a seed gives the same bytes
// on every platform. Value types; an instance is not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace vardavtal::demo {

// One splitmix64 step: advances `state`, returns a well-mixed value.
inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Stateless hash of a value (the splitmix64 finaliser).
inline uint64_t mix64(uint64_t x) {
  uint64_t s = x;
  return splitmix64(s);
}
inline uint64_t mix64(uint64_t a, uint64_t b) {
  return mix64(a ^ mix64(b));
}
inline uint64_t mix64(uint64_t a, uint64_t b, uint64_t c) {
  return mix64(mix64(a, b), c);
}

// FNV-1a over text, for keying streams and hashes by codes.
inline uint64_t hash_text(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Uniform value in [0, n) from a 64-bit random word source (Lemire's method,
// unbiased). n must be > 0.
template <class Next>
uint64_t bounded(Next&& next, uint64_t n) {
  unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < n) {
    uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(next()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

// xoshiro256** stream.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t s = seed;
    for (auto& w : s_) w = splitmix64(s);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); n > 0.
  uint64_t below(uint64_t n) {
    return bounded([this] { return next(); }, n);
  }
  // Uniform in [lo, hi], inclusive; lo <= hi.
  int64_t range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // True with probability permille / 1000.
  bool chance(int permille) { return static_cast<int>(below(1000)) < permille; }

  // Index i with probability weights[i] / sum(weights). Weights >= 0, sum > 0.
  size_t pick(std::span<const int64_t> weights) {
    int64_t total = 0;
    for (int64_t w : weights) total += w;
    if (total <= 0) throw std::logic_error("Rng::pick: no positive weight");
    int64_t r = static_cast<int64_t>(below(static_cast<uint64_t>(total)));
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Integer quotas drawn without replacement: draw() returns index i with
// probability remaining(i) / remaining() and takes one from it, so after
// total() draws every index has been returned exactly its quota times, in a
// random order. A Fenwick tree keeps each draw O(log n); memory is O(n) in the
// number of quotas, not in their size.
class QuotaSampler {
 public:
  explicit QuotaSampler(std::vector<int64_t> quotas) : n_(quotas.size()), tree_(n_ + 1, 0) {
    for (size_t i = 0; i < n_; ++i) {
      if (quotas[i] < 0) throw std::logic_error("QuotaSampler: negative quota");
      add(i, quotas[i]);
      total_ += quotas[i];
    }
    top_ = 1;
    while (top_ * 2 <= n_) top_ *= 2;
  }

  int64_t remaining() const { return total_; }

  size_t draw(Rng& rng) {
    if (total_ <= 0) throw std::logic_error("QuotaSampler: exhausted");
    int64_t r = static_cast<int64_t>(rng.below(static_cast<uint64_t>(total_)));
    // Find the smallest index whose prefix sum exceeds r.
    size_t pos = 0;
    for (size_t step = top_; step > 0; step /= 2) {
      if (pos + step <= n_ && tree_[pos + step] <= r) {
        pos += step;
        r -= tree_[pos];
      }
    }
    add(pos, -1);
    --total_;
    return pos;
  }

 private:
  void add(size_t i, int64_t delta) {
    for (size_t k = i + 1; k <= n_; k += k & (0 - k)) tree_[k] += delta;
  }
  size_t n_;
  size_t top_ = 1;
  std::vector<int64_t> tree_;
  int64_t total_ = 0;
};

}  // namespace vardavtal::demo
