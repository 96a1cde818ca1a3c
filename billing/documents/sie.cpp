#include "billing/documents/sie.h"

#include <iconv.h>

#include <cerrno>
#include <stdexcept>

namespace vardavtal {

namespace {

std::string convert(std::string_view in, const char* to, const char* from);

// A field in quotes. Transliterated to what code page 437 holds first, so
// that a character becoming '"' (” „ “) is escaped too; a quote inside is \"
// (the only escape SIE 4B defines), a backslash becomes '/' (a reader would
// take "\\" for two), control characters are dropped.
std::string quoted(std::string_view text) {
  const std::string representable =
      convert(convert(text, "CP437//TRANSLIT", "UTF-8"), "UTF-8", "CP437");
  std::string out = "\"";
  for (char c : representable) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) continue;
    if (c == '"') out += '\\';
    out += c == '\\' ? '/' : c;
  }
  return out + "\"";
}

std::string ymd(Date d) {
  std::string iso = format_iso(d);  // YYYY-MM-DD
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

std::string line(std::string text) {
  return text + "\r\n";
}

std::string convert(std::string_view in, const char* to, const char* from) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw std::runtime_error(std::string("iconv cannot convert ") + from + " to " + to);
  std::string out;
  std::string input(in);
  char* src = input.data();
  size_t left = input.size();
  char buffer[4096];
  while (left > 0) {
    char* dst = buffer;
    size_t room = sizeof buffer;
    const size_t r = iconv(cd, &src, &left, &dst, &room);
    out.append(buffer, static_cast<size_t>(dst - buffer));
    if (r == static_cast<size_t>(-1) && errno != E2BIG) {
      // Not representable even by transliteration, or not valid input: one
      // '?' for the character (a UTF-8 sequence is skipped whole).
      out += '?';
      ++src;
      --left;
      while (left > 0 && (static_cast<unsigned char>(*src) & 0xC0) == 0x80 &&
             std::string_view(from) == "UTF-8") {
        ++src;
        --left;
      }
    }
  }
  iconv_close(cd);
  return out;
}

}  // namespace

Money SieVerification::balance() const {
  Money sum;
  for (const SieTransaction& t : transactions) sum += t.amount;
  return sum;
}

std::string render_sie(const SieFile& f) {
  std::string out;
  out += line("#FLAGGA 0");
  out += line("#FORMAT PC8");
  out += line("#SIETYP 4");
  out += line("#PROGRAM \"vardavtal\" 1");
  out += line("#GEN " + ymd(f.generated));
  if (!f.prosa.empty()) out += line("#PROSA " + quoted(f.prosa));
  out += line("#FNAMN " + quoted(f.company_name));
  if (!f.org_number.empty()) out += line("#ORGNR " + f.org_number);
  for (size_t i = 0; i < f.years.size(); ++i) {
    const std::string y = std::to_string(f.years[i]);
    out += line("#RAR " + std::string(i == 0 ? "0" : "-" + std::to_string(i)) + " " + y + "0101 " +
                y + "1231");
  }
  out += line("#DIM " + std::to_string(f.dimension) + " " + quoted(f.dimension_name));
  for (const LedgerAccount& a : f.accounts)
    out += line("#KONTO " + a.number + " " + quoted(a.name.empty() ? a.number : a.name));
  for (const auto& [id, name] : f.objects)
    out += line("#OBJEKT " + std::to_string(f.dimension) + " " + quoted(id) + " " + quoted(name));
  for (const SieVerification& v : f.verifications) {
    if (v.balance() != Money())
      throw std::invalid_argument("verification " + v.number +
                                  " does not balance: " + v.balance().to_string());
    out += line("#VER " + quoted(v.series) + " " + quoted(v.number) + " " + ymd(v.date) + " " +
                quoted(v.text));
    out += line("{");
    for (const SieTransaction& t : v.transactions) {
      const std::string objects =
          t.object.empty() ? "{}"
                           : "{" + std::to_string(f.dimension) + " " + quoted(t.object) + "}";
      out += line("   #TRANS " + t.account + " " + objects + " " + t.amount.to_string());
    }
    out += line("}");
  }
  return out;
}

std::string to_pc8(std::string_view utf8) {
  return convert(utf8, "CP437//TRANSLIT", "UTF-8");
}

std::string from_pc8(std::string_view pc8) {
  return convert(pc8, "UTF-8", "CP437");
}

std::string sie_org_number(std::string_view digits) {
  if (digits.size() != 10) return std::string(digits);
  return std::string(digits.substr(0, 6)) + "-" + std::string(digits.substr(6));
}

}  // namespace vardavtal
