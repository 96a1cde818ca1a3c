#include "store/line_reads.h"

namespace vardavtal {

namespace {
// The lines of care invoices of `type` (any when empty; late ones only when
// `late_only`), of patient `patient` or record `record` when not empty.
std::vector<LineListing> lines_where(Store& store, const LineFilter& f, const std::string& type,
                                     bool late_only, const std::string& patient = "",
                                     const std::string& record = "") {
  std::vector<LineListing> out;
  LineListing x;
  std::string s = f.seller.value_or(""), b = f.buyer.value_or(""), p = f.period.value_or(""),
              t = type;
  // The key's condition alone, so that the others need no index of their own.
  const std::string key = !patient.empty()  ? "r.patient_id = :key AND "
                          : !record.empty() ? "p.record_id = :key AND "
                                            : "(:key = '' OR 1 = 1) AND ";
  const std::string key_value = !patient.empty() ? patient : record;
  long long line = 0, amount = 0, ref_line = 0, reason = 0, late = late_only ? 1 : 0;
  soci::indicator i_rec = soci::i_ok, i_date = soci::i_ok, i_pat = soci::i_ok, i_ref = soci::i_ok,
                  i_refl = soci::i_ok, i_reason = soci::i_ok;
  soci::statement st =
      (store.sql().prepare
           << "SELECT i.seller, i.number, i.type, i.buyer, i.period, i.issue_date, p.line_no, "
              "p.record_id, p.billing_date, r.patient_id, p.line_amount, p.reference_number, "
              "p.reference_line, p.line_reason_code FROM invoices i JOIN postings p ON p.seller = "
              "i.seller AND p.number = i.number LEFT JOIN records r ON "
              "r.seller = p.seller AND r.record_id = p.record_id AND r.version = p.record_version "
              "WHERE " +
                  key +
                  "(:t = '' OR i.type = :t2) AND i.kind = 'care' AND (:late = 0 OR (i.late_lines > "
                  "0 "
                  "AND p.late = 1)) AND (:s = '' OR i.seller = :s2) "
                  "AND (:b = '' OR i.buyer = :b2) AND (:p = '' OR i.period = :p2) "
                  "ORDER BY i.seller, i.number, p.line_no",
       soci::use(key_value), soci::use(t), soci::use(t), soci::use(late), soci::use(s),
       soci::use(s), soci::use(b), soci::use(b), soci::use(p), soci::use(p), soci::into(x.seller),
       soci::into(x.number), soci::into(x.type), soci::into(x.buyer), soci::into(x.period),
       soci::into(x.issue_date), soci::into(line), soci::into(x.record_id, i_rec),
       soci::into(x.billing_date, i_date), soci::into(x.patient_id, i_pat), soci::into(amount),
       soci::into(x.reference_number, i_ref), soci::into(ref_line, i_refl),
       soci::into(reason, i_reason));
  st.execute();
  while (st.fetch()) {
    if (i_rec != soci::i_ok) x.record_id.clear();
    if (i_pat != soci::i_ok) x.patient_id.clear();
    if (i_ref != soci::i_ok) x.reference_number.clear();
    x.line_no = line;
    x.amount = Money::from_ore(amount);
    x.reference_line = i_refl == soci::i_ok ? ref_line : 0;
    x.reason_code = i_reason == soci::i_ok ? reason : 0;
    out.push_back(x);
  }
  return out;
}
}  // namespace

std::vector<LineListing> credit_lines(Store& store, const LineFilter& filter) {
  return lines_where(store, filter, "credit", false);
}

std::vector<LineListing> late_lines(Store& store, const LineFilter& filter) {
  return lines_where(store, filter, "invoice", true);
}

std::vector<LineListing> find_lines(Store& store, LineSearch by, const std::string& key,
                                    const LineFilter& scope) {
  if (key.empty()) return {};
  LineFilter f = scope;
  f.period.reset();
  return by == LineSearch::patient ? lines_where(store, f, "", false, key, "")
                                   : lines_where(store, f, "", false, "", key);
}

bool billed_to(Store& store, const std::string& seller, const std::string& record_id,
               const std::string& buyer) {
  long long n = 0;
  store.sql() << "SELECT count(*) FROM records r WHERE r.seller = :s AND r.record_id = :r AND "
                 "r.county = :b AND r.version = (SELECT max(v.version) FROM records v WHERE "
                 "v.seller = r.seller AND v.record_id = r.record_id) AND EXISTS (SELECT 1 FROM "
                 "postings p WHERE p.seller = r.seller AND p.record_id = r.record_id AND "
                 "p.buyer = :b2 AND p.kind = 'care')",
      soci::use(seller), soci::use(record_id), soci::use(buyer), soci::use(buyer), soci::into(n);
  return n > 0;
}

}  // namespace vardavtal
