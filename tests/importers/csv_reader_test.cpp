#include "importers/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace vardavtal::csv {
namespace {

// The reader reads the file in chunks of this many bytes (kChunk in
// importers/csv_reader.cpp); the boundary tests place records across multiples of it.
constexpr std::size_t kChunk = std::size_t{1} << 20;

// An owned copy of a Field, comparable and printable.
struct F {
  std::string text;
  long line;
  long column;
  bool quoted = false;
  bool operator==(const F&) const = default;
};

std::ostream& operator<<(std::ostream& os, const F& f) {
  return os << "{\"" << f.text << "\" " << f.line << ":" << f.column << (f.quoted ? " quoted" : "")
            << "}";
}

using Records = std::vector<std::vector<F>>;

// Removes the files written by write_file when the test program ends.
class TempFiles : public ::testing::Environment {
 public:
  static std::vector<std::filesystem::path>& paths() {
    static std::vector<std::filesystem::path> p;
    return p;
  }
  void TearDown() override {
    std::error_code ec;
    for (const auto& p : paths()) std::filesystem::remove(p, ec);
  }
};
[[maybe_unused]] ::testing::Environment* const kTempFiles =
    ::testing::AddGlobalTestEnvironment(new TempFiles);

// Writes `bytes` to a file under the test temp dir named after the current test.
std::string write_file(std::string_view bytes, std::string_view suffix = "") {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path path =
      std::filesystem::path(::testing::TempDir()) /
      ("csv_reader_test_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" +
       info->name() + std::string(suffix) + ".csv");
  TempFiles::paths().push_back(path);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  EXPECT_TRUE(out) << "cannot write " << path;
  return path.string();
}

Records read_all(Reader& r, std::vector<long>* record_lines = nullptr) {
  Records out;
  std::vector<Field> fields;
  while (r.next(fields)) {
    if (record_lines) record_lines->push_back(r.line());
    std::vector<F>& rec = out.emplace_back();
    for (const Field& f : fields) rec.push_back(F{std::string(f.text), f.line, f.column, f.quoted});
  }
  return out;
}

Records read_file(std::string_view bytes, Encoding enc = Encoding::detect,
                  std::vector<long>* record_lines = nullptr) {
  Reader r(write_file(bytes), enc);
  return read_all(r, record_lines);
}

// Opens and reads the whole file, expecting a ParseError somewhere.
std::optional<ParseError> parse_error(const std::string& path, Encoding enc) {
  try {
    Reader r(path, enc);
    std::vector<Field> fields;
    while (r.next(fields)) {
    }
  } catch (const ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a ParseError for " << path;
  return std::nullopt;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

TEST(CsvEncoding, NamesRoundTrip) {
  EXPECT_EQ(to_string(Encoding::detect), "detect");
  EXPECT_EQ(to_string(Encoding::utf8), "utf-8");
  EXPECT_EQ(to_string(Encoding::cp1252), "cp1252");
  EXPECT_EQ(parse_encoding("utf-8"), Encoding::utf8);
  EXPECT_EQ(parse_encoding("UTF8"), Encoding::utf8);
  EXPECT_EQ(parse_encoding("Utf-8"), Encoding::utf8);
  EXPECT_EQ(parse_encoding("cp1252"), Encoding::cp1252);
  EXPECT_EQ(parse_encoding("Windows-1252"), Encoding::cp1252);
  EXPECT_EQ(parse_encoding("CP1252"), Encoding::cp1252);
  EXPECT_EQ(parse_encoding("latin1"), std::nullopt);
  EXPECT_EQ(parse_encoding(""), std::nullopt);
}

TEST(CsvParseError, WhatHasPathLineColumn) {
  const ParseError e("x.csv", 3, 7, "expected a, found b", "förväntade a, fann b");
  EXPECT_STREQ(e.what(), "x.csv:3:7: expected a, found b");
  EXPECT_EQ(e.swedish(), "x.csv:3:7: förväntade a, fann b");
  EXPECT_EQ(e.path, "x.csv");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, 7);
}

TEST(CsvReader, MissingFileThrowsParseError) {
  const std::string path = ::testing::TempDir() + "csv_reader_test_no_such_file.csv";
  std::filesystem::remove(path);
  try {
    Reader r(path);
    FAIL() << "expected ParseError";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.path, path);
    EXPECT_TRUE(std::string_view(e.what()).starts_with(path + ":")) << e.what();
  }
}

TEST(CsvReader, DirectoryThrowsParseError) {
  EXPECT_THROW(Reader r(::testing::TempDir()), ParseError);
}

TEST(CsvReader, ErrorIsSticky) {
  Reader r(write_file("a,b\n\"x\"y,z\n1,2\n"));
  std::vector<Field> fields;
  ASSERT_TRUE(r.next(fields));
  long first_line = 0;
  try {
    r.next(fields);
    FAIL() << "expected ParseError";
  } catch (const ParseError& e) {
    first_line = e.line;
  }
  try {
    r.next(fields);
    FAIL() << "expected ParseError";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.line, first_line);
    EXPECT_EQ(e.column, 4);
  }
}

TEST(CsvReader, DetectsComma) {
  Reader r(write_file("a,b;x,c\n1,2,3\n"));
  EXPECT_EQ(r.delimiter(), ',');
  EXPECT_EQ(read_all(r), (Records{{{"a", 1, 1}, {"b;x", 1, 3}, {"c", 1, 7}},
                                  {{"1", 2, 1}, {"2", 2, 3}, {"3", 2, 5}}}));
}

TEST(CsvReader, DetectsSemicolon) {
  Reader r(write_file("a;b,x;c\n1;2;3\n"));
  EXPECT_EQ(r.delimiter(), ';');
  EXPECT_EQ(read_all(r), (Records{{{"a", 1, 1}, {"b,x", 1, 3}, {"c", 1, 7}},
                                  {{"1", 2, 1}, {"2", 2, 3}, {"3", 2, 5}}}));
}

TEST(CsvReader, DelimiterComesFromTheHeaderOnly) {
  Reader r(write_file("a;b\n1,2,3,4,5\n"));
  EXPECT_EQ(r.delimiter(), ';');
  EXPECT_EQ(read_all(r), (Records{{{"a", 1, 1}, {"b", 1, 3}}, {{"1,2,3,4,5", 2, 1}}}));
}

TEST(CsvReader, DelimiterSkipsLeadingEmptyLines) {
  Reader r(write_file("\n\r\na;b\n1,2,3,4,5\n"));
  EXPECT_EQ(r.delimiter(), ';');
}

TEST(CsvReader, DelimiterIgnoresQuotedText) {
  // Counting inside quotes would give 3 commas against 2 semicolons.
  Reader r(write_file("\"a,b,c,d\";x;y\n"));
  EXPECT_EQ(r.delimiter(), ';');
  EXPECT_EQ(read_all(r), (Records{{{"a,b,c,d", 1, 1, true}, {"x", 1, 11}, {"y", 1, 13}}}));
  Reader r2(write_file("\"a;b;c;d\",x,y\n", "_2"));
  EXPECT_EQ(r2.delimiter(), ',');
}

TEST(CsvReader, HeaderWithNeitherDelimiterUsesComma) {
  Reader r(write_file("namn\nx,y\n"));
  EXPECT_EQ(r.delimiter(), ',');
  EXPECT_EQ(read_all(r), (Records{{{"namn", 1, 1}}, {{"x", 2, 1}, {"y", 2, 3}}}));
}

TEST(CsvReader, QuotedFieldsWithDelimiterAndDoubledQuotes) {
  const Records got = read_file(
      "id,text\n"
      "1,\"x, y\"\n"
      "2,\"say \"\"hi\"\"\"\n"
      "3,\"\"\n"
      "4,\"\"\"\"\n"
      "5,a\"b\n");
  EXPECT_EQ(got, (Records{{{"id", 1, 1}, {"text", 1, 4}},
                          {{"1", 2, 1}, {"x, y", 2, 3, true}},
                          {{"2", 3, 1}, {"say \"hi\"", 3, 3, true}},
                          {{"3", 4, 1}, {"", 4, 3, true}},
                          {{"4", 5, 1}, {"\"", 5, 3, true}},
                          {{"5", 6, 1}, {"a\"b", 6, 3}}}));
}

TEST(CsvReader, EmbeddedLineBreaksAdvanceLineNumbers) {
  std::vector<long> lines;
  const Records got = read_file(
      "id,text,n\n"
      "1,\"line1\nline2\",a\n"
      "2,\"p\r\nq \"\"z\"\"\",b\r\n"
      "3,c,d\n",
      Encoding::detect, &lines);
  EXPECT_EQ(got, (Records{{{"id", 1, 1}, {"text", 1, 4}, {"n", 1, 9}},
                          {{"1", 2, 1}, {"line1\nline2", 2, 3, true}, {"a", 3, 8}},
                          {{"2", 4, 1}, {"p\r\nq \"z\"", 4, 3, true}, {"b", 5, 10}},
                          {{"3", 6, 1}, {"c", 6, 3}, {"d", 6, 5}}}));
  EXPECT_EQ(lines, (std::vector<long>{1, 2, 4, 6}));
}

TEST(CsvReader, CrlfAndLfFilesGiveTheSameFields) {
  const Records want{
      {{"a", 1, 1}, {"b", 1, 3}}, {{"1", 2, 1}, {"x y", 2, 3, true}}, {{"2", 3, 1}, {"", 3, 3}}};
  EXPECT_EQ(read_file("a,b\n1,\"x y\"\n2,\n"), want);
  EXPECT_EQ(read_file("a,b\r\n1,\"x y\"\r\n2,\r\n"), want);
}

TEST(CsvReader, CarriageReturnOnlyStrippedAtLineEnd) {
  EXPECT_EQ(read_file("a\rb,c\r,d\r\n"), (Records{{{"a\rb", 1, 1}, {"c\r", 1, 5}, {"d", 1, 8}}}));
}

TEST(CsvReader, FinalRecordWithoutLineEnd) {
  EXPECT_EQ(read_file("a,b\n1,2"),
            (Records{{{"a", 1, 1}, {"b", 1, 3}}, {{"1", 2, 1}, {"2", 2, 3}}}));
  EXPECT_EQ(read_file("a,b\r\n1,\"2\""),
            (Records{{{"a", 1, 1}, {"b", 1, 3}}, {{"1", 2, 1}, {"2", 2, 3, true}}}));
}

TEST(CsvReader, EmptyFields) {
  EXPECT_EQ(read_file("a,b,\n,,\na,,c\n"), (Records{{{"a", 1, 1}, {"b", 1, 3}, {"", 1, 5}},
                                                    {{"", 2, 1}, {"", 2, 2}, {"", 2, 3}},
                                                    {{"a", 3, 1}, {"", 3, 3}, {"c", 3, 4}}}));
  // A trailing delimiter at end of file still makes an empty last field.
  EXPECT_EQ(read_file("a,b,"), (Records{{{"a", 1, 1}, {"b", 1, 3}, {"", 1, 5}}}));
}

TEST(CsvReader, EmptyLinesAreSkipped) {
  std::vector<long> lines;
  const Records got = read_file("\n\na,b\n\n\r\nc,d\n \n\n", Encoding::detect, &lines);
  EXPECT_EQ(got, (Records{{{"a", 3, 1}, {"b", 3, 3}}, {{"c", 6, 1}, {"d", 6, 3}}, {{" ", 7, 1}}}));
  EXPECT_EQ(lines, (std::vector<long>{3, 6, 7}));
  EXPECT_EQ(read_file("\n\r\n\n"), Records{});
  EXPECT_EQ(read_file(""), Records{});
}

TEST(CsvReader, Utf8ByteOrderMarkIsSkipped) {
  Reader r(write_file("\xEF\xBB\xBFnamn;ort\n\xC3\x85sa;Ume\xC3\xA5\n"));
  EXPECT_TRUE(r.had_bom());
  EXPECT_EQ(r.encoding(), Encoding::utf8);
  EXPECT_EQ(r.delimiter(), ';');
  EXPECT_EQ(read_all(r), (Records{{{"namn", 1, 1}, {"ort", 1, 6}},
                                  {{"\xC3\x85sa", 2, 1}, {"Ume\xC3\xA5", 2, 5}}}));
  Reader plain(write_file("namn;ort\n", "_plain"));
  EXPECT_FALSE(plain.had_bom());
}

TEST(CsvReader, Utf16ByteOrderMarkIsAnError) {
  for (const std::string bom : {"\xFF\xFE", "\xFE\xFF"}) {
    const auto e = parse_error(write_file(bom + std::string("a\0,\0b\0", 6)), Encoding::detect);
    ASSERT_TRUE(e);
    EXPECT_TRUE(contains(e->what(),
                         "expected UTF-8 or Windows-1252 text, found a UTF-16 byte "
                         "order mark"))
        << e->what();
    EXPECT_EQ(e->line, 1);
    EXPECT_EQ(e->column, 1);
  }
}

TEST(CsvReader, DetectsWindows1252) {
  // "Örebro;Västerås;€" in Windows-1252.
  Reader r(write_file("\xD6rebro;V\xE4ster\xE5s;\x80\n"));
  EXPECT_EQ(r.encoding(), Encoding::cp1252);
  EXPECT_EQ(r.delimiter(), ';');
  EXPECT_EQ(read_all(r), (Records{{{"Örebro", 1, 1}, {"Västerås", 1, 8}, {"€", 1, 17}}}));
}

TEST(CsvReader, DetectsUtf8) {
  Reader r(write_file("Örebro;Västerås;€\n"));
  EXPECT_EQ(r.encoding(), Encoding::utf8);
  EXPECT_EQ(read_all(r), (Records{{{"Örebro", 1, 1}, {"Västerås", 1, 8}, {"€", 1, 17}}}));
}

TEST(CsvReader, DetectionLooksAtTheWholeFile) {
  // Valid UTF-8 for well over one chunk, then a single Windows-1252 byte.
  std::string text = "namn;ort\n";
  long lines = 1;
  while (text.size() < 2 * kChunk + 1000) {
    text += "Åsa;Örebro\n";
    ++lines;
  }
  text += "x;Ume\xE5\n";
  Reader r(write_file(text));
  EXPECT_EQ(r.encoding(), Encoding::cp1252);
  const Records got = read_all(r);
  ASSERT_EQ(static_cast<long>(got.size()), lines + 1);
  // UTF-8 "Å" (C3 85) read as Windows-1252 is "Ã…".
  ASSERT_EQ(got[1].size(), 2u);
  EXPECT_EQ(got[1][0].text, "Ã…sa");
  ASSERT_EQ(got.back().size(), 2u);
  EXPECT_EQ(got.back()[1], (F{"Umeå", lines + 1, 3}));
}

TEST(CsvReader, FullWindows1252Table) {
  std::string bytes = "x;";
  for (int b = 0x80; b <= 0xFF; ++b) {
    if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D) continue;
    bytes += static_cast<char>(b);
  }
  bytes += "\n";
  std::string want = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
  for (unsigned cp = 0xA0; cp <= 0xFF; ++cp) {
    want += static_cast<char>(0xC0 | (cp >> 6));
    want += static_cast<char>(0x80 | (cp & 0x3F));
  }
  for (const Encoding enc : {Encoding::detect, Encoding::cp1252}) {
    Reader r(write_file(bytes), enc);
    EXPECT_EQ(r.encoding(), Encoding::cp1252);
    EXPECT_EQ(read_all(r), (Records{{{"x", 1, 1}, {want, 1, 3}}}));
  }
}

TEST(CsvReader, ForcedWindows1252RejectsUndefinedBytes) {
  for (const char bad : {'\x81', '\x8D', '\x8F', '\x90', '\x9D'}) {
    // "å" is one character in Windows-1252, so the bad byte is in column 5.
    const std::string path = write_file(std::string("a;b\nc;\xE5x") + bad + "y\n");
    const auto e = parse_error(path, Encoding::cp1252);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->line, 2);
    EXPECT_EQ(e->column, 5);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bad));
    EXPECT_TRUE(contains(e->what(), hex)) << e->what();
    EXPECT_TRUE(std::string_view(e->what()).starts_with(path + ":2:5: ")) << e->what();
  }
}

TEST(CsvReader, ForcedUtf8RejectsWindows1252Bytes) {
  const std::string path = write_file("namn;ort\nx;\xD6rebro\n");
  const auto e = parse_error(path, Encoding::utf8);
  ASSERT_TRUE(e);
  EXPECT_STREQ(e->what(), (path + ":2:3: expected UTF-8 text, found byte 0xD6").c_str());
  EXPECT_EQ(e->line, 2);
  EXPECT_EQ(e->column, 3);
  // The same file is fine when its encoding is detected.
  Reader r(path);
  EXPECT_EQ(r.encoding(), Encoding::cp1252);
}

TEST(CsvReader, ForcedUtf8RejectsMalformedSequences) {
  // Overlong encoding, surrogate, truncated sequence at end of file.
  for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xE2\x82"}) {
    const auto e = parse_error(write_file("a\n\xC3\xA5" + bad), Encoding::utf8);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->line, 2);
    EXPECT_EQ(e->column, 2);
  }
}

TEST(CsvReader, ForcedUtf8ErrorPositionAfterManyChunks) {
  std::string text;
  long line = 0;
  while (text.size() < 3 * kChunk) {
    text += "åäö;\"multi\nline\";x\n";
    line += 2;
  }
  text += "åäö;ab\xFF\n";
  const auto e = parse_error(write_file(text), Encoding::utf8);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, line + 1);
  EXPECT_EQ(e->column, 7);
  EXPECT_TRUE(contains(e->what(), "found byte 0xFF")) << e->what();
}

TEST(CsvReader, UnterminatedQuoteNamesWhereTheFieldBegan) {
  const auto e = parse_error(write_file("a,b\nc,\"xy\nz\n\n"), Encoding::detect);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->line, 2);
  EXPECT_EQ(e->column, 3);
  EXPECT_TRUE(contains(e->what(), "closing quote")) << e->what();
  EXPECT_TRUE(contains(e->what(), "end of file")) << e->what();
}

TEST(CsvReader, TextAfterClosingQuoteIsAnError) {
  const std::string path = write_file("a,b\n\"x\"y,z\n");
  const auto e = parse_error(path, Encoding::detect);
  ASSERT_TRUE(e);
  EXPECT_STREQ(
      e->what(),
      (path + ":2:4: expected delimiter or end of line after closing quote, found 'y'").c_str());
  // A lone CR after the closing quote is not a line end.
  const auto e2 = parse_error(write_file("a;\"b\"\rc\n", "_cr"), Encoding::detect);
  ASSERT_TRUE(e2);
  EXPECT_EQ(e2->line, 1);
  EXPECT_EQ(e2->column, 6);
  // Columns in characters after an embedded line break.
  const auto e3 = parse_error(write_file("a;\"b\nåä\"ö\n", "_nl"), Encoding::detect);
  ASSERT_TRUE(e3);
  EXPECT_EQ(e3->line, 2);
  EXPECT_EQ(e3->column, 4);
  EXPECT_TRUE(contains(e3->what(), "found 'ö'")) << e3->what();
}

TEST(CsvReader, ColumnsCountCharactersNotBytes) {
  EXPECT_EQ(read_file("åäö,x,\"é\",y\n"),
            (Records{{{"åäö", 1, 1}, {"x", 1, 5}, {"é", 1, 7, true}, {"y", 1, 11}}}));
  // Escaped quotes and a line break inside a quoted field before the field.
  EXPECT_EQ(read_file("\"ö\"\"\nåå\"\"\",x\n"),
            (Records{{{"ö\"\nåå\"", 1, 1, true}, {"x", 2, 7}}}));
  // Windows-1252: one byte, one character.
  EXPECT_EQ(read_file("\xE5\xE4\xF6,x,\x80,y\n", Encoding::cp1252),
            (Records{{{"åäö", 1, 1}, {"x", 1, 5}, {"€", 1, 7}, {"y", 1, 9}}}));
}

TEST(CsvReader, VectorIsReusedAndCleared) {
  Reader r(write_file("a,b,c\nd\n"));
  std::vector<Field> fields;
  ASSERT_TRUE(r.next(fields));
  EXPECT_EQ(fields.size(), 3u);
  ASSERT_TRUE(r.next(fields));
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].text, "d");
  EXPECT_FALSE(r.next(fields));
  EXPECT_FALSE(r.next(fields));
}

// Builds a file record by record, remembering the expected fields.
class FileBuilder {
 public:
  struct Raw {
    std::string raw;   // as written, quotes included
    std::string text;  // as read
  };

  void add(const std::vector<Raw>& fields, std::string_view line_end = "\n") {
    std::vector<F>& rec = want_.emplace_back();
    lines_.push_back(line_);
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) append(";");
      rec.push_back(F{fields[i].text, line_, column_, fields[i].raw.starts_with('"')});
      append(fields[i].raw);
    }
    append(line_end);
  }
  void add_plain(long id) {
    add({{std::to_string(id), std::to_string(id)},
         {"text " + std::to_string(id * 7919 % 1000), "text " + std::to_string(id * 7919 % 1000)},
         {"end", "end"}});
  }
  // Pads with plain records so that the next record's byte `offset` lands on `boundary`.
  void pad_to(std::size_t boundary, std::size_t offset, long& id) {
    while (boundary - offset - bytes_.size() > 200) add_plain(id++);
    const std::size_t room = boundary - offset - bytes_.size();
    const std::string prefix = std::to_string(id++) + ";";
    const std::string fill(room - prefix.size() - 5, 'x');  // 5 = ";end\n"
    add({{prefix.substr(0, prefix.size() - 1), prefix.substr(0, prefix.size() - 1)},
         {fill, fill},
         {"end", "end"}});
    EXPECT_EQ(bytes_.size() + offset, boundary);
  }

  const std::string& bytes() const { return bytes_; }
  const Records& want() const { return want_; }
  const std::vector<long>& lines() const { return lines_; }

 private:
  void append(std::string_view s) {
    for (const char c : s) {
      bytes_ += c;
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }
  std::string bytes_;
  Records want_;
  std::vector<long> lines_;
  long line_ = 1;
  long column_ = 1;
};

TEST(CsvReader, RecordsAcrossChunkBoundaries) {
  FileBuilder b;
  long id = 1;
  b.add({{"id", "id"}, {"text", "text"}, {"tail", "tail"}});
  struct Special {
    std::vector<FileBuilder::Raw> fields;
    std::string line_end;
    std::size_t split;  // byte offset in the record that lands on the boundary
  };
  const std::string multi = "\"first line\nsecond \"\"quoted\"\" line\r\nthird\"";
  const std::string multi_text = "first line\nsecond \"quoted\" line\r\nthird";
  const std::vector<Special> specials = {
      // Inside a quoted multi-line field, just after its first line break.
      {{{"s1", "s1"}, {multi, multi_text}, {"end", "end"}}, "\n", 3 + 12},
      // Between the two quotes of an escaped quote.
      {{{"s2", "s2"}, {multi, multi_text}, {"end", "end"}}, "\n", 3 + 20},
      // Between CR and LF after a closing quote.
      {{{"s3", "s3"}, {"\"x\"", "x"}, {"\"y\"", "y"}}, "\r\n", 11},
      // Between a closing quote and the delimiter.
      {{{"s4", "s4"}, {"\"x\"", "x"}, {"z", "z"}}, "\n", 6},
      // Inside a two-byte UTF-8 character.
      {{{"s5", "s5"}, {"Ö", "Ö"}, {"z", "z"}}, "\n", 4},
      // Inside a quoted field, just before its closing quote, then the file goes on.
      {{{"s6", "s6"}, {multi, multi_text}, {"end", "end"}}, "\r\n", 3 + multi.size() - 1},
  };
  for (std::size_t k = 0; k < specials.size(); ++k) {
    b.pad_to((k + 1) * kChunk, specials[k].split, id);
    b.add(specials[k].fields, specials[k].line_end);
  }
  for (int i = 0; i < 100; ++i) b.add_plain(id++);
  ASSERT_GT(b.bytes().size(), 6 * kChunk);
  // Sanity check that the specials sit where intended.
  EXPECT_EQ(b.bytes().substr(kChunk - 12, 13), "\"first line\ns");
  EXPECT_EQ(b.bytes().substr(2 * kChunk - 1, 2), "\"\"");
  EXPECT_EQ(b.bytes().substr(3 * kChunk - 1, 2), "\r\n");
  EXPECT_EQ(b.bytes().substr(4 * kChunk - 1, 2), "\";");
  EXPECT_EQ(b.bytes().substr(5 * kChunk - 1, 2), "Ö");

  std::vector<long> lines;
  Reader r(write_file(b.bytes()));
  EXPECT_EQ(r.delimiter(), ';');
  const Records got = read_all(r, &lines);
  ASSERT_EQ(got.size(), b.want().size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i], b.want()[i]) << "record " << i;
  }
  EXPECT_EQ(lines, b.lines());
}

TEST(CsvReader, RecordLargerThanAChunk) {
  const std::string big(3 * kChunk, 'q');
  std::string text = "a;b\n1;\"" + big + "\n" + big + "\"\"" + big + "\";z\n2;y\n";
  const Records got = read_file(text);
  ASSERT_EQ(got.size(), 3u);
  ASSERT_EQ(got[1].size(), 3u);
  EXPECT_EQ(got[1][1].text, big + "\n" + big + "\"" + big);
  EXPECT_EQ(got[1][2], (F{"z", 3, static_cast<long>(2 * big.size() + 5)}));
  EXPECT_EQ(got[2], (std::vector<F>{{"2", 4, 1}, {"y", 4, 3}}));
}

TEST(CsvReader, LargeFile) {
  constexpr long kRecords = 200000;
  std::string text = "id,namn,belopp\r\n";
  for (long i = 1; i <= kRecords; ++i) {
    text += std::to_string(i) + ",\"Region Örebro län " + std::to_string(i % 21) + "\"," +
            std::to_string(i * 3) + "\r\n";
  }
  Reader r(write_file(text));
  std::vector<Field> fields;
  ASSERT_TRUE(r.next(fields));
  long count = 0;
  std::int64_t id_sum = 0;
  std::int64_t amount_sum = 0;
  while (r.next(fields)) {
    ++count;
    ASSERT_EQ(fields.size(), 3u);
    ASSERT_EQ(r.line(), count + 1);
    id_sum += std::stol(std::string(fields[0].text));
    amount_sum += std::stol(std::string(fields[2].text));
  }
  EXPECT_EQ(count, kRecords);
  EXPECT_EQ(id_sum, kRecords * (kRecords + 1) / 2);
  EXPECT_EQ(amount_sum, 3 * kRecords * (kRecords + 1) / 2);
}

}  // namespace
}  // namespace vardavtal::csv
