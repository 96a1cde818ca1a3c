#include "billing/app/document_builder.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "billing/documents/rivta_codes.h"
#include "billing/app/settlement_text.h"
#include "store/ledger_store.h"
#include "store/settlement_reads.h"

namespace vardavtal {

namespace {
DocumentParty party(const PartyRow& p) {
  return DocumentParty{p.code, p.name, p.org_number, p.county, p.hsa_id};
}

// The tariff a posting billed (§8.1): its unit, units and amount from the
// posting, its name from the catalogue's matching tariff of that unit (a
// generic name when the tariffs changed since). `sign` makes a reversal's
// amounts positive.
std::optional<DocumentTariff> tariff_of(const Posting& p, const Record& r, const Catalogue& c,
                                        int sign) {
  if (p.tariff_amount == Money{} && p.tariff_units == 0) return std::nullopt;
  DocumentTariff t;
  const TariffMatch m =
      c.tariff(r.seller, year_of(p.billing_date), r.care_type, r.clinic, r.medical_field);
  if (auto unit = parse_tariff_unit(p.tariff_unit)) t.unit = *unit;
  else if (m.entry) t.unit = m.entry->row.unit;  // a posting that did not keep its unit
  else t.unit = p.tariff_units > 1 ? TariffUnit::care_day : TariffUnit::contact;
  if (m.entry && m.entry->row.unit == t.unit) t.name = m.entry->row.name;
  if (t.name.empty())
    t.name = t.unit == TariffUnit::care_day ? "Vårddygnspris" : "Åtgärdsersättning";
  t.code = rivta::kTariffCodePrefix + std::string(to_string(t.unit));
  t.units = p.tariff_units;
  t.price = p.tariff_price() * sign;
  t.amount = p.tariff_amount * sign;
  return t;
}

// The record's item lines: price-list items as patient-specific items, at-cost
// items (§8.2) as the evidence of the at-cost amount.
void add_item_lines(DocumentLine& x, const std::vector<ItemLine>& lines, const Catalogue& c,
                    const std::string& seller, int year) {
  for (const ItemLine& item : lines) {
    const PriceEntry* price = c.price(seller, year, item.item_code);
    if (price && price->at_cost) {
      x.costs.push_back(
          {item.item_code, item.quantity, item.cost.value_or(Money{}), item.cost_ref});
      continue;
    }
    DocumentItem di;
    di.item_code = item.item_code;
    di.name = price ? price->name : item.item_code;
    di.quantity = item.quantity;
    di.unit_price = price ? price->price : Money{};
    di.amount = di.unit_price * item.quantity;
    x.items.push_back(std::move(di));
  }
}

InvoiceKind document_kind(BillingKind k) {
  switch (k) {
    case BillingKind::care: return InvoiceKind::care;
    case BillingKind::subscription: return InvoiceKind::subscription;
    case BillingKind::settlement: return InvoiceKind::settlement;
    case BillingKind::commitment: return InvoiceKind::commitment;
  }
  throw std::logic_error("unknown billing kind");
}

// The national classification (§8.6): the record's, the agreement type
// defaulting to the agreement's own.
void classify(DocumentLine& x, const Record& r, const PricingAgreement* a) {
  x.agreement_type = r.agreement_type ? r.agreement_type : (a ? a->terms.agreement_type : 0);
  x.riksavtal_chapter = r.riksavtal_chapter;
  x.care_level = r.care_level;
  x.referral_reason = r.referral_reason;
}
}  // namespace

InvoiceDocument build_document(Store& store, const Catalogue& catalogue, const Invoice& inv) {
  LedgerStore ledger(store);
  InvoiceDocument d;
  d.number = inv.number;
  d.type = inv.type == InvoiceType::credit ? DocumentType::credit : DocumentType::invoice;
  d.kind = document_kind(inv.kind);
  auto seller = ledger.seller_party(inv.seller);
  auto buyer = ledger.buyer_party(inv.buyer);
  if (!seller || !buyer) throw std::runtime_error("invoice " + inv.number + ": unknown party");
  d.seller = party(*seller);
  d.buyer = party(*buyer);
  d.bankgiro = seller->bankgiro;
  d.period = inv.period;
  d.issue_date = inv.issue_date;
  d.due_date = inv.due_date;
  d.spec_id = inv.spec_id;
  d.total = inv.total;
  if (!inv.reference_number.empty()) {
    auto original = ledger.invoice(inv.reference_number, inv.seller);
    if (!original) throw std::runtime_error("credit note " + inv.number + ": no original invoice");
    d.reference_invoice = original->number;
    d.reference_spec_id = original->spec_id;
    d.reference_issue_date = original->issue_date;
  }
  const std::vector<InvoiceLine> lines = ledger.lines(inv);
  const std::vector<Posting> postings = ledger.postings_of(inv);
  const int sign = inv.type == InvoiceType::credit ? -1 : 1;
  auto pos = [&](Money m) { return m * sign; };
  for (size_t i = 0; i < lines.size(); ++i) {
    const InvoiceLine& l = lines[i];
    const Posting& p = postings[i];
    DocumentLine x;
    x.line_no = static_cast<int>(l.line_no);
    x.billing_date = p.billing_date;
    x.late = l.late;
    x.net = l.amount;
    if (!p.agreement_id.empty()) d.agreement_id = p.agreement_id;
    if (p.kind == PostingKind::subscription) {
      x.description = "Abonnemang " + period_of(p.billing_date).str();
      x.gross = l.amount;
      d.lines.push_back(std::move(x));
      continue;
    }
    if (!p.has_record()) {  // a year-end true-up
      const std::optional<SettlementBasis> basis = settlement_basis_of(store, p.id);
      if (!basis) throw std::runtime_error("invoice " + inv.number + ": posting " +
                                           std::to_string(p.id) + " has no settlement basis");
      x.description = describe(*basis);
      x.gross = l.amount;
      x.reference_invoice = l.reference_number;  // a credit: the kind's last invoice
      d.period.reset();
      d.year = basis->year;
      d.buyer_reference = (p.kind == PostingKind::settlement ? "Efterreglering " : "Volymåtagande ") +
                          std::to_string(basis->year);
      d.lines.push_back(std::move(x));
      continue;
    }
    auto record = ledger.record_version(inv.seller, p.record_id, p.record_version);
    if (!record)
      throw std::runtime_error("invoice " + inv.number + ": record " + p.record_id + " version " +
                               std::to_string(p.record_version) + " is missing");
    const Record& r = *record;
    x.record_id = r.record_id;
    x.record_version = p.record_version;
    x.patient_id = r.patient_id;
    x.municipality = r.municipality;
    x.care_type = r.care_type;
    x.clinic = r.clinic;
    x.admission_date = r.admission_date;
    x.discharge_date = r.discharge_date;
    x.care_days = p.care_days;
    x.leave_days = r.leave_days;
    x.drg = p.drg;
    x.drg_weight = p.weight;
    if (const WeightEntry* w = catalogue.weight(static_cast<int>(p.weights_year), drg_key(p.drg)))
      x.drg_name = w->name;
    x.referral_id = r.referral_id;
    x.medical_field_code = r.medical_field;
    x.main_diagnosis = r.diagnosis;
    x.emergency = r.emergency;
    x.drg_amount = pos(p.drg_amount);
    x.los_outlier_amount = pos(p.los_outlier_amount);
    x.cost_outlier_amount = pos(p.cost_outlier_amount);
    x.items_amount = pos(p.items_amount);
    x.patient_fee = pos(p.patient_fee);
    x.gross = pos(p.gross);
    x.subscription_share = x.gross - x.net;  // patientCareDiscount (ÖR28)
    const int year = year_of(p.billing_date);
    add_item_lines(x, ledger.item_set(inv.seller, p.record_id, p.items_version), catalogue,
                   inv.seller, year);
    x.tariff = tariff_of(p, r, catalogue, sign);
    x.tariff_amount = pos(p.tariff_amount);
    x.at_cost_amount = pos(p.at_cost_amount);
    x.reference_invoice = l.reference_number;
    x.reference_spec_id = d.reference_spec_id;
    x.reference_line = static_cast<int>(l.reference_line);
    x.reason_code = l.reason_code;
    const PricingAgreement* a = catalogue.agreement(inv.seller, year);
    if (a) d.price_list = a->terms.price_list;
    classify(x, r, a);
    d.lines.push_back(std::move(x));
  }
  if (d.price_list == 0)
    if (const PricingAgreement* a = catalogue.agreement(inv.seller, inv.period.year()))
      d.price_list = a->terms.price_list;
  if (d.buyer_reference.empty())  // a true-up's names its year
    d.buyer_reference = d.spec_id.empty() ? inv.period.str() : d.spec_id;
  return d;
}

}  // namespace vardavtal
