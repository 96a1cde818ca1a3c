#include "pricing/price.h"

#include <algorithm>

#include "core/decimal.h"
#include "pricing/care_days.h"

namespace vardavtal {

namespace {
constexpr int64_t kWeightScale = 10000;  // 10^-4
constexpr int64_t kShareScale = 10000;   // 10^-4

// round(units × money / scale), half away from zero.
Money scaled(int64_t units, Money m, int64_t scale) {
  return Money::from_ore(
      round_half_away(static_cast<__int128>(units) * m.ore(), static_cast<__int128>(scale)));
}
}  // namespace

std::string_view to_string(OutlierKind k) {
  switch (k) {
    case OutlierKind::none: return "none";
    case OutlierKind::los: return "los";
    case OutlierKind::cost: return "cost";
  }
  return "?";
}

std::string_view to_string(HeldReason r) {
  switch (r) {
    case HeldReason::none: return "";
    case HeldReason::no_agreement: return "no_agreement";
    case HeldReason::no_point_price: return "no_point_price";
    case HeldReason::own_region_buyer: return "own_region_buyer";
    case HeldReason::buyer_not_in_agreement: return "buyer_not_in_agreement";
    case HeldReason::drg_not_in_weight_list: return "drg_not_in_weight_list";
    case HeldReason::outlier_without_kpp_cost: return "outlier_without_kpp_cost";
    case HeldReason::unknown_item: return "unknown_item";
    case HeldReason::nothing_to_bill: return "nothing_to_bill";
    case HeldReason::no_tariff: return "no_tariff";
    case HeldReason::ambiguous_tariff: return "ambiguous_tariff";
    case HeldReason::missing_item_cost: return "missing_item_cost";
    case HeldReason::implausible_amount: return "implausible_amount";
  }
  return "?";
}

Money variable_share(Money value, int64_t s) { return scaled(kShareScale - s, value, kShareScale); }

namespace {
// A held record bills nothing: its amounts are cleared (weight and DRG value
// stay, when known, to explain the hold).
PricedRecord& hold(PricedRecord& p, HeldReason reason) {
  p.held = reason;
  p.drg_amount = p.los_outlier_amount = p.cost_outlier_amount = Money{};
  p.items_amount = p.patient_fee = p.gross = p.variable_amount = Money{};
  p.tariff_amount = p.at_cost_amount = Money{};
  p.price_list_version = 0;
  return p;
}

bool contains(const std::vector<std::string>& xs, std::string_view x) {
  return !x.empty() && std::find(xs.begin(), xs.end(), x) != xs.end();
}

// §8.1: records of a DRG-exempt clinic or medical field.
bool is_drg_exempt(const Agreement& a, const Record& r) {
  return contains(a.drg_exempt_clinics, r.clinic) || contains(a.drg_exempt_fields, r.medical_field);
}

// §4: the DRG amount and the outlier amounts. False when the record is held.
bool price_drg(PricedRecord& p, const Record& r, const PricingAgreement& a, const Catalogue& c) {
  const Money point_price = *a.point_price;
  const WeightEntry* w = c.weight(a.terms.weights_year, drg_key(r.drg));
  p.weight_entry = w;
  if (!w) return hold(p, HeldReason::drg_not_in_weight_list), false;
  p.weight = w->weight;
  p.drg_value = scaled(w->weight, point_price, kWeightScale);
  p.los_outlier = w->los_limit && p.care_days > *w->los_limit;
  p.cost_outlier = w->cost_limit && r.kpp_cost && *r.kpp_cost > *w->cost_limit;
  switch (a.terms.outliers) {
    case OutlierMethod::kpp:
      if (p.los_outlier || p.cost_outlier) {
        if (!r.kpp_cost) return hold(p, HeldReason::outlier_without_kpp_cost), false;
        // Billed by its KPP cost instead of the DRG price.
        if (p.los_outlier) p.los_outlier_amount = *r.kpp_cost;
        else p.cost_outlier_amount = *r.kpp_cost;
      } else {
        p.drg_amount = p.drg_value;
      }
      break;
    case OutlierMethod::surcharge:
      p.drg_amount = p.drg_value;
      if (p.los_outlier)
        p.los_outlier_amount =
            scaled((p.care_days - *w->los_limit) * w->day_weight, point_price, kWeightScale);
      if (p.cost_outlier)
        p.cost_outlier_amount =
            scaled(a.terms.cost_outlier_share, *r.kpp_cost - *w->cost_limit, kShareScale);
      break;
    case OutlierMethod::none:
      p.drg_amount = p.drg_value;
      p.los_outlier = p.cost_outlier = false;
      break;
  }
  p.outlier = p.los_outlier ? OutlierKind::los
              : p.cost_outlier ? OutlierKind::cost
                               : OutlierKind::none;
  return true;
}

// §8.1: the most specific tariff × units; no outlier rules. `required`: a
// DRG-exempt record, held without a tariff; otherwise a record with no DRG
// and no items, held as no_tariff only when the seller has tariffs that year.
bool price_tariff(PricedRecord& p, const Record& r, bool required, const Catalogue& c) {
  const TariffMatch m =
      c.tariff(r.seller, p.billing_year, r.care_type, r.clinic, r.medical_field);
  p.tariff = m.entry;
  p.other_tariff = m.other;
  if (m.ambiguous()) return hold(p, HeldReason::ambiguous_tariff), false;
  if (!m.entry) {
    const bool uses_tariffs = required || c.has_tariffs(r.seller, p.billing_year);
    return hold(p, uses_tariffs ? HeldReason::no_tariff : HeldReason::nothing_to_bill), false;
  }
  p.tariff_units = m.entry->row.unit == TariffUnit::contact ? 1 : p.care_days;
  p.tariff_amount = m.entry->row.price * p.tariff_units;
  return true;
}

// §4 items and §8.2 at-cost items: items_amount, and the at-cost Σ cost less
// the agreement's threshold (never below zero).
bool price_items(PricedRecord& p, const Record& r, std::span<const ItemLine> items,
                 const PricingAgreement& a, const Catalogue& c) {
  bool any_at_cost = false;
  for (const ItemLine& line : items) {
    const PriceEntry* price = c.price(r.seller, p.billing_year, line.item_code);
    p.held_item = line.item_code;
    if (!price) return hold(p, HeldReason::unknown_item), false;
    if (price->at_cost) {
      if (!line.cost) return hold(p, HeldReason::missing_item_cost), false;
      p.at_cost_sum += *line.cost;
      any_at_cost = true;
    } else {
      p.items_amount += price->price * line.quantity;
    }
    if (price->version > p.price_list_version) p.price_list_version = price->version;
  }
  p.held_item = {};
  if (any_at_cost)
    p.at_cost_amount = at_cost_above(p.at_cost_sum, a.terms.extra_billing_threshold);
  return true;
}

// §8.3: a record of the subscription's clinics (every record when it lists none).
bool in_subscription_scope(const Agreement& t, const Record& r) {
  return t.subscription_clinics.empty() || contains(t.subscription_clinics, r.clinic);
}

// §4 subscription and §8.3 scope: the record's invoiced variable part.
void price_variable(PricedRecord& p, const Record& r, const PricingAgreement& a) {
  const Agreement& t = a.terms;
  p.in_subscription = t.subscription_share && in_subscription_scope(t, r);
  // ÖR27: gross = DRG + outliers (+ tariffs) + items (+ at cost) − patient fee.
  p.gross = p.activity_value() + p.items_amount + p.at_cost_amount - p.patient_fee;
  if (!p.in_subscription) {
    p.variable_amount = p.gross;
    return;
  }
  const Money outside = t.subscription_include_items ? Money{} : p.items_amount;
  p.variable_amount = variable_share(p.subscription_base(), *t.subscription_share) + outside +
                      p.at_cost_amount - p.patient_fee;
}
}  // namespace

Money at_cost_above(Money stated_cost, Money threshold) {
  return stated_cost > threshold ? stated_cost - threshold : Money{};
}

Money base_value_under(const Agreement& t, const Record& r, const PricedRecord& p) {
  if (!in_subscription_scope(t, r)) return Money{};
  return p.activity_value() + (t.subscription_include_items ? p.items_amount : Money{});
}

Money PricedRecord::subscription_base() const {
  if (!in_subscription) return Money{};
  const bool with_items = agreement && agreement->terms.subscription_include_items;
  return activity_value() + (with_items ? items_amount : Money{});
}

PricedRecord price_record(const Record& r, std::span<const ItemLine> items, const Catalogue& c) {
  PricedRecord p;
  p.billing_year = year_of(billing_date(r));
  p.care_days = care_days(r);
  p.patient_fee = r.patient_fee;
  const PricingAgreement* a = c.agreement(r.seller, p.billing_year);
  p.agreement = a;
  if (!a) return hold(p, HeldReason::no_agreement);
  if (!a->point_price) return hold(p, HeldReason::no_point_price);
  if (r.county == a->seller_region) return hold(p, HeldReason::own_region_buyer);
  if (!a->buys(r.county)) return hold(p, HeldReason::buyer_not_in_agreement);

  p.drg_exempt = is_drg_exempt(a->terms, r);
  if (p.drg_exempt || (r.drg.empty() && items.empty())) {
    if (!price_tariff(p, r, p.drg_exempt, c)) return p;
  } else if (!r.drg.empty()) {
    if (!price_drg(p, r, *a, c)) return p;
  }
  if (!price_items(p, r, items, *a, c)) return p;
  price_variable(p, r, *a);
  // Plausibility: a contact's gross above the agreement's limit is a typo
  // in the source more likely than care (docs/import.md#plausibility).
  if (p.gross > a->terms.max_contact_amount.value_or(kDefaultMaxContactAmount)) {
    p.implausible_gross = p.gross;
    return hold(p, HeldReason::implausible_amount);
  }
  return p;
}

// What made the record DRG-exempt: its clinic, else its medical field.
std::string exempt_text(const Agreement& a, const Record& r) {
  return contains(a.drg_exempt_clinics, r.clinic) ? "clinic " + r.clinic
                                                  : "medical field " + r.medical_field;
}

std::string exempt_text_sv(const Agreement& a, const Record& r) {
  return contains(a.drg_exempt_clinics, r.clinic) ? "kliniken " + r.clinic
                                                  : "verksamhetsområdet " + r.medical_field;
}

std::string tariff_text(const TariffEntry& t) {
  const TariffRow& x = t.row;
  return std::string(to_string(x.care_type)) + "/" + (x.clinic.empty() ? "*" : x.clinic) + "/" +
         (x.medical_field.empty() ? "*" : x.medical_field) + " " + x.price.to_string() + " kr per " +
         std::string(to_string(x.unit));
}

std::string tariff_text_sv(const TariffEntry& t) {
  const TariffRow& x = t.row;
  return std::string(swedish_name(x.care_type)) + "/" + (x.clinic.empty() ? "*" : x.clinic) + "/" +
         (x.medical_field.empty() ? "*" : x.medical_field) + " " + x.price.to_swedish() +
         " kr per " + (x.unit == TariffUnit::care_day ? "vårddygn" : "kontakt");
}

namespace {

// One held reason in English or Swedish: the two texts side by side, so that
// a reason changed in one language is seen to need the other.
std::string held_text(const PricedRecord& p, const Record& r, bool sv) {
  const std::string year = std::to_string(p.billing_year);
  auto kr = [sv](Money m) { return (sv ? m.to_swedish() : m.to_string()) + " kr"; };
  const std::string id = p.agreement ? p.agreement->terms.id : "";
  switch (p.held) {
    case HeldReason::none: return "";
    case HeldReason::no_agreement:
      return sv ? "inget avtal för " + r.seller + " år " + year
                : "no agreement for " + r.seller + " in " + year;
    case HeldReason::no_point_price:
      return sv ? "avtal " + id + " har inget poängpris: " + p.agreement->point_price_error_sv
                : "agreement " + id + " has no point price: " + p.agreement->point_price_error;
    case HeldReason::own_region_buyer:
      return sv ? "köparen " + r.county + " är säljarens egen region"
                : "buyer " + r.county + " is the seller's own region";
    case HeldReason::buyer_not_in_agreement:
      return sv ? "köparen " + r.county + " är inte en av köparna i " + id
                : "buyer " + r.county + " is not among the buyers of " + id;
    case HeldReason::drg_not_in_weight_list: {
      const std::string weights = std::to_string(p.agreement->terms.weights_year);
      return sv ? "DRG " + r.drg + " finns inte i viktlistan för " + weights
                : "DRG " + r.drg + " is not in the " + weights + " weight list";
    }
    case HeldReason::outlier_without_kpp_cost: {
      // Only a LOS outlier can lack a cost (a cost outlier needs kpp_cost).
      std::string why = "DRG " + r.drg + ": " + care_days_text(p.care_days, sv);
      if (p.weight_entry && p.weight_entry->los_limit)
        why +=
            (sv ? " > trimpunkt " : " > los_limit ") + std::to_string(*p.weight_entry->los_limit);
      if (sv)
        return why + ", ett " + (p.los_outlier ? "vårdtidsytterfall" : "kostnadsytterfall") +
               " utan KPP-kostnad (metoden kpp fakturerar ytterfall efter KPP-kostnaden)";
      return why + ", a " + (p.los_outlier ? "length-of-stay" : "cost") +
             " outlier without a KPP cost (method kpp bills outliers by their KPP cost)";
    }
    case HeldReason::unknown_item:
      return sv ? "artikel " + std::string(p.held_item) + " finns inte i " + r.seller +
                      ":s prislista för " + year
                : "item " + std::string(p.held_item) + " is not in " + r.seller + "'s " + year +
                      " price list";
    case HeldReason::nothing_to_bill:
      return sv ? "ingen DRG och inga artiklar" : "no DRG and no items";
    case HeldReason::no_tariff: {
      const std::string field =
          r.medical_field.empty() ? (sv ? "(inget)" : "(none)") : r.medical_field;
      if (sv)
        return std::string(p.drg_exempt ? exempt_text_sv(p.agreement->terms, r) +
                                              " är undantagen från DRG i " + id + ", men "
                                        : "ingen DRG och inga artiklar, och ") +
               "ingen taxa för " + year + " hos " + r.seller + " passar " +
               std::string(swedish_name(r.care_type)) + ", klinik " + r.clinic +
               ", verksamhetsområde " + field;
      return std::string(p.drg_exempt ? exempt_text(p.agreement->terms, r) + " is DRG-exempt in " +
                                            id + ", but "
                                      : "no DRG and no items, and ") +
             "no " + year + " tariff of " + r.seller + " matches " +
             std::string(to_string(r.care_type)) + ", clinic " + r.clinic + ", field " + field;
    }
    case HeldReason::ambiguous_tariff:
      return sv ? "två taxor för " + year + " passar lika väl: " + tariff_text_sv(*p.tariff) +
                      " och " + tariff_text_sv(*p.other_tariff)
                : "two " + year + " tariffs match equally specifically: " + tariff_text(*p.tariff) +
                      " and " + tariff_text(*p.other_tariff);
    case HeldReason::missing_item_cost:
      return sv ? "artikel " + std::string(p.held_item) +
                      " debiteras efter kostnad, men raden anger ingen kostnad"
                : "item " + std::string(p.held_item) +
                      " is billed at cost, but its line states no cost";
    case HeldReason::implausible_amount: {
      const Money most = p.agreement->terms.max_contact_amount.value_or(kDefaultMaxContactAmount);
      return sv ? "kontakten skulle faktureras " + kr(p.implausible_gross) + ", över " + kr(most) +
                      " (max_contact_amount i " + id + ")"
                : "the contact would bill " + kr(p.implausible_gross) + ", above " + kr(most) +
                      " (max_contact_amount of " + id + ")";
    }
  }
  return "";
}

}  // namespace

std::string held_message(const PricedRecord& p, const Record& r) {
  return held_text(p, r, false);
}

std::string held_message_sv(const PricedRecord& p, const Record& r) {
  return held_text(p, r, true);
}

std::string care_days_text(int days, bool sv) {
  const std::string n = std::to_string(days);
  if (sv) return n + (days == 1 ? " vårddag" : " vårddagar");
  return n + (days == 1 ? " care day" : " care days");
}

}  // namespace vardavtal
