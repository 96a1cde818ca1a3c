#include "ledger/posting.h"

#include "core/content_hash.h"
#include "core/decimal.h"

namespace vardavtal {

std::string_view to_string(PostingKind k) {
  switch (k) {
    case PostingKind::care: return "care";
    case PostingKind::reversal: return "reversal";
    case PostingKind::subscription: return "subscription";
    case PostingKind::settlement: return "settlement";
    case PostingKind::commitment: return "commitment";
  }
  return "?";
}

int64_t Posting::content_hash() const {
  ContentHash h;
  char date[10];
  format_iso(billing_date, date);
  h.add(id).add(run_id).add(to_string(kind)).add(seller).add(buyer).add(std::string_view(date, 10));
  h.add(record_id).add(record_version).add(items_version).add(reverses).add(int64_t{reason_code});
  h.add(drg).add(weight).add(int64_t{care_days}).add(outlier);
  for (Money m : {drg_amount, los_outlier_amount, cost_outlier_amount, items_amount, patient_fee,
                  gross, amount})
    h.add(m.ore());
  h.add(agreement_id).add(agreement_version).add(weights_year).add(weight_version);
  h.add(price_list_version);
  if (tariff_amount != Money{} || at_cost_amount != Money{} || tariff_units || tariff_version ||
      items_discounted) {
    h.add(tariff_amount.ore()).add(at_cost_amount.ore()).add(tariff_units).add(tariff_version);
    h.add(int64_t{items_discounted}).add(tariff_unit);
  }
  return h.value();
}

Posting care_posting(const Record& r, int64_t record_version, int64_t items_version,
                     const PricedRecord& p) {
  Posting x;
  x.kind = PostingKind::care;
  x.seller = r.seller;
  x.buyer = r.county;
  x.billing_date = billing_date(r);
  x.record_id = r.record_id;
  x.record_version = record_version;
  x.items_version = items_version;
  x.drg = r.drg;
  x.weight = p.weight;
  x.care_days = p.care_days;
  x.outlier = std::string(to_string(p.outlier));
  x.drg_amount = p.drg_amount;
  x.los_outlier_amount = p.los_outlier_amount;
  x.cost_outlier_amount = p.cost_outlier_amount;
  x.items_amount = p.items_amount;
  x.patient_fee = p.patient_fee;
  x.gross = p.gross;
  x.amount = p.variable_amount;
  x.agreement_id = p.agreement->terms.id;
  x.agreement_version = p.agreement->version;
  x.weights_year = p.agreement->terms.weights_year;
  x.weight_version = p.weight_entry ? p.weight_entry->version : 0;
  x.price_list_version = p.price_list_version;
  x.tariff_amount = p.tariff_amount;
  x.at_cost_amount = p.at_cost_amount;
  x.tariff_units = p.tariff ? p.tariff_units : 0;
  x.tariff_version = p.tariff ? p.tariff->version : 0;
  if (p.tariff) x.tariff_unit = std::string(to_string(p.tariff->row.unit));
  x.items_discounted = p.in_subscription && p.agreement->terms.subscription_include_items &&
                       p.items_amount != Money{};
  if (p.drg_exempt) x.drg.clear();  // priced by tariff: no DRG on the line
  return x;
}

Money Posting::tariff_price() const {
  return tariff_units ? Money::from_ore(tariff_amount.ore() / tariff_units) : Money{};
}

Posting reversal_of(const Posting& o, int reason_code) {
  Posting x = o;
  x.id = 0;
  x.run_id = 0;
  x.kind = PostingKind::reversal;
  x.reverses = o.id;
  x.reason_code = reason_code;
  x.drg_amount = -o.drg_amount;
  x.los_outlier_amount = -o.los_outlier_amount;
  x.cost_outlier_amount = -o.cost_outlier_amount;
  x.items_amount = -o.items_amount;
  x.patient_fee = -o.patient_fee;
  x.gross = -o.gross;
  x.amount = -o.amount;
  x.tariff_amount = -o.tariff_amount;
  x.at_cost_amount = -o.at_cost_amount;
  return x;
}

namespace {
// round(part × invoiced / base), with base's sign taken into the numerator so
// that the denominator is positive (a reversal's base is negative).
Money share_of(Money part, Money invoiced, Money base) {
  if (base == Money{}) return Money{};
  const __int128 b = base.ore();
  const __int128 num = static_cast<__int128>(invoiced.ore()) * part.ore() * (b < 0 ? -1 : 1);
  return Money::from_ore(round_half_away(num, b < 0 ? -b : b));
}
}  // namespace

CareSplit split_care_amount(const Posting& p) {
  const Money items_whole = p.items_discounted ? Money{} : p.items_amount;
  const Money items_in_base = p.items_discounted ? p.items_amount : Money{};
  const Money base = p.activity_value() + items_in_base;
  const Money invoiced = p.amount - items_whole - p.at_cost_amount + p.patient_fee;
  const Money outliers = share_of(p.los_outlier_amount + p.cost_outlier_amount, invoiced, base);
  const Money tariffs = share_of(p.tariff_amount, invoiced, base);
  const Money items = share_of(items_in_base, invoiced, base);
  return {invoiced - outliers - tariffs - items - p.patient_fee, outliers, items_whole + items,
          tariffs, p.at_cost_amount};
}

int correction_reason(const Posting& old, const Posting& next) {
  if (old.buyer != next.buyer) return 1;
  if (old.drg != next.drg) return 3;
  if (old.amount != next.amount || old.gross != next.gross ||
      old.drg_amount != next.drg_amount || old.los_outlier_amount != next.los_outlier_amount ||
      old.cost_outlier_amount != next.cost_outlier_amount ||
      old.items_amount != next.items_amount || old.patient_fee != next.patient_fee ||
      old.tariff_amount != next.tariff_amount || old.at_cost_amount != next.at_cost_amount)
    return 2;
  return 0;
}

}  // namespace vardavtal
