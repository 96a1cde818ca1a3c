#include "pricing/price.h"

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
  p.price_list_version = 0;
  return p;
}
}  // namespace

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
  const Money point_price = *a->point_price;

  if (!r.drg.empty()) {
    const WeightEntry* w = c.weight(a->terms.weights_year, drg_key(r.drg));
    p.weight_entry = w;
    if (!w) return hold(p, HeldReason::drg_not_in_weight_list);
    p.weight = w->weight;
    p.drg_value = scaled(w->weight, point_price, kWeightScale);
    p.los_outlier = w->los_limit && p.care_days > *w->los_limit;
    p.cost_outlier = w->cost_limit && r.kpp_cost && *r.kpp_cost > *w->cost_limit;
    switch (a->terms.outliers) {
      case OutlierMethod::kpp:
        if (p.los_outlier || p.cost_outlier) {
          if (!r.kpp_cost) return hold(p, HeldReason::outlier_without_kpp_cost);
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
              scaled(a->terms.cost_outlier_share, *r.kpp_cost - *w->cost_limit, kShareScale);
        break;
      case OutlierMethod::none:
        p.drg_amount = p.drg_value;
        p.los_outlier = p.cost_outlier = false;
        break;
    }
    p.outlier = p.los_outlier ? OutlierKind::los
                : p.cost_outlier ? OutlierKind::cost
                                 : OutlierKind::none;
  } else if (items.empty()) {
    return hold(p, HeldReason::nothing_to_bill);
  }

  for (const ItemLine& line : items) {
    const PriceEntry* price = c.price(r.seller, p.billing_year, line.item_code);
    if (!price) {
      p.held_item = line.item_code;
      return hold(p, HeldReason::unknown_item);
    }
    p.items_amount += price->price * line.quantity;
    if (price->version > p.price_list_version) p.price_list_version = price->version;
  }

  // ÖR27: gross = DRG + outliers + items − patient fee.
  p.gross = p.drg_based_value() + p.items_amount - p.patient_fee;
  const int64_t s = a->terms.subscription_share.value_or(0);
  p.variable_amount = variable_share(p.drg_based_value(), s) + p.items_amount - p.patient_fee;
  return p;
}

std::string held_message(const PricedRecord& p, const Record& r) {
  const std::string year = std::to_string(p.billing_year);
  switch (p.held) {
    case HeldReason::none: return "";
    case HeldReason::no_agreement:
      return "no agreement for " + r.seller + " in " + year;
    case HeldReason::no_point_price:
      return "agreement " + p.agreement->terms.id + " has no point price: " +
             p.agreement->point_price_error;
    case HeldReason::own_region_buyer:
      return "buyer " + r.county + " is the seller's own region";
    case HeldReason::buyer_not_in_agreement:
      return "buyer " + r.county + " is not among the buyers of " + p.agreement->terms.id;
    case HeldReason::drg_not_in_weight_list:
      return "DRG " + r.drg + " is not in the " + std::to_string(p.agreement->terms.weights_year) +
             " weight list";
    case HeldReason::outlier_without_kpp_cost: {
      // Only a LOS outlier can lack a cost (a cost outlier needs kpp_cost).
      std::string why = "DRG " + r.drg + ": " + std::to_string(p.care_days) + " care days";
      if (p.weight_entry && p.weight_entry->los_limit)
        why += " > los_limit " + std::to_string(*p.weight_entry->los_limit);
      return why + ", a " + (p.los_outlier ? "length-of-stay" : "cost") +
             " outlier without a KPP cost (method kpp bills outliers by their KPP cost)";
    }
    case HeldReason::unknown_item:
      return "item " + std::string(p.held_item) + " is not in " + r.seller + "'s " + year +
             " price list";
    case HeldReason::nothing_to_bill:
      return "no DRG and no items";
  }
  return "";
}

}  // namespace vardavtal
