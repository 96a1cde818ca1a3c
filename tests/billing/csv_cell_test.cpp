// The CSV cell (importers/csv_cell.h) and CsvWriter's text and number cells:
// formula-like text guarded with an apostrophe (OWASP's CSV-injection rule),
// numbers the product writes never, quoting of separators, and the guard
// undone exactly by csv_text_unguarded (a round trip through the CSV reader).
#include "importers/csv_cell.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "importers/csv_writer.h"
#include "importers/csv_reader.h"
#include "tests/billing/document_fixture.h"

namespace vardavtal {
namespace {

std::string text_cell(std::string_view text) {
  std::string out;
  append_csv_text(out, text);
  return out;
}

TEST(CsvCell, GuardsTextThatStartsAFormula) {
  EXPECT_EQ(text_cell("=1+1"), "'=1+1");
  EXPECT_EQ(text_cell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(text_cell("-2+3"), "'-2+3");
  EXPECT_EQ(text_cell("@SUM(1+1)"), "'@SUM(1+1)");
  EXPECT_EQ(text_cell("\tx"), "'\tx");
  EXPECT_EQ(text_cell("\rx"), "\"'\rx\"");  // guarded, then quoted for the line break
  // Guarded first, then quoted for the commas and quotation marks.
  EXPECT_EQ(text_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  // Apostrophes before a formula are guarded too, so that the guard can be undone exactly.
  EXPECT_EQ(text_cell("'=1"), "''=1");
  EXPECT_EQ(text_cell("''@x"), "'''@x");
}

TEST(CsvCell, LeavesOtherTextAsItIs) {
  for (const char* t :
       {"", "Klinik", "Akademiska sjukhuset", "1-2", "2021-03", "R3", "'quoted", "'", "a=b", " =1"})
    EXPECT_EQ(text_cell(t), t) << t;
  EXPECT_EQ(text_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(text_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(text_cell("two\nlines"), "\"two\nlines\"");
}

TEST(CsvCell, VerbatimIsQuotedButNeverGuarded) {
  std::string out;
  append_csv_verbatim(out, "=1+1");
  append_csv_verbatim(out, "-2,3");
  EXPECT_EQ(out, "=1+1\"-2,3\"");
}

TEST(CsvCell, UnguardedUndoesTheGuardOnly) {
  EXPECT_EQ(csv_text_unguarded("'=1+1"), "=1+1");
  EXPECT_EQ(csv_text_unguarded("'-2+3"), "-2+3");
  EXPECT_EQ(csv_text_unguarded("''=1"), "'=1");
  EXPECT_EQ(csv_text_unguarded("'\tx"), "\tx");
  for (const char* cell : {"", "'", "''", "'quoted", "-5", "=1", "R3", "'Klinik"})
    EXPECT_EQ(csv_text_unguarded(cell), cell) << cell;
}

// Writes one row through CsvWriter into memory; `fill` adds the cells.
template <class Fill>
std::string written(Fill fill, CsvText mode = CsvText::guarded) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&data, &size);
  {
    CsvWriter w(f, {"a"}, mode);
    fill(w);
    w.close();
  }
  std::fclose(f);
  std::string s(data, size);
  std::free(data);
  return s.substr(s.find('\n') + 1);
}

TEST(CsvCell, SwedishExcelDialectSemicolonsDecimalCommasAndAByteOrderMark) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* f = open_memstream(&data, &size);
  {
    CsvWriter w(f, {"a", "b"}, CsvText::guarded, CsvDialect::swedish_excel);
    w.field("x;y").field("x,y").field_fixed(-123456, 2).field_decimal(15000, 4).number("-1.019");
    w.field("=1").field(int64_t{7});
    w.end_row();
    w.close();
  }
  std::fclose(f);
  const std::string s(data, size);
  std::free(data);
  // The separator is quoted, a comma is not; numbers take decimal commas; guards stay.
  EXPECT_EQ(s,
            "\xEF\xBB\xBF"
            "a;b\n\"x;y\";x,y;-1234,56;1,5;-1,019;'=1;7\n");
  // The machine dialect quotes commas, not semicolons.
  EXPECT_EQ(written([](CsvWriter& w) { w.field("x;y").field("x,y"); }), "x;y,\"x,y\"\n");
}

TEST(CsvCell, WriterGuardsTextCellsButNotTheNumbersItWrites) {
  EXPECT_EQ(written([](CsvWriter& w) {
              w.field("-2+3").field("-123.45").field(int64_t{-7}).field_fixed(-12345, 2);
              w.field_decimal(-15000, 4).number("-1.019").field("=x,y");
            }),
            "'-2+3,'-123.45,-7,-123.45,-1.5,-1.019,\"'=x,y\"\n");
  // Text that came in as text stays text, even when it looks like a number.
  EXPECT_EQ(written([](CsvWriter& w) { w.field("+46").field("@"); }), "'+46,'@\n");
  // The demo generator's import files are read literally by the importer: never guarded.
  EXPECT_EQ(written([](CsvWriter& w) { w.field("=x").field("-2,3"); }, CsvText::verbatim),
            "=x,\"-2,3\"\n");
}

TEST(CsvCell, GuardedTextReadsBackExactly) {
  const std::vector<std::string> texts = {"=HYPERLINK(\"http://x\",\"y\")",
                                          "+cmd|' /C calc'!A0",
                                          "@SUM(1+1)",
                                          "-2+3",
                                          "\tindented",
                                          "'=already",
                                          "''+twice",
                                          "'quoted",
                                          "'",
                                          "plain, with comma"};
  document_fixture::TempDir dir;
  const std::string path = dir.write("round.csv", "");
  {
    CsvWriter w(path, {"text"});
    for (const std::string& t : texts) {
      w.field(t);
      w.end_row();
    }
    w.close();
  }
  csv::Reader reader(path);
  std::vector<csv::Field> fields;
  ASSERT_TRUE(reader.next(fields));  // the header
  for (const std::string& t : texts) {
    ASSERT_TRUE(reader.next(fields)) << t;
    ASSERT_EQ(fields.size(), 1u) << t;
    EXPECT_EQ(csv_text_unguarded(fields[0].text), t);
  }
}

}  // namespace
}  // namespace vardavtal
