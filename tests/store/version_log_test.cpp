#include <gtest/gtest.h>

#include "store/version_log.h"

namespace vardavtal {
namespace {

TEST(VersionLog, NewChangedUnchangedDuplicate) {
  VersionLog log;
  log.load("AS\x1f" "1", 1, 100);
  log.load("AS\x1f" "1", 2, 200);  // latest is version 2
  log.load("AS\x1f" "2", 1, 300);

  auto same = log.decide("AS\x1f" "1", 200, 2);
  EXPECT_EQ(same.change, Change::unchanged);
  EXPECT_EQ(same.version, 2);

  auto changed = log.decide("AS\x1f" "2", 301, 3);
  EXPECT_EQ(changed.change, Change::changed);
  EXPECT_EQ(changed.version, 2);

  auto added = log.decide("USO\x1f" "1", 5, 4);
  EXPECT_EQ(added.change, Change::added);
  EXPECT_EQ(added.version, 1);

  auto dup = log.decide("USO\x1f" "1", 5, 9);
  EXPECT_EQ(dup.change, Change::duplicate);
  EXPECT_EQ(dup.duplicate_line, 4);

  // A reverted content is a change too (version 3), not "unchanged".
  VersionLog back;
  back.load("x", 1, 10);
  back.load("x", 2, 20);
  EXPECT_EQ(back.decide("x", 10, 2).change, Change::changed);
}

TEST(VersionLog, LoadOrderDoesNotMatter) {
  VersionLog log;
  log.load("k", 3, 30);
  log.load("k", 1, 10);
  EXPECT_EQ(log.decide("k", 30, 1).change, Change::unchanged);
}

}  // namespace
}  // namespace vardavtal
