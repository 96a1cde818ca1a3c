// Catalogue files and agreements of the demo data (docs/import.md#parties, #price-catalogue).
#include <cstdio>
#include <stdexcept>
#include <string>

#include "importers/csv_writer.h"
#include "billing/demo/demo_writers.h"
#include "core/decimal.h"
#include "core/hospital.h"
#include "core/money.h"
#include "core/region.h"

namespace vardavtal::demo {

namespace {

void add(std::vector<GeneratedFile>& files, const char* kind, CsvWriter& w) {
  w.close();
  files.push_back(GeneratedFile{kind, w.path(), w.rows()});
}

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot open for writing: " + path.string());
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) throw std::runtime_error("write failed: " + path.string());
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

// The agreement's [subscription] table: 2019 and 2020 from per-buyer base
// values, 2021 from the base years' production; none for a fully variable one.
std::string subscription_toml(const SellerDef& s, int year, int scale) {
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
    for (const Hospital& h : builtin_hospitals()) {
      w.field(h.code).field(h.name).field(h.region).field(to_string(h.kind)).field(h.hsa_id);
      w.field(h.bankgiro);
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
    CsvWriter w(dir / "prices.csv", {"seller", "year", "item_code", "name", "price"},
                CsvText::verbatim);
    auto all = sellers();
    for (size_t si = 0; si < all.size(); ++si) {
      for (int year = kFirstYear; year <= kLastYear; ++year) {
        for (const ItemDef& item : item_defs()) {
          if (!(item.sellers & (1u << si))) continue;
          w.field(all[si].code).field(int64_t{year}).field(item.code).field(item.name);
          w.field_fixed(item_price(item, si, year), 2);
          w.end_row();
        }
      }
    }
    add(files, "prices", w);
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
      t += "# Demo data written by `vardavtal generate`: synthetic, modelled on the 2022\n";
      t += "# follow-up of the Mellansverige agreements (seed 003_227b0b4c3106f3b2).\n";
      t += "id          = " + toml_string(id) + "\n";
      t += "name        = " + toml_string(s.agreement_name) + "\n";
      t += "seller      = " + toml_string(s.code) + "\n";
      t += "buyers      = [";
      for (size_t i = 0; i < s.buyers.size(); ++i)
        t += (i ? ", " : "") + toml_string(s.buyers[i].county);
      t += "]\n";
      t += "year        = " + std::to_string(year) + "\n";
      t += "price_list  = 2\n";
      if (year == 2020) {
        t += "# point_price omitted: 2019's price uplifted by LPIK 2020 (" +
             format_scaled(lpik_rate(2020) / 100, 2) +
             " %) = " + std::to_string(point_price(s, 2020)) + "\n";
      } else {
        t += "point_price = " + std::to_string(point_price(s, year)) + "\n";
      }
      t += "weights     = " + std::to_string(year) + "\n";
      t += "outliers    = \"kpp\"\n";
      t += "cost_outlier_share = 1.0\n\n";
      t += subscription_toml(s, year, scale);
      t += "\n[uplift]\nindex = \"LPIK\"\n";
      std::filesystem::path path = sub / (id + ".toml");
      write_text_file(path, t);
      files.push_back(GeneratedFile{"agreement", path, 1});
    }
  }
}

}  // namespace vardavtal::demo
