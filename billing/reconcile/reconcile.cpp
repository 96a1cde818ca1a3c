#include "billing/reconcile/reconcile.h"

#include <algorithm>
#include <set>

#include "ledger/invoice.h"
#include "pricing/price.h"

namespace vardavtal {

namespace {

Date care_date(const ReceivedLine& l) {
  return l.discharge_date ? *l.discharge_date : l.admission_date;
}

bool covers(Date from, const std::optional<Date>& to, Date d) {
  const auto x = date::sys_days{d};
  return date::sys_days{from} <= x && (!to || x <= date::sys_days{*to});
}

// A message in both languages: Swedish for people, English for the API's
// message_en. Built side by side so that neither is forgotten.
using Said = Message;  // reconcile.h

Said operator+(Said a, const Said& b) {
  return {a.sv + b.sv, a.en + b.en};
}
Said operator+(Said a, const std::string& b) {
  return {a.sv + b, a.en + b};
}
Said operator+(const std::string& a, Said b) {
  return {a + b.sv, a + b.en};
}

// An amount: "202 788,30 kr" in Swedish, "202788.30 kr" in English.
Said kr(Money m) {
  return {m.to_swedish() + " kr", m.to_string() + " kr"};
}

// What a finding on the whole line claims: its net, never a negative amount.
Money claim(const ReceivedLine& l) {
  return l.net > Money{} ? l.net : Money{};
}

// A line without patient data: a subscription installment (this product's CSV).
bool installment(const ReceivedLine& l) {
  return l.patient_id.empty() && l.care_contact_id.empty() && l.drg.empty() && l.items.empty();
}

std::string org_number_of(const ReconcileInput& in, const Hospital& h) {
  for (const Region& r : in.regions)
    if (r.code == h.region) return r.org_number;
  return "";
}

// The one hospital of `among` that `same` picks; nullptr for none or several.
template <class Same>
const Hospital* only(const std::vector<const Hospital*>& among, Same same) {
  const Hospital* found = nullptr;
  for (const Hospital* h : among) {
    if (!same(*h)) continue;
    if (found) return nullptr;
    found = h;
  }
  return found;
}

Said care_unit_text(const ReceivedLine& l) {
  if (l.care_unit_id.empty() && l.care_unit_name.empty())
    return {"ingen vårdenhet", "no care unit"};
  Said s{"vårdenheten", "care unit"};
  if (!l.care_unit_name.empty()) s = s + (" '" + l.care_unit_name + "'");
  if (!l.care_unit_id.empty())
    s = s + Said{" (HSA-id " + l.care_unit_id + ")", " (HSA id " + l.care_unit_id + ")"};
  return s;
}

}  // namespace

SellerMatch identify_seller(const ReconcileInput& in, const ReceivedSpec& s,
                            const ReceivedLine& l) {
  if (!s.seller.empty())
    for (const Hospital& h : in.hospitals)
      if (h.code == s.seller) return {h.code, "", ""};
  std::vector<const Hospital*> supplier;
  for (const Hospital& h : in.hospitals)
    if (s.seller_org.empty() || org_number_of(in, h) == s.seller_org) supplier.push_back(&h);
  const Hospital* h = nullptr;
  if (!l.care_unit_id.empty())
    h = only(supplier, [&](const Hospital& x) { return x.hsa_id == l.care_unit_id; });
  if (!h && !l.care_unit_name.empty())
    h = only(supplier, [&](const Hospital& x) { return x.name == l.care_unit_name; });
  if (!h && supplier.size() == 1 && !s.seller_org.empty()) h = supplier.front();
  if (h) return {h->code, "", ""};
  if (supplier.empty() || s.seller_org.empty())
    return {"", "ingen säljare känd med organisationsnummer " + s.seller_org,
            "no seller known with organisation number " + s.seller_org};
  std::string codes;
  for (const Hospital* x : supplier) codes += (codes.empty() ? "" : ", ") + x->code;
  const Said why = Said{"raden anger ", "the line names "} + care_unit_text(l) +
                   Said{", inget av sjukhusen med organisationsnummer ",
                        ", none of the hospitals of organisation number "} +
                   (s.seller_org + " (" + codes + ")");
  return {"", why.sv, why.en};
}

namespace {

class Checker {
 public:
  Checker(const ReconcileInput& in, ReconcileReport& out) : in_(in), out_(out) {}

  void run() {
    out_.buyer = in_.buyer;
    if (!in_.have_residents)
      note({"inga folkbokföringar kända: folkbokföringen (kod 1) kontrolleras inte",
            "no residents known: registration (code 1) not checked"});
    if (!in_.have_referrals)
      note({"inga remisser kända: remisserna (kod 5) kontrolleras inte",
            "no referrals known: referrals (code 5) not checked"});
    count_credits();
    // Invoices in issue-date order for the duplicate check; the report keeps input order.
    std::vector<size_t> order(in_.specs.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return date::sys_days{in_.specs[a].issue_date} < date::sys_days{in_.specs[b].issue_date};
    });
    std::vector<std::vector<Finding>> per_spec(in_.specs.size());
    for (const ReceivedSpec& s : in_.specs) spec_label_[&s] = spec_label(s);
    for (size_t i : order) per_spec[i] = check_spec(in_.specs[i]);
    for (size_t i = 0; i < in_.specs.size(); ++i) {
      const ReceivedSpec& s = in_.specs[i];
      InvoiceTotal t;
      t.seller = spec_label_.at(&s);
      t.invoice = s.invoice_number;
      t.spec_id = s.spec_id;
      t.lines = static_cast<int>(s.lines.size());
      for (const ReceivedLine& l : s.lines) t.billed += l.net;
      std::vector<Finding>& found = per_spec[i];
      std::sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.line_id, a.reason_code) < std::tie(b.line_id, b.reason_code);
      });
      // Claims on one line overlap: the first of its largest findings carries
      // the line's claim, at most its net; a credit note is never disputed.
      std::map<int, size_t> carrier;
      for (size_t k = 0; k < found.size(); ++k) {
        if (found[k].reason_code != 0) ++t.findings;
        auto [it, fresh] = carrier.emplace(found[k].line_id, k);
        if (!fresh && found[k].disputed > found[it->second].disputed) it->second = k;
      }
      for (const auto& [line_id, k] : carrier) {
        Money cap = found[k].disputed;
        for (const ReceivedLine& l : s.lines)
          if (l.line_id == line_id && cap > claim(l)) cap = claim(l);
        if (cap <= Money{} || s.credit) continue;
        found[k].counted = cap;
        t.disputed += cap;
      }
      for (Finding& f : found) out_.findings.push_back(std::move(f));
      out_.disputed_by_seller[t.seller] += t.disputed;
      out_.invoices.push_back(std::move(t));
    }
  }

 private:
  void note(const Said& n) {
    out_.notes.push_back(n.sv);
    out_.notes_en.push_back(n.en);
  }
  // What the report calls the seller: the hospital, else what the file names.
  static std::string unknown_label(const ReceivedSpec& s) {
    return s.seller.empty() ? s.seller_org : s.seller;
  }
  std::string seller_label(const ReceivedSpec& s, const ReceivedLine& l) const {
    std::string code = identify_seller(in_, s, l).code;
    return code.empty() ? unknown_label(s) : code;
  }
  // The hospitals of the specification's lines ("AS+ENK" when several).
  std::string spec_label(const ReceivedSpec& s) const {
    std::set<std::string> codes;
    for (const ReceivedLine& l : s.lines) {
      std::string code = identify_seller(in_, s, l).code;
      if (!code.empty()) codes.insert(code);
    }
    std::string label;
    for (const std::string& c : codes) label += (label.empty() ? "" : "+") + c;
    return label.empty() ? unknown_label(s) : label;
  }
  std::string contact_key(const ReceivedSpec& s, const ReceivedLine& l) const {
    std::string key = seller_label(s, l) + "|";
    if (!l.care_contact_id.empty()) return key + l.care_contact_id;
    return key + l.patient_id + "|" + format_iso(l.admission_date) + "|" +
           (l.discharge_date ? format_iso(*l.discharge_date) : "") + "|" + l.drg + "|" +
           l.net.to_string();
  }
  void count_credits() {
    for (const ReceivedSpec& s : in_.specs)
      if (s.credit)
        for (const ReceivedLine& l : s.lines)
          if (!installment(l)) ++credited_[contact_key(s, l)];
  }

  Finding finding(const ReceivedSpec& s, const ReceivedLine& l, int code, Money disputed,
                  Said message) const {
    Finding f;
    f.file = s.file;
    f.seller = seller_label(s, l);
    f.invoice = s.invoice_number;
    f.spec_id = s.spec_id;
    f.line_id = l.line_id;
    f.patient_id = l.patient_id;
    f.care_contact_id = l.care_contact_id;
    f.reason_code = code;
    f.billed = l.net;
    f.disputed = disputed;
    f.message = std::move(message.sv);
    f.message_en = std::move(message.en);
    return f;
  }

  std::vector<Finding> check_spec(const ReceivedSpec& s) {
    std::vector<Finding> out;
    Money nets;
    for (const ReceivedLine& l : s.lines) nets += l.net;
    if (s.credit) {
      return out;  // credit notes only count for double billing (code 7)
    }
    // ÖR5: the payable amount is the sum of the nets (at most one krona apart).
    const Money gap = s.payable - nets;
    if (gap > Money::from_ore(100) || gap < Money::from_ore(-100)) {
      Finding f;
      f.file = s.file;
      f.seller = spec_label_.at(&s);
      f.invoice = s.invoice_number;
      f.spec_id = s.spec_id;
      f.reason_code = 2;
      f.billed = s.payable;
      f.expected = nets;
      f.disputed = gap > Money{} ? gap : Money{};
      const Said m =
          Said{"ÖR5: att betala ", "ÖR5: payable amount "} + kr(s.payable) +
          Said{" är inte summan av radernas netto ", " is not the sum of the lines' nets "} +
          kr(nets);
      f.message = m.sv;
      f.message_en = m.en;
      out.push_back(std::move(f));
    }
    for (const ReceivedLine& l : s.lines)
      if (!installment(l)) check_line(s, l, out);
    return out;
  }

  void check_line(const ReceivedSpec& s, const ReceivedLine& l, std::vector<Finding>& out) {
    const Date when = care_date(l);
    // 7: the same care contact billed more often than credited back.
    const std::string key = contact_key(s, l);
    if (++billed_[key] > 1 + credited_[key]) {
      const std::string contact = l.care_contact_id.empty() ? key : l.care_contact_id;
      const std::string billed = std::to_string(billed_[key]);
      const std::string credited = std::to_string(credited_[key]);
      out.push_back(finding(
          s, l, 7, claim(l),
          {"vårdkontakt " + contact + " fakturerad " + billed + " gånger, krediterad " + credited +
               " gånger",
           "care contact " + contact + " billed " + billed + " times, credited " + credited}));
    }
    // 8: care dated after the specification's issue date.
    if (date::sys_days{l.admission_date} > date::sys_days{s.issue_date} ||
        date::sys_days{when} > date::sys_days{s.issue_date})
      out.push_back(finding(
          s, l, 8, claim(l),
          {"vård daterad " + format_iso(when) + ", efter fakturadatum " + format_iso(s.issue_date),
           "care dated " + format_iso(when) + ", after the issue date " +
               format_iso(s.issue_date)}));
    // 6: billed more than six months after the care.
    if (is_late(when, s.issue_date))
      out.push_back(finding(s, l, 6, claim(l),
                            {"vård " + format_iso(when) + " fakturerad " +
                                 format_iso(s.issue_date) + ", mer än sex månader senare",
                             "care on " + format_iso(when) + " billed on " +
                                 format_iso(s.issue_date) + ", more than six months later"}));
    // 1: registered in the buyer region on the care date.
    if (in_.have_residents) check_residence(s, l, out);
    // 5: planned care needs the buyer's referral, unless the line states the Riksavtal
    // chapter it was given under without one (ÖR50: 3.1, 3.2, 4.1, 4.3, 4.4).
    if (in_.have_referrals && l.planned && l.riksavtalet_chapter.empty())
      check_referral(s, l, out);
    // 2: amount rules, then re-pricing.
    check_amounts(s, l, out);
    reprice(s, l, out);
  }

  void check_residence(const ReceivedSpec& s, const ReceivedLine& l, std::vector<Finding>& out) {
    auto it = in_.residences.find(l.patient_id);
    std::string where;
    if (it != in_.residences.end()) {
      for (const Residence& r : it->second) {
        if (!covers(r.valid_from, r.valid_to, l.admission_date)) continue;
        if (r.county == in_.buyer) return;
        where = r.county;
      }
    }
    const std::string on = format_iso(l.admission_date);
    out.push_back(finding(
        s, l, 1, claim(l),
        {"patienten var inte folkbokförd i region " + in_.buyer + " den " + on +
             (where.empty() ? " (ingen folkbokföring känd)" : " (folkbokförd i " + where + ")"),
         "patient not registered in region " + in_.buyer + " on " + on +
             (where.empty() ? " (no registration known)" : " (registered in " + where + ")")}));
  }

  void check_referral(const ReceivedSpec& s, const ReceivedLine& l, std::vector<Finding>& out) {
    const std::string seller = identify_seller(in_, s, l).code;
    auto it = in_.referrals.find(l.patient_id);
    Said why = l.referral_id.empty() ? Said{"ingen remiss på raden eller för patienten",
                                            "no referral on the line or for the patient"}
                                     : unknown_referral(l);
    if (it != in_.referrals.end()) {
      for (const Referral& r : it->second) {
        if (!l.referral_id.empty() && r.referral_id != l.referral_id) continue;
        const std::string id = r.referral_id;
        if (r.county != in_.buyer) {
          why = {"remiss " + id + " är utfärdad av region " + r.county,
                 "referral " + id + " issued by region " + r.county};
          continue;
        }
        if (!seller.empty() && r.seller != seller) {
          why = {"remiss " + id + " gäller " + r.seller, "referral " + id + " is to " + r.seller};
          continue;
        }
        if (!covers(r.valid_from, r.valid_to, l.admission_date)) {
          const std::string from = format_iso(r.valid_from);
          const std::string on = format_iso(l.admission_date);
          if (r.valid_to) {
            const std::string to = format_iso(*r.valid_to);
            why = {"remiss " + id + " giltig " + from + " till " + to + ", vård " + on,
                   "referral " + id + " valid " + from + " to " + to + ", care on " + on};
          } else {
            why = {"remiss " + id + " giltig från " + from + ", vård " + on,
                   "referral " + id + " valid from " + from + ", care on " + on};
          }
          continue;
        }
        return;
      }
    }
    out.push_back(finding(
        s, l, 5, claim(l),
        Said{"planerad vård utan giltig remiss: ", "planned care without a valid referral: "} +
            why));
  }

  // A referral id the patient has none of: unknown, or another patient's.
  Said unknown_referral(const ReceivedLine& l) const {
    const std::string& id = l.referral_id;
    for (const auto& [patient, referrals] : in_.referrals)
      for (const Referral& r : referrals)
        if (r.referral_id == id && patient != l.patient_id)
          return {"remiss " + id + " finns, men för en annan patient",
                  "referral " + id + " exists, but for another patient"};
    return {"remiss " + id + " okänd", "referral " + id + " unknown"};
  }

  void check_amounts(const ReceivedSpec& s, const ReceivedLine& l, std::vector<Finding>& out) {
    std::vector<ReceivedItem> priced = l.items;
    if (l.tariff) priced.push_back(*l.tariff);
    for (const ReceivedItem& i : priced) {
      const __int128 want = static_cast<__int128>(i.unit_price.ore()) * i.quantity;
      if (want != i.amount.ore()) {
        const __int128 excess = static_cast<__int128>(i.amount.ore()) - want;
        const Money disputed = excess > 0 && excess <= claim(l).ore()
                                   ? Money::from_ore(static_cast<int64_t>(excess))
                               : excess > 0 ? claim(l)
                                            : Money{};
        out.push_back(finding(s, l, 2, disputed,
                              Said{"ÖR26: artikel ", "ÖR26: item "} + i.item_code +
                                  Said{" summa ", " total "} + kr(i.amount) +
                                  Said{" är inte ", " is not "} + std::to_string(i.quantity) +
                                  " × " + kr(i.unit_price)));
      }
    }
    const Money gross = l.drg_amount + l.los_outlier_amount + l.cost_outlier_amount +
                        l.items_amount + l.tariff_amount + l.at_cost_amount - l.patient_fee;
    if (gross != l.gross) {
      Finding f =
          finding(s, l, 2, l.gross > gross ? l.gross - gross : Money{},
                  Said{"ÖR27: brutto ", "ÖR27: gross "} + kr(l.gross) +
                      Said{" är inte DRG + ytterfall + artiklar + taxa + efter kostnad − avgift = ",
                           " is not DRG + outliers + items + tariff + at cost − fee = "} +
                      kr(gross));
      f.expected = gross - l.discount;
      out.push_back(std::move(f));
    }
    const Money net = l.gross + l.charge - l.allowance - l.discount;
    if (net != l.net) {
      Finding f = finding(s, l, 2, l.net > net ? l.net - net : Money{},
                          Said{"ÖR28: netto ", "ÖR28: net "} + kr(l.net) +
                              Said{" är inte brutto + tillägg − avdrag − rabatt = ",
                                   " is not gross + charge − allowance − discount = "} +
                              kr(net));
      f.expected = net;
      out.push_back(std::move(f));
    }
  }

  void reprice(const ReceivedSpec& s, const ReceivedLine& l, std::vector<Finding>& out) {
    const SellerMatch match = identify_seller(in_, s, l);
    const std::string& seller = match.code;
    if (seller.empty()) {
      out.push_back(
          finding(s, l, 0, Money{},
                  {"kan inte prissättas om: " + match.why, "cannot re-price: " + match.why_en}));
      return;
    }
    const Record r = record_of(l, seller);
    // §8.2: the at-cost amount is checked against its stated costs; §8.1: a
    // tariff line is checked by its tariff amount only.
    if (l.at_cost_amount != Money{}) check_at_cost(s, l, r, out);
    if (tariff_line(l)) {
      reprice_tariff(s, l, r, out);
      return;
    }
    reprice_drg(s, l, r, out);
  }

  // The record the line stands for, as the buyer can rebuild it. The clinic
  // is not on a received line: it stays empty (docs/reconcile.md#tariffs-and-at-cost-amounts).
  Record record_of(const ReceivedLine& l, const std::string& seller) const {
    Record r;
    r.record_id = l.care_contact_id;
    r.seller = seller;
    r.patient_id = l.patient_id;
    r.county = in_.buyer;
    r.care_type =
        l.care_type.value_or(l.discharge_date ? CareType::inpatient : CareType::other_visit);
    r.admission_date = l.admission_date;
    r.discharge_date = l.discharge_date;
    r.leave_days = l.leave_days;
    r.drg = l.drg;
    r.referral_id = l.referral_id;
    r.emergency = !l.planned;
    r.patient_fee = l.patient_fee;
    r.medical_field = l.medical_field;
    return r;
  }

  static bool tariff_line(const ReceivedLine& l) {
    return l.tariff.has_value() || l.tariff_amount != Money{};
  }

  // §8.1: the tariff as the agreement prices the record (no DRG, no items:
  // priced by the most specific matching tariff); the billed tariff amount
  // above it is disputed. Price-list items on the line are taken as billed.
  void reprice_tariff(const ReceivedSpec& s, const ReceivedLine& l, Record r,
                      std::vector<Finding>& out) {
    r.drg.clear();
    const PricedRecord p = price_record(r, {}, *in_.catalogue);
    if (p.held != HeldReason::none) {
      out.push_back(finding(s, l, 0, Money{}, cannot_reprice(p, r)));
      return;
    }
    if (p.tariff_amount == l.tariff_amount) return;
    const Money over = l.tariff_amount - p.tariff_amount;
    const std::string units = std::to_string(p.tariff_units);
    Finding f =
        finding(s, l, 2, over > Money{} ? over : Money{},
                Said{"omräknat enligt " + p.agreement->terms.id + ": taxa " +
                         tariff_text_sv(*p.tariff) + " × " + units + " = ",
                     "re-priced under " + p.agreement->terms.id + ": tariff " +
                         tariff_text(*p.tariff) + " × " + units + " = "} +
                    kr(p.tariff_amount) + Said{", fakturerat ", ", billed "} + billed_tariff(l));
    f.expected = l.net - over;
    out.push_back(std::move(f));
  }

  static Said cannot_reprice(const PricedRecord& p, const Record& r) {
    const std::string code(to_string(p.held));
    return {"kan inte prissättas om: " + held_message_sv(p, r),
            "cannot re-price: " + code + ": " + held_message(p, r)};
  }

  static Said billed_tariff(const ReceivedLine& l) {
    if (!l.tariff) return kr(l.tariff_amount);
    return std::to_string(l.tariff->quantity) + " × " + kr(l.tariff->unit_price) + " = " +
           kr(l.tariff_amount);
  }

  // §8.2: the at-cost amount at most max(0, Σ stated cost − threshold).
  void check_at_cost(const ReceivedSpec& s, const ReceivedLine& l, const Record& r,
                     std::vector<Finding>& out) {
    const PricingAgreement* a =
        in_.catalogue->agreement(r.seller, static_cast<int>(care_date(l).year()));
    if (l.costs.empty() || !a) {
      out.push_back(
          finding(s, l, 0, Money{},
                  Said{"kan inte kontrollera beloppet efter kostnad ",
                       "cannot verify the at-cost amount "} +
                      kr(l.at_cost_amount) + ": " +
                      (a ? Said{"inga kostnader angivna", "no costs stated"}
                         : Said{"inget avtal för säljaren", "no agreement for the seller"})));
      return;
    }
    Money costs;
    for (const ReceivedCost& c : l.costs) costs += c.cost;
    const Money threshold = a->terms.extra_billing_threshold;
    const Money most = at_cost_above(costs, threshold);
    if (l.at_cost_amount <= most) return;
    Finding f = finding(
        s, l, 2, l.at_cost_amount - most,
        Said{"beloppet efter kostnad ", "at-cost amount "} + kr(l.at_cost_amount) +
            Said{" är mer än angivna kostnader ", " is more than the stated costs "} + kr(costs) +
            Said{" − tröskel ", " − threshold "} + kr(threshold) + " = " + kr(most));
    f.expected = l.net - (l.at_cost_amount - most);
    out.push_back(std::move(f));
  }

  // §4: DRG, outliers and items under the agreement; the at-cost amount is
  // taken as billed here (check_at_cost judges it).
  void reprice_drg(const ReceivedSpec& s, const ReceivedLine& l, Record r,
                   std::vector<Finding>& out) {
    // Under the KPP method an outlier is billed by its whole KPP cost: the
    // billed outlier amount is that cost. Otherwise the cost is not on the line.
    const Date when = care_date(l);
    const PricingAgreement* a = in_.catalogue->agreement(r.seller, static_cast<int>(when.year()));
    const Money outlier = l.los_outlier_amount + l.cost_outlier_amount;
    if (a && a->terms.outliers == OutlierMethod::kpp && outlier > Money{}) r.kpp_cost = outlier;
    // Items only, given as a total (this product's CSV), or an at-cost amount
    // only: nothing to re-price but the patient fee; the items are taken as billed.
    if (l.drg.empty() && l.items.empty() &&
        (l.items_amount != Money{} || l.at_cost_amount != Money{})) {
      const Money expected =
          l.items_amount + l.at_cost_amount - l.patient_fee + l.charge - l.allowance;
      if (expected == l.net) return;
      Finding f = finding(s, l, 2, l.net > expected ? l.net - expected : Money{},
                          Said{"artiklar ", "items "} + kr(l.items_amount) +
                              Said{" (som fakturerat) − avgift ", " (as billed) − fee "} +
                              kr(l.patient_fee) + Said{": netto ", ": net "} + kr(expected) +
                              Said{", fakturerat ", ", billed "} + kr(l.net));
      f.expected = expected;
      out.push_back(std::move(f));
      return;
    }
    std::vector<ItemLine> items;
    for (const ReceivedItem& i : l.items) items.push_back({i.item_code, i.quantity});
    std::sort(items.begin(), items.end());
    const PricedRecord p = price_record(r, items, *in_.catalogue);
    if (p.held != HeldReason::none) {
      out.push_back(finding(s, l, 0, Money{}, cannot_reprice(p, r)));
      return;
    }
    // A specification without item lines (this product's CSV) gives only the
    // items' total: it is taken as billed.
    const bool items_as_billed = l.items.empty() && l.items_amount != Money{};
    const Money expected = p.variable_amount + (items_as_billed ? l.items_amount : Money{}) +
                           l.at_cost_amount + l.charge - l.allowance;
    if (expected == l.net) return;
    Finding f = finding(
        s, l, 2, l.net > expected ? l.net - expected : Money{},
        Said{"omräknat enligt ", "re-priced under "} + p.agreement->terms.id + ": DRG " +
            kr(p.drg_amount) + Said{", ytterfall ", ", outliers "} +
            kr(p.los_outlier_amount + p.cost_outlier_amount) + Said{", artiklar ", ", items "} +
            (items_as_billed ? kr(l.items_amount) + Said{" (som fakturerat)", " (as billed)"}
                             : kr(p.items_amount)) +
            Said{", avgift ", ", fee "} + kr(p.patient_fee) + Said{": netto ", ": net "} +
            kr(expected) + Said{", fakturerat ", ", billed "} + kr(l.net));
    f.expected = expected;
    out.push_back(std::move(f));
  }

  const ReconcileInput& in_;
  ReconcileReport& out_;
  std::map<std::string, int> credited_, billed_;
  std::map<const ReceivedSpec*, std::string> spec_label_;
};

}  // namespace

std::vector<Message> addressed_elsewhere(const ReconcileInput& in) {
  const Region* buyer = nullptr;
  for (const Region& r : in.regions)
    if (r.code == in.buyer) buyer = &r;
  auto named = [](const Region& r) { return "region " + r.code + " " + r.name; };
  const std::string us = buyer ? named(*buyer) : "region " + in.buyer;
  std::vector<Message> out;
  for (const ReceivedSpec& s : in.specs) {
    if (s.buyer_org.empty() && s.buyer.empty()) continue;
    const bool ours = s.buyer_org.empty() ? s.buyer == in.buyer
                                          : buyer && s.buyer_org == buyer->org_number;
    if (ours) continue;
    Said to = s.buyer_org.empty()
                  ? Said{"region " + s.buyer, "region " + s.buyer}
                  : Said{"organisationsnummer " + s.buyer_org + ", ingen känd region",
                         "organisation number " + s.buyer_org + ", no known region"};
    for (const Region& r : in.regions)
      if (s.buyer_org.empty() ? r.code == s.buyer : r.org_number == s.buyer_org)
        to = Said{"", ""} + (named(r) + " (" + r.org_number + ")");
    const Said m = Said{": fakturaunderlag ", ": specification "} + s.spec_id +
                   Said{" till faktura ", " of invoice "} + s.invoice_number +
                   Said{" är ställt till ", " is addressed to "} + to +
                   Said{", inte till ", ", not to "} + us;
    out.push_back({s.file + m.sv, s.file + m.en});
  }
  return out;
}

ReconcileReport reconcile(const ReconcileInput& in) {
  if (!in.catalogue) throw std::logic_error("reconcile: no catalogue");
  ReconcileReport report;
  Checker(in, report).run();
  return report;
}

}  // namespace vardavtal
