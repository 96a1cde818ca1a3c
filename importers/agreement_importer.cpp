// agreements/<id>.toml (docs/import.md#agreements), parsed with toml++. Decimals written
// as TOML floats are re-read from the file's text so that no binary floating
// point value is ever used ("share = 0.4" is exactly 4000 / 10^4).
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/decimal.h"
#include "core/text.h"
#include "importers/importers.h"
#include "importers/limits.h"
#include "importers/toml_reader.h"

namespace vardavtal {

namespace {

// A settlement share's largest denominator: share × a year's cost difference
// stays exact in 128-bit arithmetic.
constexpr int64_t kMaxShareDenominator = 1'000'000'000;

// A clinic as records name it: 1-100 characters without control characters.
const Phrase kClinicText{"a clinic name: 1-100 characters without control characters",
                         "ett kliniknamn: 1-100 tecken utan styrtecken"};
bool is_clinic(std::string_view s) {
  const size_t chars = utf8_length(s);
  return chars >= 1 && chars <= 100 && !has_control_character(s);
}

class AgreementReader : TomlFileReader {
 public:
  AgreementReader(const std::string& path, const KnownCodes& known, ErrorList& errors)
      : TomlFileReader(path, errors), known_(known) {}

  std::optional<Agreement> read() {
    std::optional<toml::table> parsed = opened() ? parse() : std::nullopt;
    if (!parsed) return std::nullopt;
    const toml::table& doc = *parsed;
    Agreement a;
    check_keys(doc, {"id", "name", "seller", "buyers", "year", "price_list", "point_price",
                     "weights", "outliers", "cost_outlier_share", "subscription", "uplift",
                     "agreement_type", "drg_exempt", "extra_billing", "settlement", "commitment",
                     "max_contact_amount"},
               "");
    a.id = string(doc, "id", true);
    a.name = string(doc, "name", false);
    a.seller = string(doc, "seller", true);
    if (!a.seller.empty() && !known_.hospital(a.seller))
      fail(doc.get("seller"), "seller", {"a known hospital code", "en känd sjukhuskod"}, a.seller);
    if (const toml::node* n = doc.get("buyers")) {
      if (const toml::array* arr = n->as_array()) {
        for (const toml::node& b : *arr) {
          auto code = b.value<std::string>();
          if (!code || !is_county_code_form(*code) || !known_.region(*code))
            fail(&b, "buyers",
                 {"a known two-digit region code as a string (\"04\")",
                  "en känd tvåsiffrig länskod som sträng (\"04\")"},
                 text_of(&b));
          else
            a.buyers.push_back(*code);
        }
      } else {
        fail(n, "buyers", {"an array of region codes", "en lista med länskoder"}, text_of(n));
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
    else
      fail(doc.get("outliers"), "outliers",
           {"\"kpp\", \"surcharge\" or \"none\"", "\"kpp\", \"surcharge\" eller \"none\""},
           outliers);
    if (const toml::node* n = doc.get("cost_outlier_share")) {
      if (auto s = decimal(n, "cost_outlier_share", kShareBound)) a.cost_outlier_share = *s;
    }
    if (const toml::node* n = doc.get("subscription")) read_subscription(n, a);
    if (const toml::node* n = doc.get("uplift")) {
      if (const toml::table* t = n->as_table()) {
        check_keys(*t, {"index"}, "uplift.");
        a.uplift_index = string(*t, "index", true, "uplift.");
      } else {
        fail(n, "uplift", {"a table", "en tabell"}, text_of(n));
      }
    }
    read_model_terms(doc, a);
    // Only when point_price is absent: an invalid one has been reported already.
    if (!doc.get("point_price") && a.uplift_index.empty())
      fail(&doc, "point_price",
           {"a point_price, or an [uplift] index to derive it from last year",
            "ett point_price, eller ett [uplift]-index att räkna fram det från förra året"},
           {"neither", "inget av dem"});
    if (!errors_.empty()) return std::nullopt;
    return a;
  }

 private:
  void read_subscription(const toml::node* n, Agreement& a) {
    const toml::table* t = n->as_table();
    if (!t) {
      fail(n, "subscription", {"a table", "en tabell"}, text_of(n));
      return;
    }
    check_keys(*t, {"share", "base_years", "base_value", "clinics", "include_items"},
               "subscription.");
    a.subscription_clinics = strings(*t, "clinics", "subscription.", kClinicText, is_clinic);
    if (const toml::node* b = t->get("include_items")) {
      if (auto v = b->value<bool>(); b->is_boolean() && v)
        a.subscription_include_items = *v;
      else
        fail(b, "subscription.include_items", {"true or false", "true eller false"}, text_of(b));
    }
    if (const toml::node* s = t->get("share")) {
      a.subscription_share = decimal(s, "subscription.share", kShareBound);
    } else {
      fail(n, "subscription.share", {"the subscription share", "abonnemangets andel"},
           {"no share", "ingen andel"});
    }
    if (const toml::node* b = t->get("base_years")) {
      const toml::array* arr = b->as_array();
      if (!arr || arr->empty())
        fail(b, "subscription.base_years", {"an array of years", "en lista med år"}, text_of(b));
      if (arr)
        for (const toml::node& y : *arr) {
          auto v = y.value_exact<int64_t>();
          if (!y.is_integer() || !v || *v < 1990 || *v > 2100)
            fail(&y, "subscription.base_years", {"a year", "ett år"}, text_of(&y));
          else
            a.base_years.push_back(static_cast<int>(*v));
        }
    }
    if (const toml::node* b = t->get("base_value")) {
      if (const toml::table* per_buyer = b->as_table()) {
        for (const auto& [key, value] : *per_buyer) {
          std::string buyer(key.str());
          if (!is_county_code_form(buyer) || !known_.region(buyer))
            fail(&value, "subscription.base_value",
                 {"a known region code as key", "en känd länskod som nyckel"}, buyer);
          else if (auto v = decimal(&value, "subscription.base_value", kBaseValueBound))
            a.base_values[buyer] = Money::from_ore(*v);
        }
      } else if (auto v = decimal(b, "subscription.base_value", kBaseValueBound)) {
        a.base_values[""] = Money::from_ore(*v);
      }
    }
    if (!t->get("base_years") && !t->get("base_value"))
      fail(n, "subscription", {"base_years or base_value", "base_years eller base_value"},
           {"neither", "inget av dem"});
  }

  // The other regions' models (billing rules §8), each optional.
  void read_model_terms(const toml::table& doc, Agreement& a) {
    a.agreement_type = static_cast<int>(integer(doc, "agreement_type", false, 1, 3).value_or(2));
    if (const toml::table* t = table(doc, "drg_exempt")) {
      check_keys(*t, {"clinics", "medical_fields"}, "drg_exempt.");
      a.drg_exempt_clinics = strings(*t, "clinics", "drg_exempt.", kClinicText, is_clinic);
      a.drg_exempt_fields = strings(*t, "medical_fields", "drg_exempt.",
                                    {"a three-digit MVO code as a string (\"931\")",
                                     "en tresiffrig MVO-kod som sträng (\"931\")"},
                                    is_medical_field_form);
    }
    if (const toml::table* t = table(doc, "extra_billing")) {
      check_keys(*t, {"threshold"}, "extra_billing.");
      if (const toml::node* n = t->get("threshold")) {
        if (auto v = decimal(n, "extra_billing.threshold", kAmountBound))
          a.extra_billing_threshold = Money::from_ore(*v);
      } else {
        fail(t, "extra_billing.threshold",
             {"a threshold in kronor per contact", "en gräns i kronor per vårdkontakt"},
             {"none", "ingen"});
      }
    }
    if (const toml::node* n = doc.get("max_contact_amount"))
      if (auto v = decimal(n, "max_contact_amount", kMaxContactBound))
        a.max_contact_amount = Money::from_ore(*v);
    if (const toml::table* t = table(doc, "settlement")) read_settlement(*t, a);
    if (const toml::table* t = table(doc, "commitment")) read_commitment(*t, a);
  }

  // [settlement] share = "1/3" (or a decimal) and basis = "kpp" (the default).
  void read_settlement(const toml::table& t, Agreement& a) {
    check_keys(t, {"share", "basis"}, "settlement.");
    if (const toml::node* n = t.get("share")) {
      const std::string text =
          n->is_string() ? n->value<std::string>().value_or("")
                         : (n->is_floating_point() || n->is_integer() ? text_of(n) : "");
      auto f = Fraction::parse(text);
      if (f && f->num > 0 && f->num <= f->den && f->den <= kMaxShareDenominator)
        a.settlement_share = f;
      else
        fail(n, "settlement.share",
             {"a share above 0 and at most 1: a fraction as a string (\"1/3\", denominator at "
              "most 1000000000) or a decimal",
              "en andel över 0 och högst 1: ett bråk som sträng (\"1/3\", nämnare högst "
              "1000000000) eller ett decimaltal"},
             text_of(n));
    } else {
      fail(&t, "settlement.share",
           {"the share of the cost difference settled",
            "andelen av kostnadsskillnaden som avräknas"},
           {"none", "ingen"});
    }
    a.settlement_basis = "kpp";
    if (const toml::node* b = t.get("basis"); b && b->value<std::string>() != "kpp")
      fail(b, "settlement.basis",
           {"\"kpp\" (the contacts' KPP cost)", "\"kpp\" (vårdkontakternas KPP-kostnad)"},
           text_of(b));
  }

  // [commitment] points and shortfall_share; cap_points with above_cap_share.
  void read_commitment(const toml::table& t, Agreement& a) {
    check_keys(t, {"points", "shortfall_share", "cap_points", "above_cap_share"}, "commitment.");
    if (const toml::node* n = t.get("points")) a.commitment_points = points(n, "points", a);
    else
      fail(&t, "commitment.points",
           {"the committed points per buyer", "de åtagna poängen per köpare"}, {"none", "inga"});
    if (const toml::node* n = t.get("shortfall_share"))
      a.commitment_shortfall_share = decimal(n, "commitment.shortfall_share", kShareBound).value_or(0);
    else
      fail(&t, "commitment.shortfall_share",
           {"the share of a shortfall invoiced", "andelen av ett underskott som faktureras"},
           {"none", "ingen"});
    const toml::node* caps = t.get("cap_points");
    const toml::node* above = t.get("above_cap_share");
    if (caps) {
      a.commitment_cap_points = points(caps, "cap_points", a);
      check_caps(*caps, a);
      if (!above)
        fail(&t, "commitment.above_cap_share",
             {"the share kept above the caps", "andelen som behålls över taken"},
             {"none", "ingen"});
    }
    if (above && !caps)
      fail(above, "commitment.above_cap_share", {"cap_points beside it", "cap_points bredvid"},
           text_of(above));
    else if (above)
      a.commitment_above_cap_share =
          decimal(above, "commitment.above_cap_share", kShareBound).value_or(0);
  }

  // DRG points (10^-4) per buyer: { "19" = 1200.0 }, at least one buyer.
  std::map<std::string, int64_t> points(const toml::node* n, const std::string& key,
                                        const Agreement& a) {
    std::map<std::string, int64_t> out;
    const std::string name = "commitment." + key;
    const toml::table* per_buyer = n->as_table();
    if (!per_buyer || per_buyer->empty()) {
      fail(n, name,
           {"DRG points per buyer region: { \"19\" = 1200.0 }",
            "DRG-poäng per köparregion: { \"19\" = 1200.0 }"},
           text_of(n));
      return out;
    }
    for (const auto& [k, value] : *per_buyer) {
      std::string buyer(k.str());
      const bool buys = a.buyers.empty() || std::find(a.buyers.begin(), a.buyers.end(), buyer) !=
                                                a.buyers.end();
      if (!is_county_code_form(buyer) || !known_.region(buyer) || !buys)
        fail(k.source(), name, {"a buyer's region code as key", "en köpares länskod som nyckel"},
             buyer);
      else if (auto v = decimal(&value, name, kCommitmentBound))
        out[buyer] = *v;
    }
    return out;
  }

  // Each cap is of a buyer with a commitment, and not below it.
  void check_caps(const toml::node& caps, const Agreement& a) {
    const toml::table* per_buyer = caps.as_table();
    if (!per_buyer) return;  // reported by points()
    for (const auto& [k, value] : *per_buyer) {
      auto cap = a.commitment_cap_points.find(std::string(k.str()));
      if (cap == a.commitment_cap_points.end()) continue;  // reported by points()
      auto committed = a.commitment_points.find(cap->first);
      if (committed == a.commitment_points.end())
        fail(k.source(), "commitment.cap_points",
             {"a buyer with committed points", "en köpare med åtagna poäng"}, cap->first);
      else if (cap->second < committed->second)
        fail(&value, "commitment.cap_points",
             {"a cap not below the " + format_scaled(committed->second, kWeightPlaces) +
                  " points committed",
              "ett tak inte under de " + format_scaled(committed->second, kWeightPlaces) +
                  " åtagna poängen"},
             text_of(&value));
    }
  }

  // The table at `key`, nullptr when absent (or not a table: reported).
  // An array of strings at `key`, each one `valid` (else reported as not
  // `expected`); empty when absent.
  std::vector<std::string> strings(const toml::table& t, std::string_view key,
                                   std::string_view prefix, const Phrase& expected,
                                   bool (*valid)(std::string_view)) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const std::string name = std::string(prefix) + std::string(key);
    const toml::array* arr = n->as_array();
    if (!arr) fail(n, name, {"an array of strings", "en lista med strängar"}, text_of(n));
    if (arr)
      for (const toml::node& x : *arr) {
        auto v = x.value<std::string>();
        if (!x.is_string() || !v || !valid(*v)) fail(&x, name, expected, text_of(&x));
        else out.push_back(*v);
      }
    return out;
  }

  std::string string(const toml::table& t, std::string_view key, bool required,
                     std::string_view prefix = "") {
    const toml::node* n = t.get(key);
    std::string name = std::string(prefix) + std::string(key);
    if (!n) {
      if (required)
        fail(&t, name, {"a value for " + name, "ett värde för " + name}, {"none", "inget"});
      return {};
    }
    auto v = n->value<std::string>();
    if (!n->is_string() || !v || (required && v->empty())) {
      fail(n, name, {"a non-empty string", "en sträng som inte är tom"}, text_of(n));
      return {};
    }
    if (has_control_character(*v)) {
      fail(n, name,
           {"text without control characters (a tab is allowed)",
            "text utan styrtecken (tabb är tillåtet)"},
           *v);
      return {};
    }
    return *v;
  }

  std::optional<int64_t> integer(const toml::table& t, std::string_view key, bool required,
                                 int64_t min, int64_t max) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required)
        fail(&t, std::string(key),
             {"a value for " + std::string(key), "ett värde för " + std::string(key)},
             {"none", "inget"});
      return std::nullopt;
    }
    // value_exact: value<int64_t>() would convert a float, out of range too (UB).
    auto v = n->value_exact<int64_t>();
    if (!n->is_integer() || !v || *v < min || *v > max) {
      fail(n, std::string(key),
           {"a whole number from " + std::to_string(min) + " to " + std::to_string(max),
            "ett heltal från " + std::to_string(min) + " till " + std::to_string(max)},
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
      auto i = n->value_exact<int64_t>();
      if (i && *i >= 0 && *i <= INT64_MAX / scale) v = *i * scale;
    } else if (n->is_floating_point()) {
      v = parse_scaled(text_of(n), bound.places);
    }
    if (!v || !bound.admits(*v, false)) {
      fail(n, name,
           {"a non-negative number with at most " + std::to_string(bound.places) + " decimals, " +
                bound.text(false),
            "ett icke-negativt tal med högst " + std::to_string(bound.places) + " decimaler, " +
                bound.text_sv(false)},
           text_of(n));
      return std::nullopt;
    }
    return v;
  }

  const KnownCodes& known_;
};

}  // namespace

std::optional<Agreement> read_agreement(const std::string& path, const KnownCodes& known,
                                        ErrorList& errors) {
  return AgreementReader(path, known, errors).read();
}

}  // namespace vardavtal
