#include "billing/app/pricing_service.h"

#include <map>
#include <set>
#include <stdexcept>

#include "billing/app/resolve.h"
#include "billing/text/text_table.h"
#include "core/decimal.h"

namespace vardavtal {

void price_stored_records(
    Store& store, const Catalogue& catalogue, const RecordFilter& filter,
    const std::function<void(const StoredRecord&, const PricedRecord&)>& each) {
  for_each_latest_record(store, filter, [&](std::span<const StoredRecord> batch) {
    for (const StoredRecord& s : batch) each(s, price_record(s.record, s.items, catalogue));
  });
}

void BaseYearValues::add(const Agreement& terms, int b, const StoredRecord& s,
                         const PricedRecord& p) {
  if (s.record.cancelled) return;  // withdrawn (§2): no care, no base value
  if (p.held != HeldReason::none)
    ++held[s.record.county][b];
  else
    values[s.record.county][b] += base_value_under(terms, s.record, p);
}

void BaseYearValues::merge(const BaseYearValues& other) {
  for (const auto& [county, by_year] : other.values)
    for (const auto& [b, v] : by_year) values[county][b] += v;
  for (const auto& [county, by_year] : other.held)
    for (const auto& [b, n] : by_year) held[county][b] += n;
}

namespace {

// The agreement of `seller` for `year` with its subscription; throws
// std::runtime_error when there is none.
const PricingAgreement& subscribing_agreement(const Catalogue& catalogue, const std::string& seller,
                                              int year) {
  const PricingAgreement* a = catalogue.agreement(seller, year);
  if (!a) throw std::runtime_error("no agreement for " + seller + " in " + std::to_string(year));
  if (!a->terms.subscription_share)
    throw std::runtime_error("agreement " + a->terms.id + " has no subscription (fully variable)");
  return *a;
}

}  // namespace

SellerSubscriptions subscriptions_from(const Catalogue& catalogue, const std::string& seller,
                                       int year, const BaseYearValues& base) {
  const PricingAgreement* a = &subscribing_agreement(catalogue, seller, year);
  const Agreement& t = a->terms;
  SellerSubscriptions out;
  out.agreement = a;
  std::set<std::string> buyers(t.buyers.begin(), t.buyers.end());
  if (buyers.empty()) {
    for (const auto& [buyer, v] : t.base_values)
      if (!buyer.empty()) buyers.insert(buyer);
    for (const auto& [buyer, v] : base.values) buyers.insert(buyer);
  }
  const IndexSeries* series = catalogue.series(t.uplift_index);
  for (const std::string& buyer : buyers) {
    if (buyer == a->seller_region) continue;
    BuyerSubscription s;
    s.buyer = buyer;
    auto given = t.base_values.find(buyer);
    if (given == t.base_values.end()) given = t.base_values.find("");
    if (given != t.base_values.end()) {
      s.base_value = given->second;
      s.amount = subscription_from_base_value(*t.subscription_share, given->second);
    } else {
      const auto values = base.values.find(buyer);
      const auto held = base.held.find(buyer);
      for (int b : t.base_years) {
        int missing = 0;
        std::optional<UpliftFactor> u =
            b == year ? UpliftFactor{}
                      : (series ? uplift_factor(*series, b, year, &missing) : std::nullopt);
        if (!u)
          throw std::runtime_error("agreement " + t.id + ": no " +
                                   (t.uplift_index.empty()
                                        ? std::string("[uplift] index")
                                        : t.uplift_index + " rate for " + std::to_string(missing)) +
                                   " to restate base year " + std::to_string(b));
        Money v;
        if (values != base.values.end())
          if (auto it = values->second.find(b); it != values->second.end()) v = it->second;
        s.base.push_back({b, v, *u});
        if (held != base.held.end())
          if (auto it = held->second.find(b); it != held->second.end())
            s.held_in_base += it->second;
      }
      s.amount = subscription_from_base_years(*t.subscription_share, s.base);
    }
    s.installments = installments(s.amount);
    out.buyers.push_back(std::move(s));
  }
  return out;
}

SellerSubscriptions compute_subscriptions(Store& store, const Catalogue& catalogue,
                                          const std::string& seller, int year,
                                          int64_t rows_per_read) {
  const Agreement& t = subscribing_agreement(catalogue, seller, year).terms;
  // V_b per buyer: the subscription base (activity value, within the scope
  // of §8.3) of year b's records priced under year b's agreement
  // (price_record picks the agreement of the billing year).
  BaseYearValues base;
  for (int b : t.base_years) {
    const Date jan1 = date::year{b} / 1 / 1, dec31 = date::year{b} / 12 / 31;
    for (const BuyerRange& range :
         buyer_ranges(record_rows_by_county(store, seller, jan1, dec31), rows_per_read)) {
      RecordFilter f;
      f.seller = seller;
      f.year = b;
      f.county_from = range.from;
      f.county_before = range.before;
      f.order = RecordFilter::Order::any;  // sums: a year sorted would be held in memory
      price_stored_records(store, catalogue, f, [&](const StoredRecord& s, const PricedRecord& p) {
        base.add(t, b, s, p);
      });
    }
  }
  return subscriptions_from(catalogue, seller, year, base);
}

namespace {
std::string kr(Money m) {
  return m.to_swedish() + " kr";
}
std::string dec(int64_t units, int places) {
  return swedish_decimal(units, places);
}

// §8.1: why a tariff priced the record, and its amount.
std::string explain_tariff(const PricedRecord& p, const Record& r, const Agreement& t) {
  const TariffRow& x = p.tariff->row;
  std::string o = p.drg_exempt ? "DRG-exempt in " + t.id + " (clinic " + r.clinic + ", field " +
                                     (r.medical_field.empty() ? "none" : r.medical_field) +
                                     "): priced by tariff, no DRG price and no outlier rules\n"
                               : std::string("No DRG and no items: priced by tariff\n");
  o += "Tariff \"" + x.name + "\" " + std::string(to_string(x.care_type)) + "/" +
       (x.clinic.empty() ? "*" : x.clinic) + "/" + (x.medical_field.empty() ? "*" : x.medical_field) +
       " " + kr(x.price) + " per " + std::string(to_string(x.unit)) + " (version " +
       std::to_string(p.tariff->version) +
       (p.other_tariff ? ", as specific as another of " : ", the most specific of ") + r.seller +
       "'s " + std::to_string(x.year) + " tariffs)\n";
  if (p.held == HeldReason::none)
    o += "  tariff amount = " + std::to_string(p.tariff_units) +
         (x.unit == TariffUnit::contact ? " contact" : " care days") + " x " + kr(x.price) +
         " = " + kr(p.tariff_amount) + "\n";
  return o;
}

// One item line: its price-list price, or its stated cost when billed at cost.
std::string explain_item(const Catalogue& catalogue, const PricedRecord& p, const Record& r,
                         const ItemLine& l) {
  const PriceEntry* price = catalogue.price(r.seller, p.billing_year, l.item_code);
  std::string o = "Item " + l.item_code + ": " + std::to_string(l.quantity) + " x ";
  if (!price) return o + "(not in the price list)\n";
  if (price->at_cost)
    return o + "\"" + price->name + "\" at cost: stated cost " +
           (l.cost ? kr(*l.cost) : std::string("none")) +
           (l.cost_ref.empty() ? "" : " (" + l.cost_ref + ")") + " (price list " +
           std::to_string(p.billing_year) + ", version " + std::to_string(price->version) + ")\n";
  return o + kr(price->price) + " \"" + price->name + "\" = " + kr(price->price * l.quantity) +
         " (price list " + std::to_string(p.billing_year) + ", version " +
         std::to_string(price->version) + ")\n";
}

// ÖR27, naming the §8 amounts only when the record has them.
std::string explain_gross(const PricedRecord& p) {
  std::string o = "Gross = DRG " + kr(p.drg_amount) + " + LOS outlier " +
                  kr(p.los_outlier_amount) + " + cost outlier " + kr(p.cost_outlier_amount);
  if (p.tariff) o += " + tariff " + kr(p.tariff_amount);
  o += " + items " + kr(p.items_amount);
  if (p.at_cost_sum != Money{} || p.at_cost_amount != Money{}) o += " + at cost " + kr(p.at_cost_amount);
  return o + " - patient fee " + kr(p.patient_fee) + " = " + kr(p.gross) + "\n";
}

// §4 and §8.3: the variable part under the subscription, or why none applies.
std::string explain_variable(const PricedRecord& p, const Record& r, const Agreement& t) {
  if (!t.subscription_share)
    return "No subscription: the variable part is the gross, " + kr(p.variable_amount) + "\n";
  if (!p.in_subscription)
    return "Clinic " + r.clinic + " is outside the subscription (clinics of " + t.id +
           "): fully variable, the variable part is the gross, " + kr(p.variable_amount) + "\n";
  const int64_t s = *t.subscription_share;
  const bool plain = !p.tariff && p.at_cost_amount == Money{} && !t.subscription_include_items;
  if (plain)  // §4's wording, as before the other models
    return "Subscription share " + dec(s, 4) + ": variable part = round(" + dec(10000 - s, 4) +
           " x " + kr(p.drg_based_value()) + ") + items " + kr(p.items_amount) + " - fee " +
           kr(p.patient_fee) + " = " + kr(p.variable_amount) + "\n";
  std::string o = "Subscription share " + dec(s, 4) + ": variable part = round(" +
                  dec(10000 - s, 4) + " x base " + kr(p.subscription_base()) + " (activity value" +
                  (t.subscription_include_items ? " + items" : "") + "))";
  if (!t.subscription_include_items) o += " + items " + kr(p.items_amount);
  if (p.at_cost_amount != Money{}) o += " + at cost " + kr(p.at_cost_amount);
  return o + " - fee " + kr(p.patient_fee) + " = " + kr(p.variable_amount) + "\n";
}
}  // namespace

std::string explain_pricing(const Catalogue& catalogue, const StoredRecord& stored,
                            const PricedRecord& p) {
  const Record& r = stored.record;
  std::string o;
  o += "Record " + r.seller + " " + r.record_id + ", version " + std::to_string(stored.version) +
       ": " + std::string(to_string(r.care_type)) + ", clinic " + r.clinic + ", buyer (county) " +
       r.county + "\n";
  const bool inpatient = r.care_type == CareType::inpatient && r.discharge_date;
  o += "Billing date " + format_iso(billing_date(r)) +
       (inpatient ? " (discharge date)" : " (visit date)") + ": billing year " +
       std::to_string(p.billing_year) + "\n";
  if (inpatient)
    o += "Care days: " + format_iso(*r.discharge_date) + " - " + format_iso(r.admission_date) +
         " - " + std::to_string(r.leave_days) + " leave days = " + std::to_string(p.care_days) +
         " (at least 1)\n";
  else
    o += "Care days: 1 (a visit)\n";
  if (r.cancelled)
    return o +
           "WITHDRAWN: registered in error (cancelled = 1): billing credits what was billed "
           "on it with reason code 9 and bills nothing more\n";
  if (!p.agreement) return o + "HELD: " + held_message(p, r) + "\n";
  const Agreement& t = p.agreement->terms;
  o += "Agreement " + t.id + " (version " + std::to_string(p.agreement->version) +
       "), outlier method " + std::string(to_string(t.outliers)) + ", weight list " +
       std::to_string(t.weights_year) + "\n";
  if (p.agreement->point_price)
    o += "Point price " + kr(*p.agreement->point_price) + " (" + p.agreement->point_price_source +
         ")\n";
  if (p.held != HeldReason::none && !p.weight_entry && !p.tariff)
    return o + (p.drg_exempt || p.held == HeldReason::no_tariff ||
                        p.held == HeldReason::ambiguous_tariff
                    ? std::string("Priced by tariff\n")
                    : std::string()) +
           "HELD: " + held_message(p, r) + "\n";
  if (p.weight_entry) {
    const WeightEntry& w = *p.weight_entry;
    const Money pp = *p.agreement->point_price;
    o += "DRG " + w.drg + " \"" + w.name + "\", weight " + dec(w.weight, 4) + " (version " +
         std::to_string(w.version) + ")\n";
    o += "  weight x point price = " + dec(w.weight, 4) + " x " + kr(pp) + " = " +
         dec(w.weight * pp.ore(), 6) + " kr -> " + kr(p.drg_value) +
         " (rounded to whole öre, half away from zero)\n";
    o += "  length-of-stay test: " + std::to_string(p.care_days) + " care days vs limit " +
         (w.los_limit ? std::to_string(*w.los_limit) : std::string("none")) + " -> " +
         (p.los_outlier ? "above: LOS outlier" : "not above") + "\n";
    o += "  cost test: KPP cost " + (r.kpp_cost ? kr(*r.kpp_cost) : std::string("none")) +
         " vs limit " + (w.cost_limit ? kr(*w.cost_limit) : std::string("none")) + " -> " +
         (p.cost_outlier ? "above: cost outlier" : "not above") + "\n";
    if (p.held != HeldReason::none) return o + "HELD: " + held_message(p, r) + "\n";
    switch (t.outliers) {
      case OutlierMethod::kpp:
        if (p.outlier != OutlierKind::none)
          o += "  method kpp: an outlier is billed by its KPP cost instead of the DRG price -> " +
               std::string(p.outlier == OutlierKind::los ? "LOS" : "cost") + " outlier amount " +
               kr(p.drg_based_value()) + ", DRG amount 0\n";
        break;
      case OutlierMethod::surcharge:
        if (p.los_outlier)
          o += "  LOS surcharge = (" + std::to_string(p.care_days) + " - " +
               std::to_string(*w.los_limit) + ") x day weight " + dec(w.day_weight, 4) + " x " +
               kr(pp) + " -> " + kr(p.los_outlier_amount) + "\n";
        if (p.cost_outlier)
          o += "  cost surcharge = share " + dec(t.cost_outlier_share, 4) + " x (" +
               kr(*r.kpp_cost) + " - " + kr(*w.cost_limit) + ") -> " + kr(p.cost_outlier_amount) +
               "\n";
        break;
      case OutlierMethod::none:
        o += "  method none: no outlier amounts\n";
        break;
    }
  } else if (!p.tariff) {
    o += "No DRG: billed by items only\n";
  }
  if (p.tariff) o += explain_tariff(p, r, t);
  for (const ItemLine& l : stored.items) o += explain_item(catalogue, p, r, l);
  if (p.held != HeldReason::none) return o + "HELD: " + held_message(p, r) + "\n";
  if (!stored.items.empty())
    o += "Items amount " + kr(p.items_amount) + " (price list version " +
         std::to_string(p.price_list_version) + ", item set version " +
         std::to_string(stored.items_version) + ")\n";
  if (p.at_cost_sum != Money{} || p.at_cost_amount != Money{})
    o += "At cost (extra billing): stated cost " + kr(p.at_cost_sum) + " - threshold " +
         kr(t.extra_billing_threshold) + " = " + kr(p.at_cost_amount) + " (never below 0)\n";
  return o + explain_gross(p) + explain_variable(p, r, t);
}

std::optional<std::string> explain_record(Store& store, const std::string& seller,
                                          const std::string& record) {
  store.require_schema();
  require_seller(store, seller);
  const std::shared_ptr<const Catalogue> catalogue_ptr = current_catalogue(store);
  const Catalogue& catalogue = *catalogue_ptr;
  RecordFilter f;
  f.seller = seller;
  f.record_id = record;
  std::optional<std::string> text;
  price_stored_records(store, catalogue, f, [&](const StoredRecord& s, const PricedRecord& p) {
    text = explain_pricing(catalogue, s, p);
  });
  return text;
}

}  // namespace vardavtal
