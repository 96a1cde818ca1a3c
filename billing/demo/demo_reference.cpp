// Catalogue files and agreements of the demo data (docs/import.md#parties, #price-catalogue).
#include <algorithm>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>

#include "billing/demo/demo_writers.h"
#include "core/decimal.h"
#include "core/error_text.h"
#include "core/hospital.h"
#include "core/money.h"
#include "core/region.h"
#include "importers/csv_writer.h"

namespace vardavtal::demo {

namespace {

void add(std::vector<GeneratedFile>& files, const char* kind, CsvWriter& w) {
  w.close();
  files.push_back(GeneratedFile{kind, w.path(), w.rows()});
}

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw cannot_write(path.string());
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) throw cannot_write(path.string());
}

std::string toml_string(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// Base value (kronor) of the subscription for `buyer` in the 2019/2020
// agreements at `scale`: `base_permille` of the seed's 2020 invoiced amount
// brought back to 2020 prices (÷ 1.019), whole thousands of kronor; 2019's base
// is 10 % more volume at 2019 prices (÷ 1.028).
int64_t base_value_kr(const BuyerWeight& buyer, int year, int scale) {
  int64_t v2020 = round_half_away(static_cast<__int128>(buyer.invoiced_2020_restated) *
                                      buyer.base_permille,
                                  1019) *
                  1000 * scale;
  if (year >= 2020) return v2020;
  return round_half_away(static_cast<__int128>(v2020) * 1100, 1028 * 1000) * 1000;
}

std::string toml_list(std::span<const std::string_view> xs) {
  std::string t = "[";
  for (size_t i = 0; i < xs.size(); ++i) t += (i ? ", " : "") + toml_string(xs[i]);
  return t + "]";
}

// A [subscription] limited to some clinics from one year on, on the two
// years before it (AgreementTerms); before that year none.
std::string scoped_subscription_toml(const AgreementTerms& a, int year) {
  if (year < a.subscription_from)
    return "# no [subscription] before " + std::to_string(a.subscription_from) +
           " (its base years): fully variable\n";
  std::string t = "[subscription]\n";
  t += "share      = " + std::string(a.subscription_share) + "\n";
  t += "base_years = [" + std::to_string(a.subscription_from - 2) + ", " +
       std::to_string(a.subscription_from - 1) + "]\n";
  t += "clinics    = " + toml_list(a.subscription_clinics) +
       "   # the other clinics: fully variable\n";
  return t;
}

// The agreement's [subscription] table: 2019 and 2020 from per-buyer base
// values, 2021 from the base years' production; none for a fully variable one.
std::string subscription_toml(const SellerDef& s, int year, int scale) {
  if (s.terms && s.terms->subscription_from) return scoped_subscription_toml(*s.terms, year);
  if (!s.subscription) return "# no [subscription]: fully variable\n";
  std::string t = "[subscription]\n";
  if (year >= 2021) return t + "share      = 0.4\nbase_years = [2019, 2020]\n";
  t += "share      = 0.5\n";
  t += "# kronor per buyer, keyed by county code (a plain number: the same for every buyer)\n";
  t += "base_value = { ";
  for (size_t i = 0; i < s.buyers.size(); ++i) {
    t += (i ? ", " : "") + toml_string(s.buyers[i].county) + " = " +
         Money::from_kronor(base_value_kr(s.buyers[i], year, scale)).to_string();
  }
  return t + " }\n";
}

// An inline table of DRG points per buyer county, times the scale.
std::string points_toml(std::span<const CommitmentDef> c, int scale, bool cap) {
  std::string t = "{ ";
  bool first = true;
  for (const CommitmentDef& d : c) {
    if (cap && !d.cap_points) continue;
    t += (first ? "" : ", ") + toml_string(d.buyer) + " = " +
         std::to_string(int64_t{cap ? d.cap_points : d.points} * scale);
    first = false;
  }
  return t + " }";
}

// The top-level keys of the other regions' models (before any table).
std::string terms_keys_toml(const AgreementTerms& a) {
  std::string t;
  if (a.agreement_type) {
    static const char* const kNames[] = {"", "Riksavtal", "Regionavtal", "Mellanlänsavtal"};
    t += "agreement_type = " + std::to_string(a.agreement_type) + "   # " +
         kNames[a.agreement_type] + "\n";
  }
  if (!a.drg_exempt_clinics.empty())
    t += "drg_exempt  = { clinics = " + toml_list(a.drg_exempt_clinics) +
         " }   # priced by tariff (tariffs.csv)\n";
  return t;
}

// The tables of the other regions' models, each after a blank line.
std::string terms_tables_toml(const AgreementTerms& a, int scale) {
  std::string t;
  if (a.extra_billing_threshold) {
    t += "\n[extra_billing]\n";
    t += "threshold = " + Money::from_kronor(a.extra_billing_threshold).to_string() +
         "   # kronor per contact; at-cost items above it are billed\n";
  }
  if (!a.settlement_share.empty()) {
    t += "\n[settlement]   # year-end: share x (KPP cost - invoiced) per buyer\n";
    t += "share = " + toml_string(a.settlement_share) + "\n";
    t += "basis = \"kpp\"\n";
  }
  if (!a.commitment.empty()) {
    const bool capped = std::any_of(a.commitment.begin(), a.commitment.end(),
                                    [](const CommitmentDef& d) { return d.cap_points != 0; });
    t += "\n[commitment]   # DRG points a year per buyer county\n";
    t += "points          = " + points_toml(a.commitment, scale, false) + "\n";
    t += "shortfall_share = " + std::string(a.shortfall_share) + "\n";
    if (capped) {
      t += "cap_points      = " + points_toml(a.commitment, scale, true) + "\n";
      t += "above_cap_share = " + std::string(a.above_cap_share) + "\n";
    }
  }
  return t;
}

}  // namespace

int64_t point_price(const SellerDef& s, int year) {
  const __int128 m = 1000000;
  int64_t p2019 = round_half_away(static_cast<__int128>(s.point_price_2021) * m * m,
                                  (m + lpik_rate(2021)) * (m + lpik_rate(2020)));
  if (year <= 2019) return p2019;
  if (year == 2020) return round_half_away(static_cast<__int128>(p2019) * (m + lpik_rate(2020)), m);
  return s.point_price_2021;
}

void write_catalogue(const std::filesystem::path& dir, std::vector<GeneratedFile>& files) {
  {
    CsvWriter w(dir / "regions.csv", {"code", "name", "org_number", "healthcare_region"},
                CsvText::verbatim);
    for (const Region& r : builtin_regions()) {
      w.field(r.code).field(r.name).field(r.org_number).field(r.healthcare_region);
      w.end_row();
    }
    add(files, "regions", w);
  }
  {
    CsvWriter w(dir / "hospitals.csv", {"code", "name", "region", "kind", "hsa_id", "bankgiro"},
                CsvText::verbatim);
    std::vector<const Hospital*> hospitals;
    for (const Hospital& h : builtin_hospitals()) hospitals.push_back(&h);
    for (const SellerDef& s : sellers())
      if (s.hospital) hospitals.push_back(s.hospital);
    for (const Hospital* h : hospitals) {
      w.field(h->code).field(h->name).field(h->region).field(to_string(h->kind)).field(h->hsa_id);
      w.field(h->bankgiro);
      w.end_row();
    }
    add(files, "hospitals", w);
  }
  {
    CsvWriter w(dir / "weights.csv",
                {"year", "drg", "name", "weight", "los_limit", "cost_limit", "day_weight"},
                CsvText::verbatim);
    for (int year = kFirstYear; year <= kLastYear; ++year) {
      for (const DrgDef& d : drg_defs()) {
        DrgYear y = drg_year(d, year);
        w.field(int64_t{year}).field(d.code).field(d.name).field_decimal(y.weight, 4);
        if (y.los_limit)
          w.field(int64_t{*y.los_limit});
        else
          w.empty();
        if (y.cost_limit)
          w.field(*y.cost_limit);
        else
          w.empty();
        if (y.los_limit)
          w.field_decimal(y.day_weight, 4);
        else
          w.empty();
        w.end_row();
      }
    }
    add(files, "weights", w);
  }
  {
    CsvWriter w(dir / "prices.csv", {"seller", "year", "item_code", "name", "price", "at_cost"},
                CsvText::verbatim);
    auto all = sellers();
    for (size_t si = 0; si < all.size(); ++si) {
      for (int year = kFirstYear; year <= kLastYear; ++year) {
        for (const ItemDef& item : item_defs()) {
          if (!(item.sellers & (1u << si))) continue;
          w.field(all[si].code).field(int64_t{year}).field(item.code).field(item.name);
          if (item.at_cost & (1u << si))
            w.empty().field(int64_t{1});  // billed at the stated cost: no price
          else
            w.field_fixed(item_price(item, si, year), 2).empty();
          w.end_row();
        }
      }
    }
    add(files, "prices", w);
  }
  {
    CsvWriter w(dir / "tariffs.csv",
                {"seller", "year", "care_type", "clinic", "medical_field", "unit", "price", "name"},
                CsvText::verbatim);
    for (const SellerDef& s : sellers()) {
      for (int year = kFirstYear; year <= kLastYear; ++year) {
        for (const TariffDef& t : s.tariffs) {
          w.field(s.code).field(int64_t{year}).field(to_string(t.care)).field(t.clinic);
          w.field(t.medical_field);
          w.field(to_string(t.unit)).field_fixed(t.price[year - kFirstYear], 2).field(t.name);
          w.end_row();
        }
      }
    }
    add(files, "tariffs", w);
  }
  {
    CsvWriter w(dir / "index.csv", {"index", "year", "rate"}, CsvText::verbatim);
    for (const IndexRow& r : index_rows()) {
      w.field(r.index).field(int64_t{r.year}).field_decimal(r.rate, 6);
      w.end_row();
    }
    add(files, "index", w);
  }
}

void write_agreements(const std::filesystem::path& dir, int scale,
                      std::vector<GeneratedFile>& files) {
  const std::filesystem::path sub = dir / "agreements";
  for (const SellerDef& s : sellers()) {
    for (int year = kFirstYear; year <= kLastYear; ++year) {
      std::string id = std::string(s.agreement_prefix) + "-" + std::string(s.code) + "-" +
                       std::to_string(year);
      std::string t;
      if (s.terms && !s.terms->note.empty()) {
        t += s.terms->note;
      } else {
        t += "# Demo data written by `vardavtal generate`: synthetic, modelled on the 2022\n";
        t += "# follow-up of the Mellansverige agreements (seed 003_227b0b4c3106f3b2).\n";
      }
      t += "id          = " + toml_string(id) + "\n";
      t += "name        = " + toml_string(s.agreement_name) + "\n";
      t += "seller      = " + toml_string(s.code) + "\n";
      t += "buyers      = [";
      for (size_t i = 0; i < s.buyers.size(); ++i)
        t += (i ? ", " : "") + toml_string(s.buyers[i].county);
      t += "]\n";
      t += "year        = " + std::to_string(year) + "\n";
      t += "price_list  = " + std::to_string(s.price_list) + "\n";
      if (year == 2020) {
        t += "# point_price omitted: 2019's price uplifted by LPIK 2020 (" +
             format_scaled(lpik_rate(2020) / 100, 2) +
             " %) = " + std::to_string(point_price(s, 2020)) + "\n";
      } else {
        t += "point_price = " + std::to_string(point_price(s, year)) + "\n";
      }
      t += "weights     = " + std::to_string(year) + "\n";
      t += "outliers    = \"kpp\"\n";
      t += "cost_outlier_share = 1.0\n";
      if (s.terms) t += terms_keys_toml(*s.terms);
      t += "\n" + subscription_toml(s, year, scale);
      if (s.terms) t += terms_tables_toml(*s.terms, scale);
      t += "\n[uplift]\nindex = \"LPIK\"\n";
      std::filesystem::path path = sub / (id + ".toml");
      write_text_file(path, t);
      files.push_back(GeneratedFile{"agreement", path, 1});
    }
  }
}

}  // namespace vardavtal::demo
