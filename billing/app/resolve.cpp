#include "billing/app/resolve.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "store/followup_reads.h"

namespace vardavtal {

namespace {

// "AS, USO"; "none" when empty.
std::string comma_list(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "none" : out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// " (Region Dalarna is 20)" for the regions whose name holds `text`; else "".
std::string codes_of_named(Store& store, const std::string& text, Language language) {
  std::string out;
  for (const auto& [code, name] : region_names(store))
    if (!text.empty() && lower(name).find(lower(text)) != std::string::npos)
      out +=
          (out.empty() ? " (" : ", ") + name + (language == Language::sv ? " är " : " is ") + code;
  return out.empty() ? out : out + ")";
}

// comma_list in Swedish: "inga" for none.
std::string comma_list_sv(const std::set<std::string>& codes) {
  return codes.empty() ? "inga" : comma_list(codes);
}

}  // namespace

void require_seller(Store& store, const std::string& code) {
  const std::set<std::string> sellers = store.hospital_codes();
  if (!sellers.count(code))
    throw UnknownCode("unknown seller '" + code + "'; sellers: " + comma_list(sellers),
                      "okänd säljare '" + code + "'; säljare: " + comma_list_sv(sellers));
}

void require_buyer(Store& store, const std::string& code) {
  const std::set<std::string> buyers = store.region_codes();
  if (!buyers.count(code))
    throw UnknownCode("unknown buyer '" + code + "'" + codes_of_named(store, code, Language::en) +
                          "; buyers: " + comma_list(buyers),
                      "okänd köpare '" + code + "'" + codes_of_named(store, code, Language::sv) +
                          "; köpare: " + comma_list_sv(buyers));
}

void require_seller(Store& store, const std::optional<std::string>& code) {
  if (code) require_seller(store, *code);
}

void require_buyer(Store& store, const std::optional<std::string>& code) {
  if (code) require_buyer(store, *code);
}

void require_year(Store& store, YearData data, int year, const std::string& seller) {
  if (has_data_in(store, data, year, seller)) return;
  std::set<std::string> with;
  for (int y : years_with(store, data, seller)) with.insert(std::to_string(y));
  const std::string y = std::to_string(year), years = comma_list(with);
  const std::string years_sv = comma_list_sv(with);
  const std::string of = seller.empty() ? "" : " of " + seller;
  const std::string of_sv = seller.empty() ? "" : " för " + seller;
  switch (data) {
    case YearData::records:
      throw NoDataInYear(
          "no records" + of + " in " + y + "; years with records: " + years,
          "inga vårdkontakter" + of_sv + " " + y + "; år med vårdkontakter: " + years_sv);
    case YearData::agreements:
      throw NoDataInYear("no agreement" + of + " in " + y + "; years with agreements: " + years,
                         "inget avtal" + of_sv + " " + y + "; år med avtal: " + years_sv);
    case YearData::billed:
      break;
  }
  throw NoDataInYear("nothing billed" + (seller.empty() ? "" : " for " + seller) + " in " + y +
                         "; years billed: " + years +
                         (with.empty() ? " (run 'vardavtal bill')" : ""),
                     "inget fakturerat" + of_sv + " " + y + "; fakturerade år: " + years_sv +
                         (with.empty() ? " (kör 'vardavtal bill')" : ""));
}

}  // namespace vardavtal
