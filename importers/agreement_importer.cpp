// agreements/<id>.toml (docs/import.md#agreements), parsed with toml++. Decimals written
// as TOML floats are re-read from the file's text so that no binary floating
// point value is ever used ("share = 0.4" is exactly 4000 / 10^4).
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/decimal.h"
#include "core/text.h"
#include "importers/importers.h"
#include "importers/limits.h"

namespace vardavtal {

namespace {

class AgreementReader {
 public:
  AgreementReader(const std::string& path, const KnownCodes& known, ErrorList& errors)
      : path_(path), known_(known), errors_(errors) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    source_ = ss.str();
    std::istringstream lines(source_);
    for (std::string l; std::getline(lines, l);) lines_.push_back(l);
    // toml++ skips a UTF-8 byte order mark; so must the columns of line 1.
    if (!lines_.empty() && lines_[0].rfind("\xEF\xBB\xBF", 0) == 0) lines_[0].erase(0, 3);
  }

  std::optional<Agreement> read() {
    toml::table doc;
    try {
      doc = toml::parse(source_, path_);
    } catch (const toml::parse_error& e) {
      errors_.add({path_, static_cast<long>(e.source().begin.line),
                   static_cast<long>(e.source().begin.column), "",
                   "valid TOML (" + std::string(e.description()) + ")", ""});
      return std::nullopt;
    }
    Agreement a;
    check_keys(doc, {"id", "name", "seller", "buyers", "year", "price_list", "point_price",
                     "weights", "outliers", "cost_outlier_share", "subscription", "uplift"},
               "");
    a.id = string(doc, "id", true);
    a.name = string(doc, "name", false);
    a.seller = string(doc, "seller", true);
    if (!a.seller.empty() && !known_.hospital(a.seller))
      fail(doc.get("seller"), "seller", "a known hospital code", a.seller);
    if (const toml::node* n = doc.get("buyers")) {
      if (const toml::array* arr = n->as_array()) {
        for (const toml::node& b : *arr) {
          auto code = b.value<std::string>();
          if (!code || !is_county_code_form(*code) || !known_.region(*code))
            fail(&b, "buyers", "a known two-digit region code as a string (\"04\")", text_of(&b));
          else
            a.buyers.push_back(*code);
        }
      } else {
        fail(n, "buyers", "an array of region codes", text_of(n));
      }
    }
    a.year = static_cast<int>(integer(doc, "year", true, 1990, 2100).value_or(0));
    a.price_list = static_cast<int>(integer(doc, "price_list", true, 1, 6).value_or(0));
    if (doc.get("point_price")) {
      auto p = decimal(doc.get("point_price"), "point_price", kAmountBound);
      if (p) a.point_price = Money::from_ore(*p);
    }
    a.weights_year =
        static_cast<int>(integer(doc, "weights", false, 1990, 2100).value_or(a.year));
    std::string outliers = string(doc, "outliers", false);
    if (outliers.empty()) a.outliers = OutlierMethod::kpp;  // the Mellansverige method
    else if (auto m = parse_outlier_method(outliers)) a.outliers = *m;
    else fail(doc.get("outliers"), "outliers", "\"kpp\", \"surcharge\" or \"none\"", outliers);
    if (const toml::node* n = doc.get("cost_outlier_share")) {
      if (auto s = decimal(n, "cost_outlier_share", kShareBound)) a.cost_outlier_share = *s;
    }
    if (const toml::node* n = doc.get("subscription")) read_subscription(n, a);
    if (const toml::node* n = doc.get("uplift")) {
      if (const toml::table* t = n->as_table()) {
        check_keys(*t, {"index"}, "uplift.");
        a.uplift_index = string(*t, "index", true, "uplift.");
      } else {
        fail(n, "uplift", "a table", text_of(n));
      }
    }
    // Only when point_price is absent: an invalid one has been reported already.
    if (!doc.get("point_price") && a.uplift_index.empty())
      fail(&doc, "point_price", "a point_price, or an [uplift] index to derive it from last year",
           "neither");
    if (!errors_.empty()) return std::nullopt;
    return a;
  }

 private:
  void read_subscription(const toml::node* n, Agreement& a) {
    const toml::table* t = n->as_table();
    if (!t) {
      fail(n, "subscription", "a table", text_of(n));
      return;
    }
    check_keys(*t, {"share", "base_years", "base_value"}, "subscription.");
    if (const toml::node* s = t->get("share")) {
      a.subscription_share = decimal(s, "subscription.share", kShareBound);
    } else {
      fail(n, "subscription.share", "the subscription share", "no share");
    }
    if (const toml::node* b = t->get("base_years")) {
      const toml::array* arr = b->as_array();
      if (!arr || arr->empty()) fail(b, "subscription.base_years", "an array of years", text_of(b));
      if (arr)
        for (const toml::node& y : *arr) {
          auto v = y.value<int64_t>();
          if (!y.is_integer() || !v || *v < 1990 || *v > 2100)
            fail(&y, "subscription.base_years", "a year", text_of(&y));
          else
            a.base_years.push_back(static_cast<int>(*v));
        }
    }
    if (const toml::node* b = t->get("base_value")) {
      if (const toml::table* per_buyer = b->as_table()) {
        for (const auto& [key, value] : *per_buyer) {
          std::string buyer(key.str());
          if (!is_county_code_form(buyer) || !known_.region(buyer))
            fail(&value, "subscription.base_value", "a known region code as key", buyer);
          else if (auto v = decimal(&value, "subscription.base_value", kBaseValueBound))
            a.base_values[buyer] = Money::from_ore(*v);
        }
      } else if (auto v = decimal(b, "subscription.base_value", kBaseValueBound)) {
        a.base_values[""] = Money::from_ore(*v);
      }
    }
    if (!t->get("base_years") && !t->get("base_value"))
      fail(n, "subscription", "base_years or base_value", "neither");
  }

  void check_keys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                  std::string_view prefix) {
    std::set<std::string_view> ok(allowed);
    for (const auto& [key, value] : t)
      if (!ok.count(key.str()))
        fail(key.source(), std::string(prefix) + std::string(key.str()), "a known key",
             std::string(key.str()));
  }

  std::string string(const toml::table& t, std::string_view key, bool required,
                     std::string_view prefix = "") {
    const toml::node* n = t.get(key);
    std::string name = std::string(prefix) + std::string(key);
    if (!n) {
      if (required) fail(&t, name, "a value for " + name, "none");
      return {};
    }
    auto v = n->value<std::string>();
    if (!n->is_string() || !v || (required && v->empty())) {
      fail(n, name, "a non-empty string", text_of(n));
      return {};
    }
    if (has_control_character(*v)) {
      fail(n, name, "text without control characters (a tab is allowed)", *v);
      return {};
    }
    return *v;
  }

  std::optional<int64_t> integer(const toml::table& t, std::string_view key, bool required,
                                 int64_t min, int64_t max) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) fail(&t, std::string(key), "a value for " + std::string(key), "none");
      return std::nullopt;
    }
    auto v = n->value<int64_t>();
    if (!n->is_integer() || !v || *v < min || *v > max) {
      fail(n, std::string(key),
           "a whole number from " + std::to_string(min) + " to " + std::to_string(max),
           text_of(n));
      return std::nullopt;
    }
    return v;
  }

  // An exact non-negative decimal within `bound`, from an integer or from the
  // float's source text.
  std::optional<int64_t> decimal(const toml::node* n, const std::string& name, const Bound& bound) {
    std::optional<int64_t> v;
    if (n->is_integer()) {
      int64_t scale = 1;
      for (int i = 0; i < bound.places; ++i) scale *= 10;
      auto i = n->value<int64_t>();
      if (i && *i >= 0 && *i <= INT64_MAX / scale) v = *i * scale;
    } else if (n->is_floating_point()) {
      v = parse_scaled(text_of(n), bound.places);
    }
    if (!v || !bound.admits(*v, false)) {
      fail(n, name,
           "a non-negative number with at most " + std::to_string(bound.places) + " decimals, " +
               bound.text(false),
           text_of(n));
      return std::nullopt;
    }
    return v;
  }

  // The literal text of a value, read from the file at the node's position.
  std::string text_of(const toml::node* n) const {
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
    if (line[from] == '"') {
      to = line.find('"', from + 1);
      return line.substr(from, to == std::string::npos ? std::string::npos : to - from + 1);
    }
    while (to < line.size() && line[to] != ',' && line[to] != ' ' && line[to] != '\t' &&
           line[to] != '}' && line[to] != ']' && line[to] != '#' && line[to] != '\r')
      ++to;
    return line.substr(from, to - from);
  }

  void fail(const toml::node* n, const std::string& key, std::string expected, std::string found) {
    fail(n->source(), key, std::move(expected), std::move(found));
  }
  void fail(const toml::source_region& src, const std::string& key, std::string expected,
            std::string found) {
    errors_.add({path_, static_cast<long>(src.begin.line ? src.begin.line : 1),
                 static_cast<long>(src.begin.column ? src.begin.column : 1), key,
                 std::move(expected), std::move(found)});
  }

  std::string path_;
  const KnownCodes& known_;
  ErrorList& errors_;
  std::string source_;
  std::vector<std::string> lines_;
};

}  // namespace

std::optional<Agreement> read_agreement(const std::string& path, const KnownCodes& known,
                                        ErrorList& errors) {
  return AgreementReader(path, known, errors).read();
}

}  // namespace vardavtal
