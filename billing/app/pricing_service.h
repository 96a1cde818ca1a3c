// Pricing over stored data: a dry run of the latest record versions, the
// yearly subscriptions of a seller, and the explanation of one record. The
// CLI and the server call these. Not thread-safe per Store; the Catalogue is
// read-only and may be shared.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error_text.h"
#include "pricing/price.h"
#include "pricing/subscription.h"
#include "store/pricing_reads.h"

namespace vardavtal {

// Prices every latest record version matching the filter, in batches.
void price_stored_records(
    Store& store, const Catalogue& catalogue, const RecordFilter& filter,
    const std::function<void(const StoredRecord&, const PricedRecord&)>& each);

struct BuyerSubscription {
  std::string buyer;
  std::vector<BaseYearValue> base;  // from base years: V_b and U(b -> year)
  std::optional<Money> base_value;  // from base_value instead
  long long held_in_base = 0;       // base-year records held (not in V_b)
  Money amount;                     // S
  std::array<Money, 12> installments{};
};

struct SellerSubscriptions {
  const PricingAgreement* agreement = nullptr;
  std::vector<BuyerSubscription> buyers;  // ordered by buyer code
};

// The base years' activity per buyer (county) and base year: V_b, and the
// records held (not in V_b).
struct BaseYearValues {
  std::map<std::string, std::map<int, Money>> values;
  std::map<std::string, std::map<int, long long>> held;

  // Counts one latest version of base year `b` under the subscribing
  // agreement `terms`' scope (base_value_under): a withdrawn one (§2) not at
  // all, a held one as held, else its value.
  void add(const Agreement& terms, int b, const StoredRecord& s, const PricedRecord& p);
  // Adds another part's values and held counts.
  void merge(const BaseYearValues& other);
};

// The subscriptions of `seller`'s agreement for `year` from its base years'
// `base` (see compute_subscriptions).
SellerSubscriptions subscriptions_from(const Catalogue& catalogue, const std::string& seller,
                                       int year, const BaseYearValues& base);

// The subscriptions of `seller`'s agreement for `year`, per buyer. Buyers: the
// agreement's buyers, or, when it lists none, those with a base_value of
// their own or with base-year production. Throws std::runtime_error when there
// is no agreement, it has no subscription, or an uplift factor is missing.
// A base year is read one range of buyers at a time, each of at most
// `rows_per_read` record rows (buyer_ranges; one county is never split), so
// that memory holds one range's item sets, not the year's.
SellerSubscriptions compute_subscriptions(Store& store, const Catalogue& catalogue,
                                          const std::string& seller, int year,
                                          int64_t rows_per_read = 65536);

// The calculation of one priced record in words and numbers (amounts in
// Swedish form in both languages: "202 788,30 kr"), in English for programs
// and the API's `text`, in Swedish for people.
std::string explain_pricing(const Catalogue& catalogue, const StoredRecord& stored,
                            const PricedRecord& priced, Language language);

struct Explanation {
  std::string en, sv;
};

// `explain`'s text for one record of the seller (its latest version), in both
// languages; nullopt when there is no such record.
std::optional<Explanation> explain_record(Store& store, const std::string& seller,
                                          const std::string& record);

// The explanation as JSON: {"text": English, "text_sv": Swedish} (`text` was
// the API's only field before the Swedish; it stays English for its clients).
std::string explanation_json(const Explanation& e);

}  // namespace vardavtal
