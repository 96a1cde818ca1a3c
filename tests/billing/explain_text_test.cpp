// explain's words (billing/app/pricing_service.h): a one-day stay under an
// agreement without an outlier method, in Swedish for people and in English.
#include <gtest/gtest.h>

#include "../pricing/pricing_fixture.h"
#include "billing/app/pricing_service.h"

namespace vardavtal {
namespace {

using namespace pricing_test;

std::string explain(const Catalogue& c, const Record& r, Language language) {
  StoredRecord s;
  s.record = r;
  s.version = 1;
  return explain_pricing(c, s, price_record(r, {}, c), language);
}

TEST(ExplainText, OneCareDayAndNoOutlierMethodInSwedish) {
  Catalogue c;
  fill_standard(c, OutlierMethod::none);
  const Record r = stay("18", "2021-03-01", "2021-03-02", "E03N");  // 1 care day
  const std::string sv = explain(c, r, Language::sv);
  EXPECT_NE(sv.find("ytterfallsmetod ingen, viktlista 2021\n"), std::string::npos) << sv;
  EXPECT_NE(sv.find("  vårdtidsprövning: 1 vårddag mot trimpunkt 10 -> inte över\n"),
            std::string::npos)
      << sv;
  EXPECT_NE(sv.find("  avtalet har ingen ytterfallsmetod: inga ytterfallsbelopp\n"),
            std::string::npos)
      << sv;
  EXPECT_EQ(sv.find("none"), std::string::npos) << sv;
  EXPECT_EQ(sv.find("vårdtidsgräns"), std::string::npos) << sv;  // one word: trimpunkt
  const std::string en = explain(c, r, Language::en);
  EXPECT_NE(en.find("outlier method none, weight list 2021\n"), std::string::npos) << en;
  EXPECT_NE(en.find("  length-of-stay test: 1 care day vs limit 10 -> not above\n"),
            std::string::npos)
      << en;
  EXPECT_NE(en.find("  method none: no outlier amounts\n"), std::string::npos) << en;
}

}  // namespace
}  // namespace vardavtal
