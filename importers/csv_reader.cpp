#include "importers/csv_reader.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <utility>

namespace vardavtal::csv {
namespace {

// Bytes read from the file per read. tests/importers/csv_reader_test.cpp places
// records across multiples of this size; keep them in step. The fuzz build
// (docs/fuzzing.md) makes it small, so that short inputs cross chunk
// boundaries and no run is spent clearing megabytes.
#ifdef VARDAVTAL_CSV_CHUNK
constexpr std::size_t kChunk = VARDAVTAL_CSV_CHUNK;
#else
constexpr std::size_t kChunk = std::size_t{1} << 20;
#endif

constexpr std::uint64_t kHigh = 0x8080808080808080ULL;

inline std::uint64_t load64(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Appends a field without building a temporary (copying one costs a
// store-forwarding stall per field).
inline void add_field(std::vector<Field>& v, const char* p, std::size_t len, long line, long col,
                      bool quoted) {
  Field& f = v.emplace_back();
  f.text = std::string_view(p, len);
  f.line = line;
  f.column = col;
  f.quoted = quoted;
}

// Pointer to the first byte in [p, e) equal to a or b, or e.
// Eight bytes at a time: a zero byte of w ^ (a repeated) marks an `a`; the
// lowest marked byte is exact (false marks only occur above a true one).
inline const char* find2(const char* p, const char* e, char a, char b) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    const std::uint64_t ma = kOnes * static_cast<unsigned char>(a);
    const std::uint64_t mb = kOnes * static_cast<unsigned char>(b);
    while (e - p >= 8) {
      const std::uint64_t w = load64(p);
      const std::uint64_t xa = w ^ ma;
      const std::uint64_t xb = w ^ mb;
      const std::uint64_t hit = (((xa - kOnes) & ~xa) | ((xb - kOnes) & ~xb)) & kHigh;
      if (hit) return p + (std::countr_zero(hit) >> 3);
      p += 8;
    }
  }
  while (p != e && *p != a && *p != b) ++p;
  return p;
}

// Number of code points in valid UTF-8 text: bytes that are not 10xxxxxx.
long count_chars(const char* p, std::size_t n) {
  std::size_t cont = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const std::uint64_t w = load64(p + i);
    if (w & kHigh) cont += static_cast<std::size_t>(std::popcount(w & ~(w << 1) & kHigh));
  }
  for (; i < n; ++i) cont += (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80;
  return static_cast<long>(n - cont);
}

enum class Utf8Status { ok, incomplete, invalid };

// Validates [p, p+n). Returns the length of the leading run of complete valid
// sequences; `st` says whether it stopped at the end (ok), at a sequence cut
// off by the end (incomplete) or at an invalid sequence (invalid).
std::size_t validate_utf8(const unsigned char* p, std::size_t n, Utf8Status& st) {
  std::size_t i = 0;
  for (;;) {
    while (i + 8 <= n && (load64(reinterpret_cast<const char*>(p + i)) & kHigh) == 0) i += 8;
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if (c == 0xED) {
      len = 3;
      hi = 0x9F;
    } else if (c >= 0xE1 && c <= 0xEF) {
      len = 3;
    } else if (c == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else {
      st = Utf8Status::invalid;
      return i;
    }
    if (i + 1 >= n) {
      st = Utf8Status::incomplete;
      return i;
    }
    if (p[i + 1] < lo || p[i + 1] > hi) {
      st = Utf8Status::invalid;
      return i;
    }
    for (std::size_t k = 2; k < len; ++k) {
      if (i + k >= n) {
        st = Utf8Status::incomplete;
        return i;
      }
      if ((p[i + k] & 0xC0) != 0x80) {
        st = Utf8Status::invalid;
        return i;
      }
    }
    i += len;
  }
  st = Utf8Status::ok;
  return n;
}

// Windows-1252 bytes 0x80..0xFF as UTF-8: {length, bytes}; length 0 = undefined.
struct Utf8Seq {
  unsigned char len;
  char bytes[3];
};

constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80-87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 88-8F
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90-97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 98-9F
};

constexpr std::array<Utf8Seq, 128> make_cp1252_table() {
  std::array<Utf8Seq, 128> t{};
  for (unsigned b = 0x80; b <= 0xFF; ++b) {
    const char32_t cp = b < 0xA0 ? kCp1252High[b - 0x80] : char32_t{b};
    Utf8Seq& s = t[b - 0x80];
    if (cp == 0) {
      s = {0, {0, 0, 0}};
    } else if (cp < 0x800) {
      s = {2, {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F)), 0}};
    } else {
      s = {3,
           {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
            static_cast<char>(0x80 | (cp & 0x3F))}};
    }
  }
  return t;
}

constexpr std::array<Utf8Seq, 128> kCp1252 = make_cp1252_table();

// Converts Windows-1252 [in, in+n) to UTF-8 at `out` (room for 3n bytes).
// Returns bytes written; stops at an undefined byte and sets *bad to it.
std::size_t cp1252_to_utf8(const unsigned char* in, std::size_t n, char* out, bool* bad,
                           unsigned char* bad_byte) {
  char* o = out;
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      const std::uint64_t w = load64(reinterpret_cast<const char*>(in + i));
      if ((w & kHigh) == 0) {
        std::memcpy(o, &w, 8);
        o += 8;
        i += 8;
        continue;
      }
    }
    const unsigned char c = in[i];
    if (c < 0x80) {
      *o++ = static_cast<char>(c);
    } else {
      const Utf8Seq& s = kCp1252[c - 0x80];
      if (s.len == 0) {
        *bad = true;
        *bad_byte = c;
        break;
      }
      o[0] = s.bytes[0];
      o[1] = s.bytes[1];
      o[2] = s.bytes[2];
      o += s.len;
    }
    ++i;
  }
  return static_cast<std::size_t>(o - out);
}

// Counts one candidate delimiter outside quotes in the first non-empty record,
// fed in pieces. ASCII-only, so it works on raw UTF-8 or Windows-1252 bytes.
struct DelimiterScan {
  explicit DelimiterScan(char d) : delim(d) {}
  char delim;
  long count = 0;
  bool done = false;

  void feed(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n && !done; ++i) step(p[i]);
  }

 private:
  enum class State { field_start, unquoted, quoted, quote_in_quoted };
  State state = State::field_start;
  bool content = false;  // the line so far is more than CR/LF

  void end_line() {
    if (content) done = true;
    state = State::field_start;
  }
  void step(char c) {
    switch (state) {
      case State::field_start:
      case State::unquoted:
        if (c == delim) {
          ++count;
          content = true;
          state = State::field_start;
        } else if (c == '\n') {
          end_line();
        } else if (c == '"' && state == State::field_start) {
          content = true;
          state = State::quoted;
        } else {
          if (c != '\r') content = true;
          state = State::unquoted;
        }
        break;
      case State::quoted:
        if (c == '"') state = State::quote_in_quoted;
        break;
      case State::quote_in_quoted:
        if (c == '"') {
          state = State::quoted;
        } else if (c == delim) {
          ++count;
          state = State::field_start;
        } else if (c == '\n') {
          end_line();
        } else {
          state = State::unquoted;  // malformed; the parser reports it
        }
        break;
    }
  }
};

// The character at p (valid UTF-8, before e) for an error message.
std::string describe_char(const char* p, const char* e) {
  const auto c = static_cast<unsigned char>(*p);
  if (c == '\r') return "'\\r'";
  if (c == '\t') return "'\\t'";
  if (c < 0x20 || c == 0x7F) {
    char tmp[16];
    std::snprintf(tmp, sizeof tmp, "byte 0x%02X", c);
    return tmp;
  }
  std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  len = std::min(len, static_cast<std::size_t>(e - p));
  return "'" + std::string(p, len) + "'";
}

std::string hex_byte(unsigned char b) {
  char tmp[8];
  std::snprintf(tmp, sizeof tmp, "0x%02X", b);
  return tmp;
}

std::string errno_text(int err) {
  return std::error_code(err, std::generic_category()).message();
}

}  // namespace

std::string_view to_string(Encoding e) {
  switch (e) {
    case Encoding::detect:
      return "detect";
    case Encoding::utf8:
      return "utf-8";
    case Encoding::cp1252:
      return "cp1252";
  }
  return "detect";
}

std::optional<Encoding> parse_encoding(std::string_view s) {
  std::string lower(s);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (lower == "utf-8" || lower == "utf8") return Encoding::utf8;
  if (lower == "cp1252" || lower == "windows-1252") return Encoding::cp1252;
  return std::nullopt;
}

ParseError::ParseError(std::string path, long line, long column, const std::string& en,
                       const std::string& sv)
    : Bilingual(path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + en,
                path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + sv),
      path(std::move(path)),
      line(line),
      column(column) {}

Reader::Reader(std::string path, Encoding enc) : path_(std::move(path)), enc_(enc) {
  file_.reset(std::fopen(path_.c_str(), "rb"));
  if (!file_)
    throw ParseError(path_, 0, 0, "cannot open file: " + errno_text(errno),
                     "kan inte öppna filen: " + errno_text(errno));
  std::setvbuf(file_.get(), nullptr, _IONBF, 0);
  first_pass();
  if (enc_ == Encoding::cp1252) {
    raw_.resize(kChunk);
    read_room_ = 3 * kChunk;
  } else {
    read_room_ = kChunk;
  }
  buf_.assign(kChunk + read_room_, '\0');
}

void Reader::fail(long line, long column, const std::string& en, const std::string& sv) {
  error_.emplace(path_, line, column, en, sv);
  throw *error_;
}

std::size_t Reader::read_bytes(char* dst, std::size_t n) {
  const std::size_t got = std::fread(dst, 1, n, file_.get());
  if (got < n) {
    if (std::ferror(file_.get())) {
      fail(0, 0, "cannot read file: " + errno_text(errno),
           "kan inte läsa filen: " + errno_text(errno));
    }
    eof_ = true;
  }
  return got;
}

// Detects the delimiter from the first record and, with Encoding::detect, the
// encoding from the whole file; then rewinds to just after any BOM.
void Reader::first_pass() {
  buf_.assign(kChunk + 8, '\0');
  char* b = buf_.data();
  DelimiterScan comma(','), semicolon(';');
  bool check_utf8 = enc_ == Encoding::detect;
  bool utf8_valid = true;
  std::size_t carry = 0;  // cut UTF-8 sequence carried to the front from the last chunk
  std::size_t bom = 0;
  bool first = true;
  for (;;) {
    const std::size_t n = read_bytes(b + carry, kChunk);
    const std::size_t total = carry + n;
    std::size_t start = carry;
    if (first) {
      first = false;
      const auto u = [&](std::size_t i) { return static_cast<unsigned char>(b[i]); };
      if (n >= 2 && ((u(0) == 0xFF && u(1) == 0xFE) || (u(0) == 0xFE && u(1) == 0xFF))) {
        fail(1, 1, "expected UTF-8 or Windows-1252 text, found a UTF-16 byte order mark",
             "förväntade UTF-8- eller Windows-1252-text, fann en UTF-16-byteordningsmarkering");
      }
      if (n >= 3 && u(0) == 0xEF && u(1) == 0xBB && u(2) == 0xBF) {
        had_bom_ = true;
        bom = 3;
      }
      start = bom;
    }
    comma.feed(b + start, total - start);
    semicolon.feed(b + start, total - start);
    if (check_utf8) {
      const std::size_t from = carry == 0 ? start : 0;
      Utf8Status st;
      const std::size_t v =
          from + validate_utf8(reinterpret_cast<const unsigned char*>(b + from), total - from, st);
      if (st == Utf8Status::invalid || (st == Utf8Status::incomplete && eof_)) {
        utf8_valid = false;
        check_utf8 = false;
      } else {
        carry = total - v;
        std::memmove(b, b + v, carry);
      }
    }
    if (eof_ || (comma.done && semicolon.done && !check_utf8)) break;
  }
  delim_ = semicolon.count > comma.count ? ';' : ',';
  if (enc_ == Encoding::detect) enc_ = utf8_valid ? Encoding::utf8 : Encoding::cp1252;
  if (std::fseek(file_.get(), static_cast<long>(bom), SEEK_SET) != 0) {
    fail(0, 0, "cannot rewind file: " + errno_text(errno),
         "kan inte läsa om filen: " + errno_text(errno));
  }
  eof_ = false;
}

long Reader::column_at(std::size_t pos) {
  col_chars_ += count_chars(buf_.data() + col_pos_, pos - col_pos_);
  col_pos_ = pos;
  return col_chars_ + 1;
}

void Reader::fail_encoding() {
  const long col = column_at(end_);
  if (enc_ == Encoding::cp1252) {
    fail(line_, col, "expected Windows-1252 text, found undefined byte " + hex_byte(err_byte_),
         "förväntade Windows-1252-text, fann odefinierad byte " + hex_byte(err_byte_));
  }
  error_.emplace(path_, line_, col, "expected UTF-8 text, found byte " + hex_byte(err_byte_),
                 "förväntade UTF-8-text, fann byte " + hex_byte(err_byte_));
  error_->invalid_utf8 = true;
  throw *error_;
}

void Reader::compact_and_reserve() {
  const std::size_t live = raw_end_ - rec_start_;
  char* old = buf_.data();
  if (live + read_room_ > buf_.size()) {
    std::vector<char> grown(std::max(live + read_room_, buf_.size() * 2));
    std::memcpy(grown.data(), old + rec_start_, live);
    for (Field& f : *cur_fields_) {
      f.text = std::string_view(grown.data() + (f.text.data() - old - rec_start_), f.text.size());
    }
    buf_.swap(grown);
  } else if (rec_start_ != 0) {
    std::memmove(old, old + rec_start_, live);
    for (Field& f : *cur_fields_) {
      f.text = std::string_view(f.text.data() - rec_start_, f.text.size());
    }
  }
  pos_ -= rec_start_;
  end_ -= rec_start_;
  raw_end_ -= rec_start_;
  line_start_ -= rec_start_;
  col_pos_ -= rec_start_;
  rec_start_ = 0;
}

bool Reader::refill(std::size_t& shift) {
  shift = 0;
  if (err_pending_) fail_encoding();
  if (eof_) return false;

  shift = rec_start_;
  const std::size_t old_end = end_ - shift;
  for (;;) {
    compact_and_reserve();
    if (enc_ == Encoding::cp1252) {
      const std::size_t n = read_bytes(reinterpret_cast<char*>(raw_.data()), kChunk);
      end_ += cp1252_to_utf8(raw_.data(), n, buf_.data() + end_, &err_pending_, &err_byte_);
      raw_end_ = end_;
    } else {
      raw_end_ += read_bytes(buf_.data() + raw_end_, kChunk);
      Utf8Status st;
      end_ += validate_utf8(reinterpret_cast<const unsigned char*>(buf_.data() + end_),
                            raw_end_ - end_, st);
      if (st == Utf8Status::invalid || (st == Utf8Status::incomplete && eof_)) {
        err_pending_ = true;
        err_byte_ = static_cast<unsigned char>(buf_[end_]);
      }
    }
    if (end_ != old_end) return true;
    if (err_pending_) fail_encoding();  // nothing before the bad byte
    if (eof_) return false;
  }
}

bool Reader::next(std::vector<Field>& fields) {
  if (error_) throw *error_;
  fields.clear();
  cur_fields_ = &fields;
  std::size_t shift = 0;

  // Skip completely empty lines (LF or CRLF).
  for (;;) {
    rec_start_ = pos_;
    if (pos_ == end_ && !refill(shift)) return false;
    const char c = buf_[pos_];
    if (c == '\n') {
      ++pos_;
      new_line(pos_);
      continue;
    }
    if (c == '\r') {
      if (pos_ + 1 == end_ && !refill(shift)) {
        ++pos_;  // a lone CR at end of file ends an empty line
        return false;
      }
      if (buf_[pos_ + 1] == '\n') {
        pos_ += 2;
        new_line(pos_);
        continue;
      }
    }
    break;
  }
  record_line_ = line_;
  const char d = delim_;

  for (;;) {  // one field per iteration; pos_ is at its first byte
    const long fline = line_;
    const long fcol = column_at(pos_);
    if (pos_ == end_ && !refill(shift)) {  // end of file right after a delimiter
      add_field(fields, buf_.data() + pos_, 0, fline, fcol, false);
      return true;
    }

    if (buf_[pos_] != '"') {
      // Unquoted: up to the delimiter, LF or end of file; quotes are literal.
      std::size_t start = pos_;
      std::size_t p = pos_;
      bool at_eof = false;
      for (;;) {
        const char* b = buf_.data();
        p = static_cast<std::size_t>(find2(b + p, b + end_, d, '\n') - b);
        if (p != end_) break;
        pos_ = p;
        const bool more = refill(shift);
        start -= shift;
        p -= shift;
        if (!more) {
          at_eof = true;
          break;
        }
      }
      const char term = at_eof ? '\n' : buf_[p];
      std::size_t len = p - start;
      if (term == '\n' && len != 0 && buf_[p - 1] == '\r') --len;
      add_field(fields, buf_.data() + start, len, fline, fcol, false);
      if (at_eof) {
        pos_ = p;
        return true;
      }
      pos_ = p + 1;
      if (term == d) continue;
      new_line(pos_);
      return true;
    }

    // Quoted: content runs to the closing quote; "" stands for one quote. Once
    // an escape is seen the content is compacted in place: [cstart, w) is done,
    // [seg, r) is still to be moved down. Columns are counted up to r before
    // each move so the counter never reads overwritten bytes.
    std::size_t r = pos_ + 1;
    std::size_t cstart = r;
    std::size_t w = 0;
    std::size_t seg = 0;
    bool escaped = false;
    for (;;) {
      {
        const char* b = buf_.data();
        r = static_cast<std::size_t>(find2(b + r, b + end_, '"', '\n') - b);
      }
      if (r == end_) {
        pos_ = r;
        if (!refill(shift)) {
          fail(fline, fcol,
               "expected a closing quote for the quoted field starting here, found "
               "end of file",
               "förväntade ett avslutande citattecken för fältet som börjar här, fann "
               "filens slut");
        }
        r -= shift;
        cstart -= shift;
        w -= shift;
        seg -= shift;
        continue;
      }
      char* b = buf_.data();
      if (b[r] == '\n') {
        ++r;
        if (escaped) {
          std::memmove(b + w, b + seg, r - seg);
          w += r - seg;
          seg = r;
        }
        new_line(r);
        continue;
      }
      // A quote at r: look at the byte after it.
      if (r + 1 == end_) {
        pos_ = r;
        const bool more = refill(shift);
        r -= shift;
        cstart -= shift;
        w -= shift;
        seg -= shift;
        b = buf_.data();
        if (!more) {  // closing quote at end of file
          if (escaped) {
            column_at(r);
            std::memmove(b + w, b + seg, r - seg);
            w += r - seg;
          }
          const std::size_t len = (escaped ? w : r) - cstart;
          add_field(fields, b + cstart, len, fline, fcol, true);
          pos_ = r + 1;
          return true;
        }
      }
      const char nx = b[r + 1];
      if (nx == '"') {  // escaped quote
        if (!escaped) {
          escaped = true;
          w = r + 1;  // keep the first quote in place
        } else {
          column_at(r);
          std::memmove(b + w, b + seg, r - seg);
          w += r - seg;
          b[w++] = '"';
        }
        r += 2;
        seg = r;
        continue;
      }
      // Closing quote.
      std::size_t after = r + 1;  // first byte after the line end or delimiter
      bool record_end = true;
      bool at_eof = false;
      if (nx == d) {
        after = r + 2;
        record_end = false;
      } else if (nx == '\n') {
        after = r + 2;
      } else if (nx == '\r') {
        if (r + 2 == end_) {
          pos_ = r;
          const bool more = refill(shift);
          r -= shift;
          cstart -= shift;
          w -= shift;
          seg -= shift;
          b = buf_.data();
          at_eof = !more;  // CR at end of file ends the line
        }
        if (!at_eof && b[r + 2] != '\n') {
          fail(line_, column_at(r + 1),
               "expected delimiter or end of line after closing quote, found " +
                   describe_char(b + r + 1, b + end_),
               "förväntade avgränsare eller radslut efter citattecknet, fann " +
                   describe_char(b + r + 1, b + end_));
        }
        after = at_eof ? r + 2 : r + 3;
      } else {
        fail(line_, column_at(r + 1),
             "expected delimiter or end of line after closing quote, found " +
                 describe_char(b + r + 1, b + end_),
             "förväntade avgränsare eller radslut efter citattecknet, fann " +
                 describe_char(b + r + 1, b + end_));
      }
      if (escaped) {
        column_at(r);
        std::memmove(b + w, b + seg, r - seg);
        w += r - seg;
      }
      const std::size_t len = (escaped ? w : r) - cstart;
      add_field(fields, b + cstart, len, fline, fcol, true);
      pos_ = after;
      if (!record_end) break;  // next field
      if (!at_eof) new_line(pos_);
      return true;
    }
  }
}

}  // namespace vardavtal::csv
