// Errors in two languages (docs/decisions.md, "Swedish for people, English for
// programs"): an error a person can cause carries its English form in what()
// (logs, the API's `error`) and its Swedish form for people (the CLI's
// messages, the API's `error_sv`). Bilingual<Base> takes both, so no throw
// site can leave out the Swedish. Any other exception is an internal error: a
// bug, shown to people as "internt fel: " and its English. Header-only; any
// thread.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vardavtal {

// The language of a text meant for people.
enum class Language { en, sv };

// A phrase for people in English and Swedish (what an import expected); both
// are required.
struct Phrase {
  Phrase(std::string en_text, std::string sv_text)
      : en(std::move(en_text)), sv(std::move(sv_text)) {}
  std::string en, sv;
};

// What an import found: a value quoted from the file, the same in both
// languages (implicit from std::string), or a description in both ({"none",
// "inget"}). A string literal does not convert: a description needs its
// Swedish.
struct Found {
  Found(std::string same) : en(same), sv(std::move(same)) {}  // NOLINT: implicit by design
  Found(std::string en_text, std::string sv_text)
      : en(std::move(en_text)), sv(std::move(sv_text)) {}
  std::string en, sv;
};

// The Swedish form an exception carries beside its English what().
class SwedishText {
 public:
  explicit SwedishText(std::string sv) : sv_(std::move(sv)) {}
  virtual ~SwedishText() = default;
  const std::string& swedish() const noexcept { return sv_; }

 private:
  std::string sv_;
};

// An exception of type Base (std::runtime_error, std::invalid_argument, ...)
// in English and Swedish.
template <class Base>
struct Bilingual : Base, SwedishText {
  Bilingual(const std::string& en, std::string sv) : Base(en), SwedishText(std::move(sv)) {}
};

// A failure a person can cause that has no type of its own (a file that
// cannot be written, an unknown seller).
using PersonError = Bilingual<std::runtime_error>;
using BadArgument = Bilingual<std::invalid_argument>;

// The Swedish form of `e`, or empty when it has none (an internal error).
inline std::string swedish_of(const std::exception& e) {
  const auto* s = dynamic_cast<const SwedishText*>(&e);
  return s ? s->swedish() : std::string();
}

// What a person reads: the Swedish form, else "internt fel: " and the English.
inline std::string for_people(const std::exception& e) {
  std::string sv = swedish_of(e);
  return sv.empty() ? "internt fel: " + std::string(e.what()) : sv;
}

// "a, b or c" ("a, b eller c" in Swedish).
inline std::string one_of(const std::vector<std::string>& names, Language lang = Language::en) {
  const char* last = lang == Language::sv ? " eller " : " or ";
  std::string out;
  for (size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? last : ", ") + names[i];
  return out;
}

// "cannot write PATH" and "cannot create PATH" for a file a person named.
inline PersonError cannot_write(const std::string& path) {
  return PersonError("cannot write " + path, "kan inte skriva " + path);
}
inline PersonError cannot_create(const std::string& path) {
  return PersonError("cannot create " + path, "kan inte skapa " + path);
}

}  // namespace vardavtal
