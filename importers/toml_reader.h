// TomlFileReader: what the TOML readers share (agreements/<id>.toml,
// accounts.toml): the file's text, parsing with toml++, an error at
// file:line:column with the value as written, and the check of unknown keys.
// Each reader derives from it and reads its own keys. Not thread-safe.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/import_error.h"

namespace vardavtal {

class TomlFileReader {
 protected:
  // Reads the file; a file that cannot be opened is an error (opened() false).
  TomlFileReader(std::string path, ErrorList& errors);

  bool opened() const { return opened_; }
  // The document; nullopt with a syntax error reported at its place.
  std::optional<toml::table> parse();

  void fail(const toml::node* n, const std::string& key, const Phrase& expected,
            const Found& found);
  void fail(const toml::source_region& src, const std::string& key, const Phrase& expected,
            const Found& found);
  // The value of `n` as the file writes it (a string with its quotes, an
  // array or inline table up to its first closing bracket).
  std::string text_of(const toml::node* n) const;
  // Every key of `t` not `allowed` is an error naming `prefix` + the key.
  void check_keys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                  std::string_view prefix);
  // The table at `key`; nullptr when absent, and an error when not a table.
  const toml::table* table(const toml::table& t, std::string_view key,
                           std::string_view prefix = "");

  std::string path_;
  ErrorList& errors_;

 private:
  std::string source_;
  std::vector<std::string> lines_;
  bool opened_ = false;
};

}  // namespace vardavtal
