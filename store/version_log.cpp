#include "store/version_log.h"

#include <functional>

namespace vardavtal {

VersionLog::VersionLog() : slots_(1024) {}

void VersionLog::reserve(size_t n) {
  while (slots_.size() < 2 * n) grow();
}

void VersionLog::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (!s.occupied) continue;
    size_t i = s.hash & mask;
    while (slots_[i].occupied) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

VersionLog::Slot* VersionLog::find_or_insert(std::string_view identity, bool& inserted) {
  if (2 * (used_ + 1) > slots_.size()) grow();
  const uint64_t h = std::hash<std::string_view>{}(identity);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (!s.occupied) {
      s.occupied = true;
      s.hash = h;
      s.key_offset = arena_.size();
      s.key_length = static_cast<uint32_t>(identity.size());
      arena_.append(identity);
      ++used_;
      inserted = true;
      return &s;
    }
    if (s.hash == h && std::string_view(arena_).substr(s.key_offset, s.key_length) == identity) {
      inserted = false;
      return &s;
    }
  }
}

void VersionLog::load(std::string_view identity, int64_t version, int64_t content_hash) {
  bool inserted = false;
  Slot* s = find_or_insert(identity, inserted);
  if (inserted || version > s->version) {
    s->version = version;
    s->content_hash = content_hash;
    s->file_line = 0;
  }
}

VersionDecision VersionLog::decide(std::string_view identity, int64_t content_hash, long line) {
  bool inserted = false;
  Slot* s = find_or_insert(identity, inserted);
  if (inserted) {
    s->version = 1;
    s->content_hash = content_hash;
    s->file_line = line;
    return {Change::added, 1, 0};
  }
  if (s->file_line != 0) return {Change::duplicate, s->version, s->file_line};
  s->file_line = line;
  if (s->content_hash == content_hash) return {Change::unchanged, s->version, 0};
  s->version += 1;
  s->content_hash = content_hash;
  return {Change::changed, s->version, 0};
}

}  // namespace vardavtal
