// Text of imported values: the control characters an import refuses, and the
// short, printable excerpt of a value that an error message shows. Pure
// functions, safe from any thread.
#pragma once

#include <cstddef>
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

// `text` for a message: control characters other than tab written as \xNN
// (C1 as their UTF-8 bytes), and cut after `max_characters` characters
// (code points) with "…" appended.
std::string excerpt(std::string_view text, std::size_t max_characters = kExcerptCharacters);

}  // namespace vardavtal
