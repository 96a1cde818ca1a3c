#include "importers/csv_writer.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/error_text.h"
#include "importers/csv_cell.h"

namespace vardavtal {

namespace {
constexpr size_t kBufferBytes = 1 << 20;

// Writes the decimal digits of `mag` into `out` (right-aligned), returns the count.
int write_digits(unsigned long long mag, char* end) {
  int n = 0;
  do {
    *--end = static_cast<char>('0' + mag % 10);
    mag /= 10;
    ++n;
  } while (mag != 0);
  return n;
}
}  // namespace

CsvWriter::CsvWriter(const std::filesystem::path& path,
                     std::initializer_list<std::string_view> header, CsvText text)
    : path_(path), text_(text) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) fail("cannot open for writing", "kan inte öppna för skrivning");
  buf_.reserve(kBufferBytes + 4096);
  for (std::string_view h : header) field(h);
  end_row();
  rows_ = 0;
}

CsvWriter::CsvWriter(std::FILE* borrowed, std::span<const std::string_view> header, CsvText text,
                     CsvDialect dialect)
    : path_("<stream>"), file_(borrowed), owned_(false), text_(text) {
  buf_.reserve(kBufferBytes + 4096);
  if (dialect == CsvDialect::swedish_excel) {
    separator_ = ';';
    decimal_ = ',';
    buf_ += "\xEF\xBB\xBF";  // UTF-8 byte order mark
  }
  for (std::string_view h : header) field(h);
  end_row();
  rows_ = 0;
}

CsvWriter::~CsvWriter() {
  if (!file_) return;
  if (owned_) std::fclose(file_);
  else if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), file_);  // quietly
}

void CsvWriter::fail(const char* what, const char* what_sv) {
  const std::string cause = errno != 0 ? ": " + std::string(std::strerror(errno)) : "";
  throw PersonError("csv: " + std::string(what) + ": " + path_.string() + cause,
                    "csv: " + std::string(what_sv) + ": " + path_.string() + cause);
}

void CsvWriter::separator() {
  if (row_started_) buf_ += separator_;
  row_started_ = true;
}

CsvWriter& CsvWriter::field(std::string_view text) {
  separator();
  if (text_ == CsvText::guarded)
    append_csv_text(buf_, text, separator_);
  else
    append_csv_verbatim(buf_, text, separator_);
  return *this;
}

CsvWriter& CsvWriter::number(std::string_view formatted) {
  separator();
  const size_t at = buf_.size();
  buf_.append(formatted);
  if (decimal_ != '.')
    for (size_t i = at; i < buf_.size(); ++i)
      if (buf_[i] == '.') buf_[i] = decimal_;
  return *this;
}

CsvWriter& CsvWriter::field(int64_t value) {
  separator();
  char tmp[24];
  char* end = tmp + sizeof tmp;
  bool neg = value < 0;
  unsigned long long mag =
      neg ? 0ULL - static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value);
  int n = write_digits(mag, end);
  if (neg) buf_ += '-';
  buf_.append(end - n, static_cast<size_t>(n));
  return *this;
}

CsvWriter& CsvWriter::field_fixed(int64_t units, int places) {
  separator();
  char tmp[48];
  char* end = tmp + sizeof tmp;
  bool neg = units < 0;
  unsigned long long mag =
      neg ? 0ULL - static_cast<unsigned long long>(units) : static_cast<unsigned long long>(units);
  int n = write_digits(mag, end);
  char* begin = end - n;
  while (n <= places) {  // at least one digit before the point
    *--begin = '0';
    ++n;
  }
  if (neg) buf_ += '-';
  buf_.append(begin, static_cast<size_t>(n - places));
  if (places > 0) {
    buf_ += decimal_;
    buf_.append(end - places, static_cast<size_t>(places));
  }
  return *this;
}

CsvWriter& CsvWriter::field_decimal(int64_t units, int places) {
  while (places > 0 && units % 10 == 0) {
    units /= 10;
    --places;
  }
  return field_fixed(units, places);
}

CsvWriter& CsvWriter::field(Date d) {
  separator();
  int y = static_cast<int>(d.year());
  unsigned m = static_cast<unsigned>(d.month()), day = static_cast<unsigned>(d.day());
  char s[10] = {static_cast<char>('0' + y / 1000 % 10),
                static_cast<char>('0' + y / 100 % 10),
                static_cast<char>('0' + y / 10 % 10),
                static_cast<char>('0' + y % 10),
                '-',
                static_cast<char>('0' + m / 10),
                static_cast<char>('0' + m % 10),
                '-',
                static_cast<char>('0' + day / 10),
                static_cast<char>('0' + day % 10)};
  buf_.append(s, sizeof s);
  return *this;
}

void CsvWriter::end_row() {
  buf_ += '\n';
  row_started_ = false;
  ++rows_;
  flush_if_full();
}

void CsvWriter::flush_if_full() {
  if (buf_.size() >= kBufferBytes) flush();
}

void CsvWriter::flush() {
  if (!file_) fail("write after close", "skrivning efter stängning");
  if (!buf_.empty()) {
    errno = 0;
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
      fail("write failed", "skrivningen misslyckades");
    buf_.clear();
  }
}

void CsvWriter::close() {
  if (!file_) return;
  if (row_started_) end_row();
  flush();
  errno = 0;
  bool ok = std::fflush(file_) == 0;
  if (owned_) ok = (std::fclose(file_) == 0) && ok;
  file_ = nullptr;
  if (!ok) fail("close failed", "stängningen misslyckades");
}

}  // namespace vardavtal
