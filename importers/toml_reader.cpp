#include "importers/toml_reader.h"

#include <fstream>
#include <set>
#include <sstream>

namespace vardavtal {

TomlFileReader::TomlFileReader(std::string path, ErrorList& errors)
    : path_(std::move(path)), errors_(errors) {
  std::ifstream in(path_, std::ios::binary);
  opened_ = static_cast<bool>(in);
  if (!opened_) {
    errors_.add(
        ImportError::file_level(path_, 1, 1, {"cannot open the file", "kan inte öppna filen"}));
    return;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  source_ = ss.str();
  std::istringstream lines(source_);
  for (std::string l; std::getline(lines, l);) lines_.push_back(l);
  // toml++ skips a UTF-8 byte order mark; so must the columns of line 1.
  if (!lines_.empty() && lines_[0].rfind("\xEF\xBB\xBF", 0) == 0) lines_[0].erase(0, 3);
}

std::optional<toml::table> TomlFileReader::parse() {
  try {
    return toml::parse(source_, path_);
  } catch (const toml::parse_error& e) {
    errors_.add({path_,
                 static_cast<long>(e.source().begin.line),
                 static_cast<long>(e.source().begin.column),
                 "",
                 {"valid TOML (" + std::string(e.description()) + ")",
                  "giltig TOML (" + std::string(e.description()) + ")"},
                 std::string()});
    return std::nullopt;
  }
}

void TomlFileReader::fail(const toml::node* n, const std::string& key, const Phrase& expected,
                          const Found& found) {
  fail(n->source(), key, expected, found);
}

void TomlFileReader::fail(const toml::source_region& src, const std::string& key,
                          const Phrase& expected, const Found& found) {
  errors_.add({path_, static_cast<long>(src.begin.line ? src.begin.line : 1),
               static_cast<long>(src.begin.column ? src.begin.column : 1), key, expected, found});
}

std::string TomlFileReader::text_of(const toml::node* n) const {
  const auto& src = n->source();
  if (src.begin.line == 0 || src.begin.line > lines_.size()) return {};
  const std::string& line = lines_[src.begin.line - 1];
  // toml++ columns count characters (code points), the line is UTF-8 bytes.
  size_t from = 0;
  for (size_t c = 1; c < src.begin.column && from < line.size(); ++c) {
    ++from;
    while (from < line.size() && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) ++from;
  }
  if (from >= line.size()) return {};
  size_t to = from;
  if (line[from] == '"' || line[from] == '[' || line[from] == '{') {
    // A string, or an array or inline table up to its first closing bracket.
    const char close = line[from] == '"' ? '"' : line[from] == '[' ? ']' : '}';
    to = line.find(close, from + 1);
    return line.substr(from, to == std::string::npos ? std::string::npos : to - from + 1);
  }
  while (to < line.size() && line[to] != ',' && line[to] != ' ' && line[to] != '\t' &&
         line[to] != '}' && line[to] != ']' && line[to] != '#' && line[to] != '\r')
    ++to;
  return line.substr(from, to - from);
}

void TomlFileReader::check_keys(const toml::table& t,
                                std::initializer_list<std::string_view> allowed,
                                std::string_view prefix) {
  std::set<std::string_view> ok(allowed);
  for (const auto& [key, value] : t)
    if (!ok.count(key.str()))
      fail(key.source(), std::string(prefix) + std::string(key.str()),
           {"a known key", "en känd nyckel"}, std::string(key.str()));
}

const toml::table* TomlFileReader::table(const toml::table& t, std::string_view key,
                                         std::string_view prefix) {
  const toml::node* n = t.get(key);
  if (n && !n->as_table())
    fail(n, std::string(prefix) + std::string(key), {"a table", "en tabell"}, text_of(n));
  return n ? n->as_table() : nullptr;
}

}  // namespace vardavtal
