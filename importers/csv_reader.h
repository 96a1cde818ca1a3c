// Streaming CSV reader for Swedish exports (RFC 4180 with ',' or ';', UTF-8 or
// Windows-1252). Reads one file record by record with flat memory: fixed-size
// chunks plus the record being parsed. Fields are views into the reader's
// buffer, valid until the next call to next(). Not thread-safe; one reader per
// thread.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/error_text.h"

namespace vardavtal::csv {

enum class Encoding { detect, utf8, cp1252 };

// "detect", "utf-8", "cp1252".
std::string_view to_string(Encoding e);

// Accepts "utf-8", "utf8", "cp1252", "windows-1252" (case-insensitive);
// nullopt otherwise.
std::optional<Encoding> parse_encoding(std::string_view s);

// A malformed file: unterminated quote, text after a closing quote, invalid
// UTF-8 (when utf8 is forced), a byte undefined in Windows-1252, UTF-16 BOM,
// I/O error. what() is "path:line:column: message". Open, read and seek
// failures carry line 0, column 0.
// The Swedish form (swedish()) is "path:line:column: " and the message in
// Swedish.
struct ParseError : Bilingual<std::runtime_error> {
  ParseError(std::string path, long line, long column, const std::string& en,
             const std::string& sv);
  std::string path;
  long line;
  long column;
  // True when the file was read as UTF-8 and holds a byte sequence that is
  // not UTF-8: a caller that did not force the encoding may retry as cp1252.
  bool invalid_utf8 = false;
};

struct Field {
  std::string_view text;  // UTF-8, quotes removed and "" unescaped; valid until the next next()
  long line;              // 1-based physical line where the field starts
  long column;            // 1-based column in characters (code points) where the field starts
  bool quoted;
};

class Reader {
 public:
  // Opens the file, rejects a UTF-16 byte order mark, detects the delimiter
  // from the header and, with Encoding::detect, the encoding (one streaming
  // pass over the whole file). Throws ParseError on open/read failure.
  explicit Reader(std::string path, Encoding enc = Encoding::detect);

  // ',' or ';': the one occurring more often outside quotes in the first
  // record; ',' on a tie or when neither occurs.
  char delimiter() const { return delim_; }
  // utf8 or cp1252: what was detected or forced.
  Encoding encoding() const { return enc_; }
  bool had_bom() const { return had_bom_; }

  // Reads the next record into `fields` (cleared and refilled). Returns false
  // at end of file. Completely empty lines are skipped. Throws ParseError; once
  // it has, every later call throws the same error.
  bool next(std::vector<Field>& fields);

  // Physical line where the last returned record started.
  long line() const { return record_line_; }
  const std::string& path() const { return path_; }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };

  void first_pass();
  std::size_t read_bytes(char* dst, std::size_t n);
  // Makes more bytes available after end_, keeping [rec_start_, end_). Sets
  // `shift` to how far existing data moved towards the buffer start (callers
  // adjust their offsets). Returns false at end of file; throws a pending
  // encoding error once the parser has reached it.
  bool refill(std::size_t& shift);
  // Moves [rec_start_, raw_end_) to the buffer start (rebasing the fields read
  // so far) and makes sure read_room_ bytes are free after raw_end_.
  void compact_and_reserve();
  long column_at(std::size_t pos);
  void new_line(std::size_t pos) {
    ++line_;
    line_start_ = col_pos_ = pos;
    col_chars_ = 0;
  }
  // Throws a ParseError and remembers it: later calls to next() throw it again.
  [[noreturn]] void fail(long line, long column, const std::string& en, const std::string& sv);
  // Throws the encoding error waiting at end_.
  [[noreturn]] void fail_encoding();

  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  Encoding enc_;
  char delim_ = ',';
  bool had_bom_ = false;
  bool eof_ = false;

  std::vector<char> buf_;           // decoded UTF-8 text; [rec_start_, end_) is live
  std::vector<unsigned char> raw_;  // Windows-1252 input chunk (cp1252 only)
  std::size_t read_room_ = 0;       // free bytes needed in buf_ before a read
  std::size_t pos_ = 0;             // parse position
  std::size_t end_ = 0;             // end of decoded, validated text
  std::size_t raw_end_ = 0;         // end of bytes read (> end_ for a cut UTF-8 sequence)
  std::size_t rec_start_ = 0;       // start of the record being parsed
  std::size_t line_start_ = 0;      // start of the current physical line
  std::size_t col_pos_ = 0;         // characters in [line_start_, col_pos_) are counted
  long col_chars_ = 0;              // ... and there are this many
  long line_ = 1;                   // physical line at pos_
  long record_line_ = 0;
  bool err_pending_ = false;  // an encoding error sits at end_
  unsigned char err_byte_ = 0;
  std::vector<Field>* cur_fields_ = nullptr;  // rebased when the buffer moves
  std::optional<ParseError> error_;
};

}  // namespace vardavtal::csv
