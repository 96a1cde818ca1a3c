#include "billing/app/pricing_service.h"

#include <boost/json.hpp>
#include <map>
#include <set>
#include <stdexcept>

#include "billing/app/resolve.h"
#include "billing/text/text_table.h"
#include "core/decimal.h"
#include "core/error_text.h"

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
  if (!a)
    throw PersonError("no agreement for " + seller + " in " + std::to_string(year),
                      "inget avtal för " + seller + " " + std::to_string(year));
  if (!a->terms.subscription_share)
    throw PersonError("agreement " + a->terms.id + " has no subscription (fully variable)",
                      "avtal " + a->terms.id + " har inget abonnemang (helt rörligt)");
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
          throw PersonError("agreement " + t.id + ": no " +
                                (t.uplift_index.empty()
                                     ? std::string("[uplift] index")
                                     : t.uplift_index + " rate for " + std::to_string(missing)) +
                                " to restate base year " + std::to_string(b),
                            "avtal " + t.id + ": " +
                                (t.uplift_index.empty() ? std::string("inget [uplift]-index")
                                                        : "ingen " + t.uplift_index + "-sats för " +
                                                              std::to_string(missing)) +
                                " att räkna om basåret " + std::to_string(b) + " med");
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

// The explanation's two languages side by side, so that a sentence changed
// in one is seen to need the other: w("English", "Swedish").
struct Words {
  bool sv = false;
  std::string operator()(const char* en, const char* swedish) const { return sv ? swedish : en; }
};

// §8.1: why a tariff priced the record, and its amount.
std::string explain_tariff(const PricedRecord& p, const Record& r, const Agreement& t, Words w) {
  const TariffRow& x = p.tariff->row;
  const std::string field = r.medical_field.empty() ? w("none", "inget") : r.medical_field;
  std::string o = p.drg_exempt ? w("DRG-exempt in ", "Undantagen från DRG i ") + t.id +
                                     w(" (clinic ", " (klinik ") + r.clinic +
                                     w(", field ", ", verksamhetsområde ") + field +
                                     w("): priced by tariff, no DRG price and no outlier rules\n",
                                       "): prissatt efter taxa, inget DRG-pris och inga "
                                       "ytterfallsregler\n")
                               : w("No DRG and no items: priced by tariff\n",
                                   "Ingen DRG och inga artiklar: prissatt efter taxa\n");
  const std::string year = std::to_string(x.year);
  if (w.sv)
    o += "Taxa \"" + x.name + "\" " + tariff_text_sv(*p.tariff) + " (version " +
         std::to_string(p.tariff->version) +
         (p.other_tariff ? ", lika specifik som en annan av " : ", den mest specifika av ") +
         r.seller + ":s taxor för " + year + ")\n";
  else
    o += "Tariff \"" + x.name + "\" " + std::string(to_string(x.care_type)) + "/" +
         (x.clinic.empty() ? "*" : x.clinic) + "/" +
         (x.medical_field.empty() ? "*" : x.medical_field) + " " + kr(x.price) + " per " +
         std::string(to_string(x.unit)) + " (version " + std::to_string(p.tariff->version) +
         (p.other_tariff ? ", as specific as another of " : ", the most specific of ") + r.seller +
         "'s " + year + " tariffs)\n";
  const bool contact = x.unit == TariffUnit::contact;
  if (p.held == HeldReason::none)
    o += w("  tariff amount = ", "  taxebelopp = ") + std::to_string(p.tariff_units) +
         (contact ? w(" contact", " kontakt") : w(" care days", " vårddygn")) + " x " +
         kr(x.price) + " = " + kr(p.tariff_amount) + "\n";
  return o;
}

// One item line: its price-list price, or its stated cost when billed at cost.
std::string explain_item(const Catalogue& catalogue, const PricedRecord& p, const Record& r,
                         const ItemLine& l, Words w) {
  const PriceEntry* price = catalogue.price(r.seller, p.billing_year, l.item_code);
  std::string o = w("Item ", "Artikel ") + l.item_code + ": " + std::to_string(l.quantity) + " x ";
  if (!price) return o + w("(not in the price list)\n", "(finns inte i prislistan)\n");
  const std::string list = w(" (price list ", " (prislista ") + std::to_string(p.billing_year) +
                           ", version " + std::to_string(price->version) + ")\n";
  if (price->at_cost)
    return o + "\"" + price->name +
           w("\" at cost: stated cost ", "\" efter kostnad: angiven kostnad ") +
           (l.cost ? kr(*l.cost) : w("none", "ingen")) +
           (l.cost_ref.empty() ? "" : " (" + l.cost_ref + ")") + list;
  return o + kr(price->price) + " \"" + price->name + "\" = " + kr(price->price * l.quantity) +
         list;
}

// ÖR27, naming the §8 amounts only when the record has them.
std::string explain_gross(const PricedRecord& p, Words w) {
  std::string o = w("Gross = DRG ", "Brutto = DRG ") + kr(p.drg_amount) +
                  w(" + LOS outlier ", " + vårdtidsytterfall ") + kr(p.los_outlier_amount) +
                  w(" + cost outlier ", " + kostnadsytterfall ") + kr(p.cost_outlier_amount);
  if (p.tariff) o += w(" + tariff ", " + taxa ") + kr(p.tariff_amount);
  o += w(" + items ", " + artiklar ") + kr(p.items_amount);
  if (p.at_cost_sum != Money{} || p.at_cost_amount != Money{})
    o += w(" + at cost ", " + efter kostnad ") + kr(p.at_cost_amount);
  return o + w(" - patient fee ", " - patientavgift ") + kr(p.patient_fee) + " = " + kr(p.gross) +
         "\n";
}

// §4 and §8.3: the variable part under the subscription, or why none applies.
std::string explain_variable(const PricedRecord& p, const Record& r, const Agreement& t, Words w) {
  if (!t.subscription_share)
    return w("No subscription: the variable part is the gross, ",
             "Inget abonnemang: den rörliga delen är bruttot, ") +
           kr(p.variable_amount) + "\n";
  if (!p.in_subscription)
    return w("Clinic ", "Klinik ") + r.clinic +
           w(" is outside the subscription (clinics of ",
             " ligger utanför abonnemanget (klinikerna i ") +
           t.id +
           w("): fully variable, the variable part is the gross, ",
             "): helt rörlig, den rörliga delen är bruttot, ") +
           kr(p.variable_amount) + "\n";
  const int64_t s = *t.subscription_share;
  const bool plain = !p.tariff && p.at_cost_amount == Money{} && !t.subscription_include_items;
  std::string o = w("Subscription share ", "Abonnemangsandel ") + dec(s, 4) +
                  w(": variable part = round(", ": rörlig del = avrunda(") + dec(10000 - s, 4) +
                  " x ";
  if (plain)  // §4's wording, as before the other models
    return o + kr(p.drg_based_value()) + w(") + items ", ") + artiklar ") + kr(p.items_amount) +
           w(" - fee ", " - avgift ") + kr(p.patient_fee) + " = " + kr(p.variable_amount) + "\n";
  o += w("base ", "underlag ") + kr(p.subscription_base()) +
       w(" (activity value", " (verksamhetsvärde") +
       (t.subscription_include_items ? w(" + items", " + artiklar") : "") + "))";
  if (!t.subscription_include_items) o += w(" + items ", " + artiklar ") + kr(p.items_amount);
  if (p.at_cost_amount != Money{})
    o += w(" + at cost ", " + efter kostnad ") + kr(p.at_cost_amount);
  return o + w(" - fee ", " - avgift ") + kr(p.patient_fee) + " = " + kr(p.variable_amount) + "\n";
}

// The record, its billing date and its care days.
std::string explain_contact(const StoredRecord& stored, const PricedRecord& p, Words w) {
  const Record& r = stored.record;
  std::string o = w("Record ", "Vårdkontakt ") + r.seller + " " + r.record_id + ", version " +
                  std::to_string(stored.version) + ": " +
                  std::string(w.sv ? swedish_name(r.care_type) : to_string(r.care_type)) +
                  w(", clinic ", ", klinik ") + r.clinic +
                  w(", buyer (county) ", ", köpare (län) ") + r.county + "\n";
  const bool inpatient = r.care_type == CareType::inpatient && r.discharge_date;
  o += w("Billing date ", "Vårddatum ") + format_iso(billing_date(r)) +
       (inpatient ? w(" (discharge date)", " (utskrivningsdatum)")
                  : w(" (visit date)", " (besöksdatum)")) +
       w(": billing year ", ": faktureringsår ") + std::to_string(p.billing_year) + "\n";
  if (!inpatient) return o + w("Care days: 1 (a visit)\n", "Vårddagar: 1 (ett besök)\n");
  return o + w("Care days: ", "Vårddagar: ") + format_iso(*r.discharge_date) + " - " +
         format_iso(r.admission_date) + " - " + std::to_string(r.leave_days) +
         w(" leave days = ", " permissionsdagar = ") + std::to_string(p.care_days) +
         w(" (at least 1)\n", " (minst 1)\n");
}

// The agreement's outlier method: its code in English; in Swedish kpp (KPP
// is Swedish: kostnad per patient), tillägg or ingen.
std::string outlier_method_text(OutlierMethod m, Words w) {
  switch (m) {
    case OutlierMethod::kpp:
      return "kpp";
    case OutlierMethod::surcharge:
      return w("surcharge", "tillägg");
    case OutlierMethod::none:
      break;
  }
  return w("none", "ingen");
}

// The DRG price and the outlier tests, and what the agreement's method makes
// of an outlier; "" after the tests when the record is held.
std::string explain_drg(const PricedRecord& p, const Record& r, const Agreement& t, Words w) {
  const WeightEntry& x = *p.weight_entry;
  const Money pp = *p.agreement->point_price;
  const std::string none = w("none", "ingen");
  std::string o = "DRG " + x.drg + " \"" + x.name + w("\", weight ", "\", vikt ") +
                  dec(x.weight, 4) + " (version " + std::to_string(x.version) + ")\n";
  o += w("  weight x point price = ", "  vikt x poängpris = ") + dec(x.weight, 4) + " x " + kr(pp) +
       " = " + dec(x.weight * pp.ore(), 6) + " kr -> " + kr(p.drg_value) +
       w(" (rounded to whole öre, half away from zero)\n",
         " (avrundat till hela ören, ett halvt öre bort från noll)\n");
  o += w("  length-of-stay test: ", "  vårdtidsprövning: ") + care_days_text(p.care_days, w.sv) +
       w(" vs limit ", " mot trimpunkt ") + (x.los_limit ? std::to_string(*x.los_limit) : none) +
       " -> " +
       (p.los_outlier ? w("above: LOS outlier", "över: vårdtidsytterfall")
                      : w("not above", "inte över")) +
       "\n";
  o += w("  cost test: KPP cost ", "  kostnadsprövning: KPP-kostnad ") +
       (r.kpp_cost ? kr(*r.kpp_cost) : none) + w(" vs limit ", " mot kostnadsgräns ") +
       (x.cost_limit ? kr(*x.cost_limit) : none) + " -> " +
       (p.cost_outlier ? w("above: cost outlier", "över: kostnadsytterfall")
                       : w("not above", "inte över")) +
       "\n";
  if (p.held != HeldReason::none) return o;
  switch (t.outliers) {
    case OutlierMethod::kpp:
      if (p.outlier != OutlierKind::none)
        o += w("  method kpp: an outlier is billed by its KPP cost instead of the DRG price -> ",
               "  metod kpp: ett ytterfall faktureras efter sin KPP-kostnad i stället för "
               "DRG-priset -> ") +
             (p.outlier == OutlierKind::los ? w("LOS outlier amount ", "vårdtidsytterfall ")
                                            : w("cost outlier amount ", "kostnadsytterfall ")) +
             kr(p.drg_based_value()) + w(", DRG amount 0\n", ", DRG-belopp 0\n");
      break;
    case OutlierMethod::surcharge:
      if (p.los_outlier)
        o += w("  LOS surcharge = (", "  vårdtidstillägg = (") + std::to_string(p.care_days) +
             " - " + std::to_string(*x.los_limit) + w(") x day weight ", ") x dagvikt ") +
             dec(x.day_weight, 4) + " x " + kr(pp) + " -> " + kr(p.los_outlier_amount) + "\n";
      if (p.cost_outlier)
        o += w("  cost surcharge = share ", "  kostnadstillägg = andel ") +
             dec(t.cost_outlier_share, 4) + " x (" + kr(*r.kpp_cost) + " - " + kr(*x.cost_limit) +
             ") -> " + kr(p.cost_outlier_amount) + "\n";
      break;
    case OutlierMethod::none:
      o += w("  method none: no outlier amounts\n",
             "  avtalet har ingen ytterfallsmetod: inga ytterfallsbelopp\n");
      break;
  }
  return o;
}

// Why a record is held, in the explanation's language.
std::string held_line(const PricedRecord& p, const Record& r, Words w) {
  return w.sv ? "SPÄRRAD: " + held_message_sv(p, r) + "\n" : "HELD: " + held_message(p, r) + "\n";
}

// The items, the at-cost part, the gross and the variable part.
std::string explain_amounts(const Catalogue& catalogue, const StoredRecord& stored,
                            const PricedRecord& p, const Agreement& t, Words w) {
  const Record& r = stored.record;
  std::string o;
  for (const ItemLine& l : stored.items) o += explain_item(catalogue, p, r, l, w);
  if (p.held != HeldReason::none) return o + held_line(p, r, w);
  if (!stored.items.empty())
    o += w("Items amount ", "Artikelbelopp ") + kr(p.items_amount) +
         w(" (price list version ", " (prislista version ") + std::to_string(p.price_list_version) +
         w(", item set version ", ", artikeluppsättning version ") +
         std::to_string(stored.items_version) + ")\n";
  if (p.at_cost_sum != Money{} || p.at_cost_amount != Money{})
    o += w("At cost (extra billing): stated cost ",
           "Tilläggsdebitering efter kostnad: angiven kostnad ") +
         kr(p.at_cost_sum) + w(" - threshold ", " - tröskel ") + kr(t.extra_billing_threshold) +
         " = " + kr(p.at_cost_amount) + w(" (never below 0)\n", " (aldrig under 0)\n");
  return o + explain_gross(p, w) + explain_variable(p, r, t, w);
}
}  // namespace

std::string explain_pricing(const Catalogue& catalogue, const StoredRecord& stored,
                            const PricedRecord& p, Language language) {
  const Words w{language == Language::sv};
  const Record& r = stored.record;
  std::string o = explain_contact(stored, p, w);
  if (r.cancelled)
    return o + w("WITHDRAWN: registered in error (cancelled = 1): billing credits what was billed "
                 "on it with reason code 9 and bills nothing more\n",
                 "MAKULERAD: registrerad av misstag (cancelled = 1): faktureringen krediterar det "
                 "som fakturerats på den med orsakskod 9 och fakturerar inget mer\n");
  if (!p.agreement) return o + held_line(p, r, w);
  const Agreement& t = p.agreement->terms;
  o += w("Agreement ", "Avtal ") + t.id + " (version " + std::to_string(p.agreement->version) +
       w("), outlier method ", "), ytterfallsmetod ") + outlier_method_text(t.outliers, w) +
       w(", weight list ", ", viktlista ") + std::to_string(t.weights_year) + "\n";
  if (p.agreement->point_price)
    o += w("Point price ", "Poängpris ") + kr(*p.agreement->point_price) + " (" +
         (w.sv ? p.agreement->point_price_source_sv : p.agreement->point_price_source) + ")\n";
  if (p.held != HeldReason::none && !p.weight_entry && !p.tariff)
    return o +
           (p.drg_exempt || p.held == HeldReason::no_tariff ||
                    p.held == HeldReason::ambiguous_tariff
                ? w("Priced by tariff\n", "Prissatt efter taxa\n")
                : std::string()) +
           held_line(p, r, w);
  if (p.weight_entry) {
    o += explain_drg(p, r, t, w);
    if (p.held != HeldReason::none) return o + held_line(p, r, w);
  } else if (!p.tariff) {
    o += w("No DRG: billed by items only\n", "Ingen DRG: faktureras efter artiklar enbart\n");
  }
  if (p.tariff) o += explain_tariff(p, r, t, w);
  return o + explain_amounts(catalogue, stored, p, t, w);
}

std::optional<Explanation> explain_record(Store& store, const std::string& seller,
                                          const std::string& record) {
  store.require_schema();
  require_seller(store, seller);
  const std::shared_ptr<const Catalogue> catalogue_ptr = current_catalogue(store);
  const Catalogue& catalogue = *catalogue_ptr;
  RecordFilter f;
  f.seller = seller;
  f.record_id = record;
  std::optional<Explanation> text;
  price_stored_records(store, catalogue, f, [&](const StoredRecord& s, const PricedRecord& p) {
    text = Explanation{explain_pricing(catalogue, s, p, Language::en),
                       explain_pricing(catalogue, s, p, Language::sv)};
  });
  return text;
}

std::string explanation_json(const Explanation& e) {
  return boost::json::serialize(boost::json::object{{"text", e.en}, {"text_sv", e.sv}}) + "\n";
}

}  // namespace vardavtal
