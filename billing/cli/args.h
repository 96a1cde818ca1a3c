// Args: the arguments after a command: options with values, boolean flags
// and positionals. A wrong argument is a UsageError (exit status 2).
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "billing/app/usage_error.h"
#include "core/date.h"
#include "ledger/invoice.h"

namespace vardavtal {

// Arguments after the command: flags with values, boolean flags, positionals.
class Args {
 public:
  Args(std::vector<std::string> args, std::vector<std::string> valued,
       std::vector<std::string> flags) {
    for (size_t i = 0; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (a == "--help" || a == "-h") {
        help = true;
      } else if (std::find(valued.begin(), valued.end(), a) != valued.end()) {
        if (i + 1 >= args.size()) throw UsageError(a + " needs a value", a + " behöver ett värde");
        values_[a] = args[++i];
      } else if (std::find(flags.begin(), flags.end(), a) != flags.end()) {
        values_[a] = "1";
      } else if (a.size() > 1 && a[0] == '-') {
        throw UsageError("unknown option " + a, "okänd flagga " + a);
      } else {
        positional.push_back(a);
      }
    }
  }
  std::optional<std::string> get(const std::string& k) const {
    auto it = values_.find(k);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  bool has(const std::string& k) const { return values_.count(k) > 0; }
  // The value of a required option; else a UsageError ("COMMAND needs OPTION").
  std::string need(const std::string& k, const std::string& command) const {
    auto v = get(k);
    if (!v) throw UsageError(command + " needs " + k, command + " behöver " + k);
    return *v;
  }
  long long number(const std::string& k, long long def, long long min, long long max) const {
    auto v = get(k);
    if (!v) return def;
    try {
      size_t used = 0;
      long long n = std::stoll(*v, &used);
      if (used == v->size() && n >= min && n <= max) return n;
    } catch (const std::exception&) {
    }
    throw UsageError(k + " takes a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", not '" + *v + "'",
                     k + " ska vara ett heltal från " + std::to_string(min) + " till " +
                         std::to_string(max) + ", inte '" + *v + "'");
  }
  // A month "YYYY-MM" (month 01-12) when given; else a UsageError saying so.
  std::optional<Period> period(const std::string& k) const {
    auto v = get(k);
    if (!v) return std::nullopt;
    auto p = Period::parse(*v);
    if (!p)
      throw UsageError(k + " takes a month YYYY-MM, not '" + *v + "'",
                       k + " ska vara en månad ÅÅÅÅ-MM, inte '" + *v + "'");
    return p;
  }
  // A date "YYYY-MM-DD" when given; else a UsageError saying so.
  std::optional<Date> date(const std::string& k) const {
    auto v = get(k);
    if (!v) return std::nullopt;
    auto d = parse_iso_date(*v);
    if (!d)
      throw UsageError(k + " takes YYYY-MM-DD, not '" + *v + "'",
                       k + " ska vara ÅÅÅÅ-MM-DD, inte '" + *v + "'");
    return d;
  }
  bool help = false;
  std::vector<std::string> positional;

 private:
  std::map<std::string, std::string> values_;
};

// --format: one of the command's `formats`, the first when not given; else a
// UsageError listing them all.
inline std::string format_option(const Args& a, const std::vector<std::string>& formats) {
  std::string f = a.get("--format").value_or(formats.front());
  if (std::find(formats.begin(), formats.end(), f) == formats.end())
    throw UsageError("--format takes " + one_of(formats) + ", not '" + f + "'",
                     "--format ska vara " + one_of(formats, Language::sv) + ", inte '" + f + "'");
  return f;
}

inline Format format_of(const Args& a) {
  return listing_format(format_option(a, {"table", "csv", "json"}));
}

// The listings people also open in Excel: `--format csv-sv` too (';', decimal
// commas, a byte order mark; docs/decisions.md).
inline Format people_format_of(const Args& a) {
  return listing_format(format_option(a, {"table", "csv", "csv-sv", "json"}));
}

}  // namespace vardavtal
