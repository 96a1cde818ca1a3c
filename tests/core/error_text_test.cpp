// Errors in two languages (core/error_text.h): what a person reads.
#include "core/error_text.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace vardavtal {
namespace {

TEST(ErrorText, ABilingualErrorIsEnglishInWhatAndSwedishForPeople) {
  const PersonError e("cannot write x.csv", "kan inte skriva x.csv");
  EXPECT_STREQ(e.what(), "cannot write x.csv");
  EXPECT_EQ(swedish_of(e), "kan inte skriva x.csv");
  EXPECT_EQ(for_people(e), "kan inte skriva x.csv");
  // Caught as its base type, it still carries the Swedish.
  try {
    throw BadArgument("no dispute 7", "ingen tvist 7");
  } catch (const std::invalid_argument& caught) {
    EXPECT_EQ(for_people(caught), "ingen tvist 7");
  }
}

TEST(ErrorText, AnyOtherExceptionIsAnInternalError) {
  const std::logic_error bug("unexpected posting in force 'x'");
  EXPECT_EQ(swedish_of(bug), "");
  EXPECT_EQ(for_people(bug), "internt fel: unexpected posting in force 'x'");
}

TEST(ErrorText, ListsAndFiles) {
  EXPECT_EQ(one_of({"table", "csv", "json"}, Language::sv), "table, csv eller json");
  EXPECT_EQ(one_of({"json"}, Language::sv), "json");
  EXPECT_EQ(one_of({"table", "csv", "json"}), "table, csv or json");
  EXPECT_EQ(for_people(cannot_create("a.xlsx")), "kan inte skapa a.xlsx");
  EXPECT_STREQ(cannot_write("a.xlsx").what(), "cannot write a.xlsx");
}

TEST(ErrorText, AFoundValueIsTheSameInBothLanguagesADescriptionIsNot) {
  const Found value(std::string("2021-02-30"));
  EXPECT_EQ(value.en, "2021-02-30");
  EXPECT_EQ(value.sv, "2021-02-30");
  const Found none("none", "inget");
  EXPECT_EQ(none.sv, "inget");
  const Phrase date("an ISO date YYYY-MM-DD", "ett ISO-datum ÅÅÅÅ-MM-DD");
  EXPECT_EQ(date.sv, "ett ISO-datum ÅÅÅÅ-MM-DD");
}

}  // namespace
}  // namespace vardavtal
