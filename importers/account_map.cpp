// accounts.toml (docs/erp.md#accountstoml), parsed with toml++.
#include "importers/account_map.h"

#include "core/text.h"
#include "importers/toml_reader.h"

namespace vardavtal {

const char* key_of(RevenueKind k) {
  switch (k) {
    case RevenueKind::care:
      return "care";
    case RevenueKind::items:
      return "items";
    case RevenueKind::subscription:
      return "subscription";
    case RevenueKind::settlement:
      return "settlement";
    case RevenueKind::commitment:
      return "commitment";
  }
  return "";
}

namespace {

bool is_account_number(std::string_view s) {
  return !s.empty() && s.size() <= 10 && s.find_first_not_of("0123456789") == std::string::npos;
}

bool is_object_id(std::string_view s) {
  return !s.empty() && s.size() <= 20 &&
         s.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.") ==
             std::string::npos;
}

bool is_name(std::string_view s) {
  return utf8_length(s) <= 100 && !has_control_character(s);
}

class AccountMapReader : TomlFileReader {
 public:
  AccountMapReader(const std::string& path, ErrorList& errors) : TomlFileReader(path, errors) {}

  std::optional<AccountMap> read() {
    std::optional<toml::table> parsed = opened() ? parse() : std::nullopt;
    if (!parsed) return std::nullopt;
    const toml::table& doc = *parsed;
    AccountMap m;
    check_keys(
        doc,
        {"series", "company_name", "org_number", "receivable", "revenue", "dimension", "objects"},
        "");
    if (auto s = string(doc, "series", "", false)) {
      if (s->empty() || s->size() > 10 || !is_object_id(*s))
        fail(doc.get("series"), "series",
             {"a verification series of 1-10 letters or digits",
              "en verifikationsserie av 1-10 bokstäver eller siffror"},
             *s);
      else
        m.series = *s;
    }
    m.company_name = name(doc, "company_name", "");
    if (auto o = string(doc, "org_number", "", false)) {
      if (!is_org_number(*o))
        fail(doc.get("org_number"), "org_number",
             {"an organisation number NNNNNN-NNNN", "ett organisationsnummer NNNNNN-NNNN"}, *o);
      else
        m.org_number = *o;
    }
    if (const toml::table* t = required_table(doc, "receivable", ""))
      m.receivable = account(*t, "receivable.");
    if (const toml::table* t = required_table(doc, "revenue", "")) {
      check_keys(*t, {"care", "items", "subscription", "settlement", "commitment"}, "revenue.");
      for (RevenueKind k : kRevenueKinds) {
        const std::string key = key_of(k);
        const toml::table* a = k == RevenueKind::care || k == RevenueKind::items
                                   ? required_table(*t, key, "revenue.")
                                   : table(*t, key, "revenue.");
        if (a) m.revenue[k] = account(*a, "revenue." + key + ".");
      }
    }
    if (const toml::table* t = required_table(doc, "dimension", "")) {
      check_keys(*t, {"number", "name"}, "dimension.");
      const toml::node* n = t->get("number");
      auto v = n ? n->value<int64_t>() : std::nullopt;
      if (!n || !n->is_integer() || !v || *v < 1 || *v > 99)
        fail(n ? n : static_cast<const toml::node*>(t), "dimension.number",
             {"an SIE dimension number 1-99 (1 Kostnadsställe, 8 Kund, ...)",
              "ett SIE-dimensionsnummer 1-99 (1 Kostnadsställe, 8 Kund, ...)"},
             {n ? text_of(n) : "none", n ? text_of(n) : "inget"});
      else
        m.dimension = static_cast<int>(*v);
      m.dimension_name = name(*t, "name", "dimension.");
      if (m.dimension_name.empty())
        fail(t, "dimension.name", {"the dimension's name", "dimensionens namn"}, {"none", "inget"});
    }
    if (const toml::table* t = table(doc, "objects")) {
      for (const auto& [key, node] : *t) {
        auto v = node.value<std::string>();
        const std::string county(key.str());
        if (county.size() != 2 || county.find_first_not_of("0123456789") != std::string::npos)
          fail(&node, "objects." + county,
               {"a two-digit region code as the key (\"21\")",
                "en tvåsiffrig länskod som nyckel (\"21\")"},
               county);
        else if (!node.is_string() || !v || !is_object_id(*v))
          fail(&node, "objects." + county,
               {"an object id of 1-20 letters, digits, '-', '_' or '.'",
                "ett objekt-id av 1-20 bokstäver, siffror, '-', '_' eller '.'"},
               text_of(&node));
        else
          m.objects[county] = *v;
      }
    }
    if (!errors_.empty()) return std::nullopt;
    return m;
  }

 private:
  static bool is_org_number(std::string_view s) {
    return s.size() == 11 && s[6] == '-' &&
           (std::string(s.substr(0, 6)) + std::string(s.substr(7)))
                   .find_first_not_of("0123456789") == std::string::npos;
  }

  LedgerAccount account(const toml::table& t, const std::string& prefix) {
    check_keys(t, {"account", "name"}, prefix);
    LedgerAccount a;
    if (auto n = string(t, "account", prefix, true)) {
      if (!is_account_number(*n))
        fail(t.get("account"), prefix + "account",
             {"an account number of 1-10 digits as a string",
              "ett kontonummer av 1-10 siffror som sträng"},
             *n);
      else
        a.number = *n;
    }
    a.name = name(t, "name", prefix);
    return a;
  }

  std::string name(const toml::table& t, const std::string& key, const std::string& prefix) {
    auto s = string(t, key, prefix, false);
    if (!s) return {};
    if (!is_name(*s)) {
      fail(t.get(key), prefix + key,
           {"a name of at most 100 characters without control characters",
            "ett namn på högst 100 tecken utan styrtecken"},
           *s);
      return {};
    }
    return *s;
  }

  std::optional<std::string> string(const toml::table& t, const std::string& key,
                                    const std::string& prefix, bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required)
        fail(&t, prefix + key, {"a value for " + prefix + key, "ett värde för " + prefix + key},
             {"none", "inget"});
      return std::nullopt;
    }
    if (!n->is_string()) {
      fail(n, prefix + key, {"a string in quotes", "en sträng inom citattecken"}, text_of(n));
      return std::nullopt;
    }
    return n->value<std::string>();
  }

  // table(), and an error when absent.
  const toml::table* required_table(const toml::table& t, const std::string& key,
                                    const std::string& prefix) {
    if (!t.get(key))
      fail(&t, prefix + key, {"a table [" + prefix + key + "]", "en tabell [" + prefix + key + "]"},
           {"none", "ingen"});
    return table(t, key, prefix);
  }
};

}  // namespace

std::optional<AccountMap> read_account_map(const std::string& path, ErrorList& errors) {
  return AccountMapReader(path, errors).read();
}

}  // namespace vardavtal
