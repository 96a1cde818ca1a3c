#include "core/text.h"

namespace vardavtal {

namespace {
bool is_c0_or_del(unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; }
// U+0080..U+009F are encoded as C2 80..C2 9F.
bool is_c1_at(std::string_view s, std::size_t i) {
  return static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
         static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}
void append_hex(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}
}  // namespace

bool has_control_character(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i)
    if (is_c0_or_del(static_cast<unsigned char>(s[i])) || is_c1_at(s, i)) return true;
  return false;
}

std::string excerpt(std::string_view s, std::size_t max_characters) {
  std::string out;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool lead = (c & 0xC0) != 0x80;
    if (lead && characters++ == max_characters) return out + "…";
    if (is_c0_or_del(c)) {
      append_hex(out, c);
    } else if (is_c1_at(s, i)) {
      append_hex(out, c);
      append_hex(out, static_cast<unsigned char>(s[++i]));
    } else {
      out += s[i];
    }
  }
  return out;
}

std::size_t utf8_length(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view utf8_prefix(std::string_view utf8, std::size_t max_characters) {
  std::size_t chars = 0, end = 0;
  for (; end < utf8.size(); ++end)
    if ((static_cast<unsigned char>(utf8[end]) & 0xC0) != 0x80 && ++chars > max_characters) break;
  return utf8.substr(0, end);
}

}  // namespace vardavtal
