// Text of imported values: the control characters an import refuses, and the
// short, printable excerpt of a value that an error message shows. Pure
// functions, safe from any thread.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace vardavtal {

// How many characters of a found value an error message shows.
inline constexpr std::size_t kExcerptCharacters = 80;

// True when `utf8` holds a control character other than tab: C0 (U+0000 to
// U+001F), DEL (U+007F) or C1 (U+0080 to U+009F).
bool has_control_character(std::string_view utf8);

// Characters (code points) of UTF-8 text: lead bytes, not bytes.
std::size_t utf8_length(std::string_view utf8);

// The longest prefix of `utf8` of at most `max_characters` characters, never
// cutting a character in two.
std::string_view utf8_prefix(std::string_view utf8, std::size_t max_characters);

// Copies `from` (which must not view into `to`) into `to`, reusing its
// buffer. A string refilled row after row (an import's row being read, the
// writer's column buffers) mostly gets text of the length it holds: resize
// is then a no-op and the copy one memcpy, where assign's general replace
// (which allows for overlapping text) was 5 % of an import's instructions.
inline void assign_bytes(std::string& to, std::string_view from) {
  to.resize(from.size());
  if (!from.empty()) std::memcpy(to.data(), from.data(), from.size());
}

// `text` for a message: control characters other than tab written as \xNN
// (C1 as their UTF-8 bytes), and cut after `max_characters` characters
// (code points) with "…" appended.
std::string excerpt(std::string_view text, std::size_t max_characters = kExcerptCharacters);

}  // namespace vardavtal
