#include "store/dispute_store.h"

#include <map>
#include <stdexcept>
#include <tuple>

#include "core/error_text.h"
#include "store/audit.h"
#include "store/write_transaction.h"

namespace vardavtal {

bool is_dispute_status(const std::string& s) {
  return s == kDisputed || s == kAccepted || s == kCredited;
}

void check_comment(const std::string& comment) {
  if (comment.size() > kMaxCommentBytes)
    throw BadArgument("a comment is at most " + std::to_string(kMaxCommentBytes) + " bytes",
                      "en kommentar är högst " + std::to_string(kMaxCommentBytes) + " byte");
  for (unsigned char c : comment)
    if (c < 0x20 || c == 0x7f)
      throw BadArgument("a comment is one line of text, without control characters",
                        "en kommentar är en rad text, utan styrtecken");
}

namespace {

// The columns of a dispute as read; status and credit note from the credit
// line that references it (a line is credited once: a correction credits the
// line, and a later one credits the new invoice's line). Without an aggregate,
// so that SQLite probes postings_line_reference (the view invoice_lines is
// the postings' lines, schema 027) instead of scanning the
// seller's lines in number order for min().
const char* const kSelect =
    "SELECT d.id, d.buyer, d.seller, d.invoice, d.spec_id, d.line_id, d.patient_id, "
    "d.care_contact_id, d.reason_code, d.billed, d.expected, d.disputed, d.counted, d.message, "
    "d.message_en, d.status, d.comment, d.found_at, d.updated_at, d.updated_by, "
    "(SELECT l.number FROM invoice_lines l JOIN invoices i ON i.seller = l.seller AND "
    "i.number = l.number WHERE i.type = 'credit' AND i.buyer = d.buyer AND l.seller = d.seller AND "
    "l.reference_number = d.invoice AND l.reference_line = d.line_id LIMIT 1) FROM disputes d ";

// The disputes of `buyer` and `seller` (any when empty) or the one `id` (any when 0).
std::vector<Dispute> select_disputes(Store& store, const std::string& buyer,
                                     const std::string& seller, long long id) {
  std::vector<Dispute> out;
  Dispute d;
  long long key = 0, line = 0, code = 0, billed = 0, expected = 0, disputed = 0, counted = 0;
  soci::indicator has_expected = soci::i_null, has_credit = soci::i_null;
  std::string credit;
  soci::statement st =
      (store.sql().prepare
           << std::string(kSelect) +
                  "WHERE (:b = '' OR d.buyer = :b2) AND (:s = '' OR d.seller = "
                  ":s2) AND (CAST(:id AS bigint) = 0 OR d.id = :id2) ORDER BY d.buyer, d.seller, "
                  "d.invoice, d.line_id, d.reason_code",
       soci::use(buyer), soci::use(buyer), soci::use(seller), soci::use(seller), soci::use(id),
       soci::use(id), soci::into(key), soci::into(d.buyer), soci::into(d.seller),
       soci::into(d.invoice), soci::into(d.spec_id), soci::into(line), soci::into(d.patient_id),
       soci::into(d.care_contact_id), soci::into(code), soci::into(billed),
       soci::into(expected, has_expected), soci::into(disputed), soci::into(counted),
       soci::into(d.message), soci::into(d.message_en), soci::into(d.status), soci::into(d.comment),
       soci::into(d.found_at), soci::into(d.updated_at), soci::into(d.updated_by),
       soci::into(credit, has_credit));
  st.execute();
  while (st.fetch()) {
    Dispute x = d;
    x.id = key;
    x.line_id = line;
    x.reason_code = code;
    x.billed = Money::from_ore(billed);
    if (has_expected == soci::i_ok) x.expected = Money::from_ore(expected);
    x.disputed = Money::from_ore(disputed);
    x.counted = Money::from_ore(counted);
    if (has_credit == soci::i_ok) {
      x.credit_note = credit;
      x.status = kCredited;
    }
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace

namespace {

// One dispute per line and reason code: several findings of one code on one
// line (ÖR27, ÖR28 and the re-pricing are all code 2) are one claim, the
// largest of theirs, counted as much as they were together, their messages
// joined. A finding of code 0 claims nothing and is no dispute.
std::vector<DisputeFinding> one_per_key(const std::vector<DisputeFinding>& findings) {
  std::vector<DisputeFinding> out;
  std::map<std::tuple<std::string, std::string, int64_t, int64_t>, size_t> at;
  for (const DisputeFinding& f : findings) {
    if (f.reason_code == 0) continue;
    auto [it, fresh] =
        at.emplace(std::tuple(f.seller, f.invoice, f.line_id, f.reason_code), out.size());
    if (fresh) {
      out.push_back(f);
      continue;
    }
    DisputeFinding& d = out[it->second];
    if (f.disputed > d.disputed) {
      d.disputed = f.disputed;
      d.expected = f.expected;
    }
    d.counted += f.counted;
    d.message += " · " + f.message;
    d.message_en += " · " + f.message_en;
  }
  return out;
}

SavedDisputes save_each(Store& store, const std::string& buyer,
                        const std::vector<DisputeFinding>& findings, const std::string& who) {
  SavedDisputes saved;
  const std::string now = utc_now_iso();
  WriteTransaction tx(store);
  std::vector<std::string> patients;
  for (const DisputeFinding& f : findings) patients.push_back(f.patient_id);
  // First, so that on PostgreSQL its advisory lock serializes the ids below.
  append_audit_row(store, who, "dispute",
                   "saved the reconciliation of buyer " + buyer + ": " +
                       std::to_string(patients.size()) + " findings");
  long long next = 0;
  store.sql() << "SELECT coalesce(max(id), 0) + 1 FROM disputes", soci::into(next);
  for (const DisputeFinding& f : findings) {
    long long id = 0, line = f.line_id, code = f.reason_code;
    soci::indicator found = soci::i_null;
    store.sql() << "SELECT id FROM disputes WHERE buyer = :b AND seller = :s AND invoice = :i AND "
                   "line_id = :l AND reason_code = :c",
        soci::use(buyer), soci::use(f.seller), soci::use(f.invoice), soci::use(line),
        soci::use(code), soci::into(id, found);
    long long billed = f.billed.ore(), disputed = f.disputed.ore(), counted = f.counted.ore();
    long long expected = f.expected ? f.expected->ore() : 0;
    soci::indicator has_expected = f.expected ? soci::i_ok : soci::i_null;
    if (store.sql().got_data() && found == soci::i_ok) {
      store.sql()
          << "UPDATE disputes SET spec_id = :sp, billed = :b, expected = :e, disputed = :d, "
             "counted = :c, message = :m, message_en = :me, updated_at = :t, "
             "updated_by = :w WHERE id = :id",
          soci::use(f.spec_id), soci::use(billed), soci::use(expected, has_expected),
          soci::use(disputed), soci::use(counted), soci::use(f.message), soci::use(f.message_en),
          soci::use(now), soci::use(who), soci::use(id);
      ++saved.updated;
      continue;
    }
    const std::string status = kDisputed, comment;
    store.sql() << "INSERT INTO disputes (id, buyer, seller, invoice, spec_id, line_id, "
                   "patient_id, care_contact_id, reason_code, billed, expected, disputed, counted, "
                   "message, message_en, status, comment, found_at, updated_at, updated_by) "
                   "VALUES (:id, :bu, :s, :i, :sp, :l, :p, :cc, :code, :b, :e, :d, :c, :m, :me, "
                   ":st, :co, :f, :t, :w)",
        soci::use(next), soci::use(buyer), soci::use(f.seller), soci::use(f.invoice),
        soci::use(f.spec_id), soci::use(line), soci::use(f.patient_id),
        soci::use(f.care_contact_id), soci::use(code), soci::use(billed),
        soci::use(expected, has_expected), soci::use(disputed), soci::use(counted),
        soci::use(f.message), soci::use(f.message_en), soci::use(status), soci::use(comment),
        soci::use(now), soci::use(now), soci::use(who);
    ++next;
    ++saved.added;
  }
  tx.commit();
  return saved;
}

}  // namespace

SavedDisputes save_disputes(Store& store, const std::string& buyer,
                            const std::vector<DisputeFinding>& findings, const std::string& who) {
  try {
    return save_each(store, buyer, one_per_key(findings), who);
  } catch (const soci::soci_error& e) {
    if (auto trouble = database_trouble(e)) throw *trouble;  // the server's line: no value
    // SOCI's message repeats the bound values: the patient ids stay out of it.
    throw StoreError("the disputes could not be saved", "tvisterna kunde inte sparas");
  }
}

std::vector<Dispute> list_disputes(Store& store, const DisputeFilter& filter) {
  std::vector<Dispute> out =
      select_disputes(store, filter.buyer.value_or(""), filter.seller.value_or(""), 0);
  if (filter.status)
    std::erase_if(out, [&](const Dispute& d) { return d.status != *filter.status; });
  return out;
}

std::optional<Dispute> find_dispute(Store& store, int64_t id) {
  if (id <= 0) return std::nullopt;
  std::vector<Dispute> found = select_disputes(store, "", "", id);
  if (found.empty()) return std::nullopt;
  return found.front();
}

void update_dispute(Store& store, int64_t id, const std::optional<std::string>& status,
                    const std::optional<std::string>& comment, const std::string& who) {
  if (status && !is_dispute_status(*status))
    throw BadArgument("status takes bestridd, godkänd or krediterad, not '" + *status + "'",
                      "status ska vara bestridd, godkänd eller krediterad, inte '" + *status + "'");
  if (comment) check_comment(*comment);
  std::string detail = "dispute " + std::to_string(id);
  if (status) detail += ": status " + *status;
  if (comment) detail += status ? ", comment changed" : ": comment changed";
  WriteTransaction tx(store);
  long long n = 0;
  long long key = id;
  store.sql() << "SELECT count(*) FROM disputes WHERE id = :id", soci::use(key), soci::into(n);
  if (n == 0)
    throw BadArgument("no dispute " + std::to_string(id), "ingen tvist " + std::to_string(id));
  // The audit row first: on PostgreSQL its advisory lock orders this change
  // and a concurrent save (which takes it first too) instead of deadlocking.
  append_audit_row(store, who, "dispute", detail);
  const std::string now = utc_now_iso();
  if (status)
    store.sql() << "UPDATE disputes SET status = :s WHERE id = :id", soci::use(*status),
        soci::use(key);
  if (comment)
    store.sql() << "UPDATE disputes SET comment = :c WHERE id = :id", soci::use(*comment),
        soci::use(key);
  store.sql() << "UPDATE disputes SET updated_at = :t, updated_by = :w WHERE id = :id",
      soci::use(now), soci::use(who), soci::use(key);
  tx.commit();
}

}  // namespace vardavtal
