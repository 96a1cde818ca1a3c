// Pricing one record version under the agreement of its billing year
// (docs/pricing.md#pricing-a-record): DRG amount, outliers (kpp / surcharge / none), items,
// patient fee, gross and the variable part under a subscription. A record
// that cannot be priced exactly is held with a reason, never priced at a
// guess. Pure: no I/O, no allocation; any thread (the Catalogue is read-only).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/record.h"
#include "pricing/catalogue.h"

namespace vardavtal {

enum class OutlierKind { none, los, cost };
std::string_view to_string(OutlierKind k);

enum class HeldReason {
  none,
  no_agreement,              // no agreement for the seller and billing year
  no_point_price,            // the agreement's point price cannot be resolved
  own_region_buyer,          // the buyer is the seller's own region
  buyer_not_in_agreement,    // the buyer is outside the agreement's buyers
  drg_not_in_weight_list,    // the DRG is missing from the agreement's weight list
  outlier_without_kpp_cost,  // an outlier under "kpp" with no KPP cost
  unknown_item,              // an item code missing from the seller's price list
  nothing_to_bill,           // no DRG, no items and no tariff (the seller has none that year)
  no_tariff,                 // priced by tariff (DRG-exempt, or no DRG and no items): none matches
  ambiguous_tariff,          // two tariffs match equally specifically
  missing_item_cost,         // an at-cost item line without its stated cost
  implausible_amount,        // the contact bills more than the agreement's max_contact_amount
};
std::string_view to_string(HeldReason r);

struct PricedRecord {
  HeldReason held = HeldReason::none;
  OutlierKind outlier = OutlierKind::none;
  bool los_outlier = false;   // care days > los_limit
  bool cost_outlier = false;  // kpp_cost > cost_limit
  int billing_year = 0;
  int care_days = 1;
  int64_t weight = 0;  // DRG weight, 10^-4 points; 0 without DRG
  Money drg_value;     // round(weight × point price), before the outlier rule
  Money drg_amount, los_outlier_amount, cost_outlier_amount, items_amount, patient_fee, gross;
  // §8.1: a tariff-priced record's price × units (units: 1 per contact, or
  // the care days); §8.2: the at-cost items' Σ cost less the threshold.
  Money tariff_amount, at_cost_amount;
  Money at_cost_sum;      // Σ stated cost of the at-cost item lines
  Money variable_amount;  // invoiced under a subscription (= gross without one)
  bool drg_exempt = false;       // of a DRG-exempt clinic or field: priced by tariff
  bool in_subscription = false;  // under a subscription that covers this record
  // What priced it, for explaining the line later.
  const PricingAgreement* agreement = nullptr;
  const WeightEntry* weight_entry = nullptr;
  int64_t price_list_version = 0;  // highest version among the item prices used
  std::string_view held_item;      // the item code, for unknown_item and missing_item_cost
  Money implausible_gross;         // implausible_amount: what the contact would bill
  const TariffEntry* tariff = nullptr;        // the tariff that priced it (or the first of two)
  const TariffEntry* other_tariff = nullptr;  // ambiguous_tariff: the second
  int64_t tariff_units = 0;                   // contacts (1) or care days

  // The DRG-based value: DRG plus outliers.
  Money drg_based_value() const { return drg_amount + los_outlier_amount + cost_outlier_amount; }
  // The activity value (§8.1): the DRG-based value plus tariff amounts.
  Money activity_value() const { return drg_based_value() + tariff_amount; }
  // What a subscription covers of this record (§4, §8.3): the activity value,
  // plus the price-list items when the subscription includes them; zero
  // outside the subscription's scope. At-cost items never count.
  Money subscription_base() const;
};

PricedRecord price_record(const Record& r, std::span<const ItemLine> items, const Catalogue& c);

// §8.2: what is billed of a contact's stated at-cost items: max(0, Σ cost −
// threshold).
Money at_cost_above(Money stated_cost, Money threshold);

// What the subscribing agreement `terms` counts of a priced record in its
// base value V_b (§4, §8.3): the activity value of a record in its clinics
// (all, when it lists none), plus the price-list items when it includes
// them. Base-year records are priced under their own year's agreement, but
// counted by the scope of the year that subscribes.
Money base_value_under(const Agreement& terms, const Record& r, const PricedRecord& p);

// A tariff in words: "inpatient/Psykiatri/* 7412.50 kr per care_day".
std::string tariff_text(const TariffEntry& t);
// The same in Swedish, for people: "Slutenvård/Psykiatri/* 7 412,50 kr per vårddygn".
std::string tariff_text_sv(const TariffEntry& t);

// The held reason in words, naming the record's values.
std::string held_message(const PricedRecord& p, const Record& r);
// The same in Swedish with Swedish numbers (reconciliation, lists for people).
std::string held_message_sv(const PricedRecord& p, const Record& r);

// "1 care day", "3 care days"; in Swedish "1 vårddag", "3 vårddagar".
std::string care_days_text(int days, bool sv);

// round((1 − s) × value), s in 10^-4: the variable share of an activity value.
Money variable_share(Money drg_based_value, int64_t subscription_share);

}  // namespace vardavtal
