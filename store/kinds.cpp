#include "store/kinds.h"

#include <map>
#include <string>

#include "store/columns.h"

namespace vardavtal {

namespace {
constexpr ColType T = ColType::text;
constexpr ColType I = ColType::integer;

// Writes a date column; dates are ISO text.
void put_date(RowValues& v, size_t col, const std::optional<Date>& d) {
  if (d) {
    char buf[10];
    format_iso(*d, buf);
    v.text(col, std::string_view(buf, 10));
  } else {
    v.null(col);
  }
}
void put_optional_text(RowValues& v, size_t col, const std::string& s) {
  if (s.empty()) v.null(col); else v.text(col, s);
}
void put_nonzero(RowValues& v, size_t col, int64_t x) {
  if (x == 0) v.null(col); else v.integer(col, x);
}
template <class T, class F>
std::string join(const std::vector<T>& xs, F f, char sep = ',') {
  std::string out;
  for (const auto& x : xs) {
    if (!out.empty()) out += sep;
    out += f(x);
  }
  return out;
}
// "county=units,..." (a map of county to a number), "" when empty.
std::string county_units(const std::map<std::string, int64_t>& m) {
  std::string out;
  for (const auto& [county, units] : m) {
    if (!out.empty()) out += ',';
    out += county + "=" + std::to_string(units);
  }
  return out;
}

// The §8 terms (agreement columns 14..): NULL where the agreement does not
// use one, so that an agreement without them keeps its content hash.
void put_model_terms(const Agreement& a, RowValues& v) {
  auto same = [](const std::string& s) { return s; };
  put_nonzero(v, 14, a.agreement_type == 2 ? 0 : a.agreement_type);
  put_optional_text(v, 15, join(a.drg_exempt_clinics, same, '\n'));
  put_optional_text(v, 16, join(a.drg_exempt_fields, same));
  put_nonzero(v, 17, a.extra_billing_threshold.ore());
  put_optional_text(v, 18, join(a.subscription_clinics, same, '\n'));
  put_nonzero(v, 19, a.subscription_include_items ? 1 : 0);
  put_optional_text(v, 20, a.settlement_share ? a.settlement_share->text() : "");
  put_optional_text(v, 21, a.settlement_basis);
  put_optional_text(v, 22, county_units(a.commitment_points));
  put_nonzero(v, 23, a.commitment_shortfall_share);
  put_optional_text(v, 24, county_units(a.commitment_cap_points));
  put_nonzero(v, 25, a.commitment_above_cap_share);
  put_nonzero(v, 26, a.max_contact_amount ? a.max_contact_amount->ore() : 0);
}
}  // namespace

const TableSpec& region_table() {
  static const TableSpec s{"regions", {{"code", T}},
                           {{"name", T}, {"org_number", T}, {"healthcare_region", T}}};
  return s;
}
void put_row(const Region& r, RowValues& v) {
  v.text(0, r.code);
  v.text(1, r.name);
  v.text(2, r.org_number);
  v.text(3, r.healthcare_region);
}

const TableSpec& hospital_table() {
  static const TableSpec s{"hospitals", {{"code", T}},
                           {{"name", T}, {"region", T}, {"kind", T}, {"hsa_id", T},
                            {"bankgiro", T}}};
  return s;
}
void put_row(const Hospital& h, RowValues& v) {
  v.text(0, h.code);
  v.text(1, h.name);
  v.text(2, h.region);
  v.text(3, to_string(h.kind));
  put_optional_text(v, 4, h.hsa_id);
  put_optional_text(v, 5, h.bankgiro);
}

const TableSpec& record_table() { return record_columns().spec(); }
void put_row(const Record& r, RowValues& v) { record_columns().put(r, v); }

const TableSpec& record_items_table() {
  static const TableSpec s{"record_items",
                           {{"seller", T}, {"record_id", T}},
                           {{"line_no", I}, {"item_code", T}, {"quantity", I},
                            {"cost", I, false}, {"cost_ref", T, false}}};
  return s;
}

const TableSpec& weight_table() {
  static const TableSpec s{"weights",
                           {{"year", I}, {"drg", T}},
                           {{"name", T}, {"weight", I}, {"los_limit", I}, {"cost_limit", I},
                            {"day_weight", I}}};
  return s;
}
void put_row(const WeightRow& w, RowValues& v) {
  v.integer(0, w.year);
  v.text(1, w.drg);
  v.text(2, w.name);
  v.integer(3, w.weight);
  v.optional_integer(4, w.los_limit);
  if (w.cost_limit) v.integer(5, w.cost_limit->ore()); else v.null(5);
  v.integer(6, w.day_weight);
}

const TableSpec& price_table() {
  static const TableSpec s{"prices",
                           {{"seller", T}, {"year", I}, {"item_code", T}},
                           {{"name", T}, {"price", I}, {"at_cost", I, false}}};
  return s;
}
void put_row(const PriceRow& p, RowValues& v) {
  v.text(0, p.seller);
  v.integer(1, p.year);
  v.text(2, p.item_code);
  v.text(3, p.name);
  v.integer(4, p.price.ore());
  if (p.at_cost) v.integer(5, 1); else v.null(5);
}

const TableSpec& tariff_table() {
  static const TableSpec s{"tariffs",
                           {{"seller", T}, {"year", I}, {"care_type", T}, {"clinic", T},
                            {"medical_field", T}, {"unit", T}},
                           {{"name", T}, {"price", I}}};
  return s;
}
void put_row(const TariffRow& t, RowValues& v) {
  v.text(0, t.seller);
  v.integer(1, t.year);
  v.text(2, to_string(t.care_type));
  v.text(3, t.clinic);
  v.text(4, t.medical_field);
  v.text(5, to_string(t.unit));
  v.text(6, t.name);
  v.integer(7, t.price.ore());
}

const TableSpec& index_table() {
  static const TableSpec s{"price_index", {{"series", T}, {"year", I}}, {{"rate", I}}};
  return s;
}
void put_row(const IndexRow& i, RowValues& v) {
  v.text(0, i.index);
  v.integer(1, i.year);
  v.integer(2, i.rate);
}

const TableSpec& plan_table() {
  static const TableSpec s{"plans",
                           {{"seller", T}, {"buyer", T}, {"year", I}, {"clinic", T}},
                           {{"planned_contacts", I}, {"planned_points", I}}};
  return s;
}
void put_row(const PlanRow& p, RowValues& v) {
  v.text(0, p.seller);
  v.text(1, p.buyer);
  v.integer(2, p.year);
  v.text(3, p.clinic);
  v.integer(4, p.planned_contacts);
  v.integer(5, p.planned_points);
}

const TableSpec& agreement_table() {
  static const TableSpec s{
      "agreements",
      {{"id", T}},
      {{"name", T}, {"seller", T}, {"year", I}, {"buyers", T}, {"price_list", I},
       {"point_price", I}, {"weights_year", I}, {"outliers", T}, {"cost_outlier_share", I},
       {"subscription_share", I}, {"base_years", T}, {"base_values", T}, {"uplift_index", T},
       {"agreement_type", I, false}, {"drg_exempt_clinics", T, false},
       {"drg_exempt_fields", T, false}, {"extra_billing_threshold", I, false},
       {"subscription_clinics", T, false}, {"subscription_include_items", I, false},
       {"settlement_share", T, false}, {"settlement_basis", T, false},
       {"commitment_points", T, false}, {"commitment_shortfall_share", I, false},
       {"commitment_cap_points", T, false}, {"commitment_above_cap_share", I, false},
       {"max_contact_amount", I, false}}};
  return s;
}
void put_row(const Agreement& a, RowValues& v) {
  v.text(0, a.id);
  v.text(1, a.name);
  v.text(2, a.seller);
  v.integer(3, a.year);
  v.text(4, join(a.buyers, [](const std::string& b) { return b; }));
  v.integer(5, a.price_list);
  if (a.point_price) v.integer(6, a.point_price->ore()); else v.null(6);
  v.integer(7, a.weights_year);
  v.text(8, to_string(a.outliers));
  v.integer(9, a.cost_outlier_share);
  v.optional_integer(10, a.subscription_share);
  v.text(11, join(a.base_years, [](int y) { return std::to_string(y); }));
  std::string base;
  for (const auto& [buyer, value] : a.base_values) {
    if (!base.empty()) base += ',';
    base += buyer + "=" + std::to_string(value.ore());
  }
  v.text(12, base);
  v.text(13, a.uplift_index);
  put_model_terms(a, v);
}

const TableSpec& referral_table() {
  static const TableSpec s{"referrals",
                           {{"county", T}, {"referral_id", T}},
                           {{"patient_id", T}, {"seller", T}, {"valid_from", T}, {"valid_to", T}}};
  return s;
}
void put_row(const Referral& r, RowValues& v) {
  v.text(0, r.county);
  v.text(1, r.referral_id);
  v.text(2, r.patient_id);
  v.text(3, r.seller);
  put_date(v, 4, r.valid_from);
  put_date(v, 5, r.valid_to);
}

const TableSpec& resident_table() {
  static const TableSpec s{"residents",
                           {{"patient_id", T}, {"valid_from", T}},
                           {{"county", T}, {"valid_to", T}}};
  return s;
}
void put_row(const Residence& r, RowValues& v) {
  v.text(0, r.patient_id);
  put_date(v, 1, r.valid_from);
  v.text(2, r.county);
  put_date(v, 3, r.valid_to);
}

int64_t item_set_hash(const std::vector<ItemLine>& lines) {
  ContentHash h;
  for (const ItemLine& l : lines) {
    h.add(l.item_code).add(l.quantity);
    // Tagged: no item code holds \x01 (a control character).
    if (l.cost) h.add(std::string_view("\x01" "cost")).add(l.cost->ore());
    if (!l.cost_ref.empty()) h.add(std::string_view("\x01" "cost_ref")).add(l.cost_ref);
  }
  return h.value();
}

}  // namespace vardavtal
