// VersionLog: the append-only version history of one kind of input row, as
// the import sees it. It knows each identity's latest version and content
// hash, and decides for an incoming row whether it is new (version 1),
// changed (latest + 1; the old version stays) or unchanged (nothing written).
// A second row with the same identity in one file is reported as a duplicate.
// Identities are compared exactly; they are kept in one arena and an
// open-addressing table, so deciding a row allocates nothing in the steady
// state. Owns its keys. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vardavtal {

enum class Change { added, changed, unchanged, duplicate };

struct VersionDecision {
  Change change;
  int64_t version;      // the version to write (added/changed) or the latest
  long duplicate_line;  // for duplicate: the line that had the identity first
};

class VersionLog {
 public:
  VersionLog();
  // Feeds the stored history; call with each identity's versions in any order.
  void load(std::string_view identity, int64_t version, int64_t content_hash);
  // Decides for one row of the file being imported, at `line`.
  VersionDecision decide(std::string_view identity, int64_t content_hash, long line);
  size_t size() const { return used_; }
  void reserve(size_t n);

 private:
  struct Slot {
    uint64_t hash = 0;
    uint64_t key_offset = 0;
    uint32_t key_length = 0;
    bool occupied = false;
    int64_t version = 0;
    int64_t content_hash = 0;
    long file_line = 0;  // 0 when the identity has not been seen in this file
  };
  Slot* find_or_insert(std::string_view identity, bool& inserted);
  void grow();

  std::vector<Slot> slots_;
  std::string arena_;
  size_t used_ = 0;
};

}  // namespace vardavtal
