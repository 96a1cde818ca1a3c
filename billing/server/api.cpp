#include "billing/server/api.h"

#include <boost/json.hpp>
#include <boost/url.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>

#include "billing/app/delivery.h"
#include "billing/app/disputes.h"
#include "billing/app/followup.h"
#include "billing/app/invoices.h"
#include "billing/app/month_end.h"
#include "billing/app/pricing_service.h"
#include "billing/app/reconcile_run.h"
#include "billing/app/resolve.h"
#include "billing/followup/followup_table.h"
#include "billing/reconcile/report_formats.h"
#include "core/codes.h"
#include "core/date.h"
#include "core/error_text.h"
#include "core/temp_file.h"
#include "ledger/invoice.h"
#include "store/access_log.h"
#include "store/audit.h"
#include "store/held_reads.h"
#include "store/ledger_store.h"
#include "store/line_reads.h"
#include "store/store.h"
#include "store/token_store.h"

namespace vardavtal {

std::string error_body(const std::string& message, const std::string& message_sv) {
  boost::json::object o{{"error", message}, {"error_sv", message_sv}};
  return boost::json::serialize(o) + "\n";
}

namespace {

// The body of a request's error: what() in `error`, the Swedish in `error_sv`
// ("internt fel: " and the English for an exception without Swedish).
std::string error_body_of(const std::exception& e) {
  return error_body(e.what(), for_people(e));
}

}  // namespace

namespace {

// An answer other than 200, carried as an exception inside the handlers.
// `sv`: the same in Swedish, for the web page (error_sv).
struct HttpError : Bilingual<std::runtime_error> {
  HttpError(int s, const std::string& m, std::string sv) : Bilingual(m, std::move(sv)), status(s) {}
  int status;
};

struct Query {
  std::map<std::string, std::string> values;
  std::optional<std::string> get(const std::string& k) const {
    auto it = values.find(k);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }
  std::string need(const std::string& k) const {
    auto v = get(k);
    if (!v) throw HttpError(400, "missing parameter '" + k + "'", "parametern '" + k + "' saknas");
    return *v;
  }
  int year(const std::string& k) const {
    const std::string v = need(k);
    if (v.size() != 4 || v.find_first_not_of("0123456789") != std::string::npos)
      throw HttpError(400, "parameter '" + k + "' takes a year (YYYY), not '" + v + "'",
                      "parametern '" + k + "' ska vara ett år (ÅÅÅÅ), inte '" + v + "'");
    return std::stoi(v);
  }
};

// Someone else's data and missing data get the same answer.
[[noreturn]] void not_found(const std::string& what, const std::string& what_sv) {
  throw HttpError(404, what + " not found", what_sv + " finns inte");
}

bool sees_invoice(const Principal& who, const Invoice& inv) {
  switch (who.role) {
    case Role::admin:
      return true;
    case Role::seller:
      return inv.seller == who.party;
    case Role::buyer:
      return inv.buyer == who.party;
  }
  return false;
}

ApiResponse json(std::string body) {
  ApiResponse r;
  r.body = std::move(body);
  return r;
}

// A read of patient data through the API (docs/audit.md#access-log), logged
// before it is answered; the route and the parameters that say what was read
// (never a query's other values).
void log_read(Store& store, const Principal& who, const ApiRequest& req, const std::string& path,
              const Query& q, std::initializer_list<const char*> used,
              const std::vector<std::string>& patients) {
  if (patients.empty()) return;
  std::string what = req.method + " " + path;
  char sep = '?';
  for (const char* k : used) {  // the parameters the route read, as it checked them
    const std::optional<std::string> v = q.get(k);
    if (!v) continue;
    what += sep + std::string(k) + "=" + *v;
    sep = '&';
  }
  const PatientRead read{utc_now_iso(), "token " + who.name, what, patients};
  if (req.log_read)
    req.log_read(store, read);
  else
    append_patient_reads(store, {read});
}

// The invoice of a request path, when the caller may see it.
Invoice visible_invoice(Store& store, const Principal& who, const std::string& number,
                        const Query& q) {
  if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos)
    throw HttpError(400, "an invoice number is digits only, not '" + number + "'",
                    "ett fakturanummer har bara siffror, inte '" + number + "'");
  require_seller(store, q.get("seller"));
  LedgerStore ledger(store);
  std::optional<Invoice> inv;
  try {
    inv = ledger.invoice(number, q.get("seller"));
  } catch (const StoreError&) {
    // The number is used by several sellers and no seller was given: a seller
    // token means its own; a buyer learns nothing (it may give seller=).
    if (who.role == Role::seller)
      inv = ledger.invoice(number, who.party);
    else if (who.role == Role::admin)
      throw HttpError(400, "invoice " + number + " exists for several sellers: give seller=",
                      "faktura " + number + " finns hos flera säljare: ange seller=");
    else
      not_found("invoice " + number, "faktura " + number);
  }
  if (!inv || !sees_invoice(who, *inv)) not_found("invoice " + number, "faktura " + number);
  return *inv;
}

ApiResponse invoices(Store& store, const Principal& who, const Query& q) {
  LedgerStore::Filter f{q.get("seller"), q.get("buyer"), std::nullopt};
  if (auto text = q.get("period")) {
    f.period = Period::parse(*text);
    if (!f.period)
      throw HttpError(400, "parameter 'period' takes YYYY-MM, not '" + *text + "'",
                      "parametern 'period' ska vara ÅÅÅÅ-MM, inte '" + *text + "'");
  }
  require_seller(store, f.seller);
  require_buyer(store, f.buyer);
  if (who.role == Role::seller) {
    if (f.seller && *f.seller != who.party) return json("[]\n");
    f.seller = who.party;
  } else if (who.role == Role::buyer) {
    if (f.buyer && *f.buyer != who.party) return json("[]\n");
    f.buyer = who.party;
  }
  return json(invoices_json(LedgerStore(store).invoices(f)));
}

// `invoice N` in a format, as the CLI writes it.
std::string invoice_text(Store& store, const Invoice& inv, Format format) {
  char* data = nullptr;
  size_t size = 0;
  std::FILE* f = ::open_memstream(&data, &size);
  if (!f) throw std::runtime_error("open_memstream failed");
  try {
    write_invoice(store, inv, format, f);
  } catch (...) {
    std::fclose(f);
    std::free(data);
    throw;
  }
  std::fclose(f);
  std::string out(data, size);
  std::free(data);
  return out;
}

ApiResponse invoice_document_response(Store& store, const Invoice& inv, const std::string& format) {
  ApiResponse r;
  if (format == "csv") {
    r.body = invoice_text(store, inv, Format::csv);
    r.content_type = "text/csv; charset=utf-8";
    r.filename = inv.number + ".csv";
    return r;
  }
  if (format != "fakturaunderlag" && format != "peppol" && format != "xlsx")
    throw HttpError(
        404, "document " + format + " not found; documents: fakturaunderlag, peppol, xlsx, csv",
        "dokumentet " + format + " finns inte; dokument: fakturaunderlag, peppol, xlsx, csv");
  r.body = invoice_document(store, inv, format);
  if (format == "xlsx") {
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.filename = inv.number + ".xlsx";
  } else {
    r.content_type = "application/xml; charset=utf-8";
    r.filename = inv.number + "-" + format + ".xml";
  }
  return r;
}

ApiResponse followup(Store& store, const Principal& who, const std::string& table, const Query& q) {
  FollowupOptions o;
  o.year = q.year("year");
  o.restate = q.get("restate");
  std::optional<std::string> buyer = q.get("buyer");
  if (table == "bought" || table == "referred") {  // the buyer's views
    const std::string b = q.need("buyer");
    if (who.role == Role::seller || (who.role == Role::buyer && b != who.party))
      not_found("follow-up " + table + " for " + b, "uppföljning " + table + " för " + b);
  } else {
    o.seller = q.need("seller");
    if (who.role == Role::buyer || (who.role == Role::seller && o.seller != who.party))
      not_found("follow-up " + table + " for " + o.seller,
                "uppföljning " + table + " för " + o.seller);
  }
  return json(render_json(followup_table(store, table, o, buyer)));
}

// Reconciling as a buyer: an admin or that buyer's token, and a known region.
void check_reconcile_access(Store& store, const Principal& who, const Query& q) {
  const std::string buyer = q.need("buyer");
  if (who.role == Role::seller || (who.role == Role::buyer && buyer != who.party))
    not_found("region " + buyer, "region " + buyer);
  require_buyer(store, buyer);
}

// Reconciles the specification `body` as `buyer` (the caller has checked
// that `who` may); `save`: keep the findings as the buyer's disputes (the
// answer then carries "saved").
ApiResponse reconcile_spec(Store& store, const Principal& who, const std::string& buyer,
                           const std::string& body, bool force, bool save,
                           std::vector<std::string>& patients) {
  const TempFile file("vardavtal-spec");
  file.write(body);
  // The temporary name means nothing to the caller.
  auto shown = [&](std::string m) {
    if (m.rfind(file.path(), 0) == 0) m = "specification" + m.substr(file.path().size());
    return m;
  };
  try {
    ReconcileReport report = run_reconcile(store, buyer, {file.path()}, {}, {}, force);
    for (Finding& f : report.findings) f.file = "upload";  // not the server's temporary path
    patients = std::move(report.patients);
    if (!save) return json(reconcile_json(report));
    // The buyer's disputes (docs/reconcile.md#disputes): the report with what was saved.
    const SavedDisputes saved = save_reconciliation(store, report, "token " + who.name);
    boost::json::object o = boost::json::parse(reconcile_json(report)).as_object();
    o["saved"] = {{"added", saved.added}, {"updated", saved.updated}, {"text", saved_text(saved)}};
    return json(boost::json::serialize(o) + "\n");
  } catch (const MisaddressedSpecError& e) {
    throw HttpError(400, shown(e.what()) + " (force=1 reconciles it anyway)",
                    shown(e.swedish()) + " (force=1 stämmer av det ändå)");
  } catch (const SpecReadError& e) {
    throw HttpError(400, shown(e.what()), shown(e.swedish()));
  }
}

bool flag_parameter(const Query& q, const char* name) {
  const std::optional<std::string> v = q.get(name);
  if (v && *v != "0" && *v != "1")
    throw HttpError(400, std::string(name) + " takes 0 or 1",
                    std::string(name) + " ska vara 0 eller 1");
  return v.value_or("0") == "1";
}

// After check_reconcile_access.
ApiResponse reconcile_upload(Store& store, const Principal& who, const ApiRequest& req,
                             const Query& q, std::vector<std::string>& patients) {
  const std::string buyer = q.need("buyer");
  if (req.body.empty())
    throw HttpError(400, "the request body must be a specification",
                    "anropets innehåll ska vara en specifikation");
  const bool force = flag_parameter(q, "force"), save = flag_parameter(q, "save");
  return reconcile_spec(store, who, buyer, req.body, force, save, patients);
}

// "Stäm av" (POST /api/invoices/N/reconcile[?seller=S][&save=1]): the care
// invoice's own fakturaunderlag, as the server issued it, reconciled as its
// buyer. The buyer's token or an admin; anyone else gets 404.
ApiResponse reconcile_invoice(Store& store, const Principal& who, const std::string& number,
                              const Query& q, std::vector<std::string>& patients) {
  const Invoice inv = visible_invoice(store, who, number, q);
  if (who.role == Role::seller) not_found("invoice " + number, "faktura " + number);
  if (inv.kind != BillingKind::care)
    throw HttpError(400, "invoice " + number + " is not a care invoice: it has no fakturaunderlag",
                    "faktura " + number + " är ingen vårdfaktura och har inget fakturaunderlag");
  if (inv.type != InvoiceType::invoice)
    throw HttpError(400, number + " is a credit note: reconcile the invoice it credits",
                    number + " är en kreditfaktura: stäm av fakturan den krediterar");
  const bool save = flag_parameter(q, "save");
  return reconcile_spec(store, who, inv.buyer, invoice_document(store, inv, "fakturaunderlag"),
                        false, save, patients);
}

ApiResponse explain(Store& store, const Principal& who, const Query& q) {
  const std::string seller = q.need("seller"), record = q.need("record");
  // A buyer sees how a record billed to it was priced (the invoice's drill-down).
  if ((who.role == Role::buyer && !billed_to(store, seller, record, who.party)) ||
      (who.role == Role::seller && seller != who.party))
    not_found("record " + record, "vårdkontakt " + record);
  auto text = explain_record(store, seller, record);
  if (!text) not_found("record " + record, "vårdkontakt " + record);
  return json(explanation_json(*text));
}

// `bill --dry-run` for a seller's own hospital (seller token; `seller=` may be
// left out) or any seller and all of them (admin); a buyer token gets 403.
ApiResponse bill_dry_run(Store& store, const Principal& who, const Query& q,
                         std::vector<std::string>& patients) {
  if (who.role == Role::buyer)
    throw HttpError(403, "a buyer token cannot preview billing",
                    "en köpares token kan inte förhandsgranska faktureringen");
  const std::string text = q.need("through");
  const std::optional<Period> through = Period::parse(text);
  if (!through)
    throw HttpError(400, "through takes a month YYYY-MM, not '" + text + "'",
                    "through ska vara en månad ÅÅÅÅ-MM, inte '" + text + "'");
  // No care is dated later (docs/import.md); a month far ahead would only
  // keep a database thread planning empty months (found by fuzzing).
  if (through->first_day() > latest_plausible_date(today()))
    throw HttpError(400, "through " + text + " is more than a year from today",
                    "through " + text + " ligger mer än ett år fram");
  BillOptions o;
  o.through = *through;
  o.seller = who.role == Role::seller ? q.get("seller").value_or(who.party) : q.get("seller");
  if (who.role == Role::seller && *o.seller != who.party)
    throw HttpError(403, "a seller token previews its own hospital's billing only",
                    "en säljares token förhandsgranskar bara det egna sjukhusets fakturering");
  o.dry_run = true;
  require_seller(store, o.seller);
  const BillResult preview = run_billing(store, o);
  patients = patients_of_held(store, preview.held);
  return json(bill_preview_json(preview));
}

// The audit trail (docs/audit.md), to admin tokens only (others: 404, as for
// data that is not theirs); `since=YYYY-MM-DD` optional.
ApiResponse audit(Store& store, const Principal& who, const Query& q) {
  if (who.role != Role::admin) not_found("route /api/audit", "sökvägen /api/audit");
  const std::string since = q.get("since").value_or("");
  if (!since.empty() && !parse_iso_date(since))
    throw HttpError(400, "since takes YYYY-MM-DD, not '" + since + "'",
                    "since ska vara ÅÅÅÅ-MM-DD, inte '" + since + "'");
  boost::json::array rows;
  for (const AuditEntry& e : audit_entries(store, since))
    rows.push_back({{"id", e.id}, {"at", e.at}, {"who", e.who}, {"command", e.command},
                    {"detail", e.detail}, {"digest", e.digest}});
  return json(boost::json::serialize(rows) + "\n");
}

// Credit-note lines or late lines (`vardavtal credits`, `late`), scoped as the
// invoice list is: a seller token its own hospital's, a buyer token its own
// region's (another party's filter gives []), an admin all.
// The seller= and buyer= of a line listing within what `who` may see: a
// seller token's own hospital, a buyer token's own region, an admin's any.
// False when the request names someone else's (the answer is then empty).
bool scoped_line_filter(Store& store, const Principal& who, LineFilter& f) {
  require_seller(store, f.seller);
  require_buyer(store, f.buyer);
  if (who.role == Role::admin) return true;
  std::optional<std::string>& own = who.role == Role::seller ? f.seller : f.buyer;
  if (own && *own != who.party) return false;
  own = who.party;
  return true;
}

ApiResponse line_list(Store& store, const Principal& who, const Query& q, bool credits,
                      std::vector<std::string>& patients) {
  LineFilter f{q.get("seller"), q.get("buyer"), std::nullopt};
  if (auto text = q.get("period")) {
    const std::optional<Period> p = Period::parse(*text);
    if (!p)
      throw HttpError(400, "parameter 'period' takes YYYY-MM, not '" + *text + "'",
                      "parametern 'period' ska vara ÅÅÅÅ-MM, inte '" + *text + "'");
    f.period = p->str();
  }
  if (!scoped_line_filter(store, who, f)) return json("[]\n");
  const std::vector<LineListing> list = credits ? credit_lines(store, f) : late_lines(store, f);
  for (const LineListing& x : list)
    if (!x.patient_id.empty()) patients.push_back(x.patient_id);
  return json(line_listing_json(list));
}

// Search (the web page's "Sök"): the care invoice and credit-note lines of one
// patient (`patient=`, a personnummer, samordningsnummer or pseudonym) or one
// care contact (`record=`), scoped as /api/credits: a seller token its own
// hospital's, a buyer token those billed to it, an admin any (optional
// seller=, buyer=). The patient id is never echoed.
ApiResponse search(Store& store, const Principal& who, const ApiRequest& req, const Query& q,
                   std::vector<std::string>& patients) {
  std::optional<std::string> patient = q.get("patient"), record = q.get("record");
  if (req.method == "POST") {  // {"patient": ...} or {"record": ...}: the id stays out of URLs
    if (patient || record)
      throw HttpError(400, "a POST search takes its key in the body",
                      "en sökning med POST har sin nyckel i innehållet");
    boost::system::error_code ec;
    const boost::json::value body = boost::json::parse(req.body, ec);
    if (ec || !body.is_object())
      throw HttpError(400, "the body must be a JSON object {\"patient\"} or {\"record\"}",
                      "innehållet ska vara ett JSON-objekt {\"patient\"} eller {\"record\"}");
    for (const char* k : {"patient", "record"})
      if (const boost::json::value* v = body.as_object().if_contains(k)) {
        if (!v->is_string() || v->as_string().empty())
          throw HttpError(400, std::string(k) + " must be a non-empty string",
                          std::string(k) + " ska vara en sträng som inte är tom");
        (std::string_view(k) == "patient" ? patient : record) = std::string(v->as_string());
      }
  }
  if (patient.has_value() == record.has_value())
    throw HttpError(400,
                    "search takes patient= or record=", "sök på personnummer eller vårdkontakt");
  std::string key;
  if (patient) {
    Phrase why{"", ""};
    const std::optional<std::string> id = normalize_patient_id(*patient, &why);
    if (!id)
      throw HttpError(400, "patient takes a personnummer, samordningsnummer or pseudonym",
                      "ange personnummer, samordningsnummer eller pseudonym");
    key = *id;
  } else {
    key = *record;
  }
  LineFilter f{q.get("seller"), q.get("buyer"), std::nullopt};
  if (!scoped_line_filter(store, who, f)) return json("[]\n");
  const std::vector<LineListing> list =
      find_lines(store, patient ? LineSearch::patient : LineSearch::record, key, f);
  for (const LineListing& x : list)
    if (!x.patient_id.empty()) patients.push_back(x.patient_id);
  return json(line_listing_json(list));
}

// The stored held records (`vardavtal held`): an admin's of every seller, a
// seller token's of its own hospital; a buyer token gets 404 (held care is
// not billed to it, so not its data yet). Optional `seller=`, `buyer=`.
ApiResponse held(Store& store, const Principal& who, const Query& q,
                 std::vector<std::string>& patients) {
  if (who.role == Role::buyer) not_found("route /api/held", "sökvägen /api/held");
  std::optional<std::string> seller = q.get("seller");
  const std::optional<std::string> buyer = q.get("buyer");
  require_seller(store, seller);
  require_buyer(store, buyer);
  if (who.role == Role::seller) {
    if (seller && *seller != who.party) return json("[]\n");
    seller = who.party;
  }
  const std::vector<HeldListing> list = held_listing(store, seller, buyer);
  for (const HeldListing& h : list) patients.push_back(h.patient_id);
  return json(held_json(list));
}

// The saved disputes (docs/reconcile.md#disputes): a buyer token's own, a
// seller token's against its hospital, an admin's all; optional buyer=,
// seller=, status=; format=xlsx downloads the Swedish Tvistelista.
ApiResponse disputes_route(Store& store, const Principal& who, const Query& q,
                           std::vector<std::string>& patients) {
  DisputeFilter f{q.get("buyer"), q.get("seller"), q.get("status")};
  require_buyer(store, f.buyer);
  if (f.status && !is_dispute_status(*f.status))
    throw HttpError(400, "status takes bestridd, godkänd or krediterad",
                    "status ska vara bestridd, godkänd eller krediterad");
  const std::string format = q.get("format").value_or("json");
  if (format != "json" && format != "xlsx")
    throw HttpError(400, "format takes json or xlsx", "format ska vara json eller xlsx");
  std::optional<std::string>& own = who.role == Role::seller ? f.seller : f.buyer;
  if (who.role != Role::admin) {
    if (own && *own != who.party) return json("[]\n");
    own = who.party;
  }
  const std::vector<Dispute> list = list_disputes(store, f);
  for (const Dispute& d : list) patients.push_back(d.patient_id);
  if (format == "json") return json(disputes_json(list));
  const TempFile file("vardavtal-disputes");
  write_disputes_xlsx(list, file.path());
  ApiResponse r;
  r.body = file.read();
  r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.filename = "tvistelista.xlsx";
  return r;
}

// POST /api/disputes/ID {"status": "...", "comment": "..."} (either or both):
// the dispute's buyer (or an admin) sets them; anyone else gets 404.
ApiResponse update_dispute_route(Store& store, const Principal& who, const ApiRequest& req,
                                 const std::string& id_text, std::vector<std::string>& patients) {
  if (id_text.empty() || id_text.size() > 18 ||
      id_text.find_first_not_of("0123456789") != std::string::npos)
    throw HttpError(400, "a dispute id is digits only", "ett tvist-id har bara siffror");
  const int64_t id = std::stoll(id_text);
  const std::optional<Dispute> d = find_dispute(store, id);
  if (!d || (who.role != Role::admin && !(who.role == Role::buyer && d->buyer == who.party)))
    not_found("dispute " + id_text, "tvist " + id_text);
  boost::system::error_code ec;
  const boost::json::value body = boost::json::parse(req.body, ec);
  if (ec || !body.is_object())
    throw HttpError(400, "the body must be a JSON object {\"status\", \"comment\"}",
                    "innehållet ska vara ett JSON-objekt {\"status\", \"comment\"}");
  auto text = [&](const char* key) -> std::optional<std::string> {
    const boost::json::value* v = body.as_object().if_contains(key);
    if (!v) return std::nullopt;
    if (!v->is_string())
      throw HttpError(400, std::string(key) + " must be a string",
                      std::string(key) + " ska vara en sträng");
    return std::string(v->as_string());
  };
  const std::optional<std::string> status = text("status"), comment = text("comment");
  if (!status && !comment)
    throw HttpError(400, "give status and/or comment", "ange status och/eller comment");
  if (status && !is_dispute_status(*status))
    throw HttpError(400, "status takes bestridd, godkänd or krediterad",
                    "status ska vara bestridd, godkänd eller krediterad");
  update_dispute(store, id, status, comment, "token " + who.name);
  patients.push_back(d->patient_id);
  return json(disputes_json({*find_dispute(store, id)}));
}

// The month-end status (`vardavtal status`, docs/erp.md): an admin's of every
// seller (or `seller=`), a seller token's of its own hospital; a buyer token
// gets 404 (it is the seller's bookkeeping).
ApiResponse status_route(Store& store, const Principal& who, const Query& q) {
  if (who.role == Role::buyer) not_found("route /api/status", "sökvägen /api/status");
  std::optional<std::string> seller = q.get("seller");
  if (who.role == Role::seller) {
    if (seller && *seller != who.party) return json("[]\n");
    seller = who.party;
  }
  return json(status_json(month_status(store, seller)));
}

// The delivery attempts (`vardavtal deliveries --format json`): an admin's
// of every seller, a seller token's of its own hospital, a buyer token's of
// those addressed to its region. Optional seller=, buyer=, period=.
ApiResponse deliveries_route(Store& store, const Principal& who, const Query& q) {
  DeliveryFilter f{q.get("seller"), q.get("buyer"), std::nullopt};
  if (auto p = q.get("period")) {
    f.period = Period::parse(*p);
    if (!f.period) throw HttpError(400, "period takes YYYY-MM", "period ska vara ÅÅÅÅ-MM");
  }
  std::optional<std::string>& own = who.role == Role::seller ? f.seller : f.buyer;
  if (who.role != Role::admin) {
    if (own && *own != who.party) return json("[]\n");
    own = who.party;
  }
  return json(deliveries_json(list_deliveries(store, f)));
}

// Closes a billed month (`vardavtal close`): POST /api/close?seller=S&period=M,
// by the seller's token or an admin. Answers the month's status row.
ApiResponse close_route(Store& store, const Principal& who, const Query& q) {
  const std::string seller = q.need("seller");
  if (who.role == Role::buyer || (who.role == Role::seller && who.party != seller))
    not_found("route /api/close", "sökvägen /api/close");
  const std::optional<Period> period = Period::parse(q.need("period"));
  if (!period) throw HttpError(400, "period takes YYYY-MM", "period ska vara ÅÅÅÅ-MM");
  close_month(store, seller, *period, "token " + who.name);
  for (const MonthStatus& m : month_status(store, seller))
    if (m.period == *period) return json(status_json({m}));
  return json("[]\n");
}

// Who has seen a patient's data (docs/audit.md#access-log), to admin tokens
// only: `patient=ID` (required), `since=YYYY-MM-DD` optional. The question
// names a patient, so it is itself a read of that patient, logged first.
ApiResponse access_log_route(Store& store, const Principal& who, const ApiRequest& req,
                             const Query& q) {
  if (who.role != Role::admin) not_found("route /api/access-log", "sökvägen /api/access-log");
  Phrase why{"", ""};  // never echoed: a patient id stays out of error messages
  const std::optional<std::string> patient = normalize_patient_id(q.need("patient"), &why);
  if (!patient)
    throw HttpError(400, "patient takes a personnummer, samordningsnummer or pseudonym",
                    "ange personnummer, samordningsnummer eller pseudonym");
  const std::string since = q.get("since").value_or("");
  if (!since.empty() && !parse_iso_date(since))
    throw HttpError(400, "since takes YYYY-MM-DD, not '" + since + "'",
                    "since ska vara ÅÅÅÅ-MM-DD, inte '" + since + "'");
  boost::json::array rows;
  for (const AccessEntry& e : access_log(store, *patient, since))
    rows.push_back({{"audit_id", e.audit_id},
                    {"at", e.at},
                    {"who", e.who},
                    {"what", e.what},
                    {"patients", e.patients}});
  log_read(store, who, req, "/api/access-log", q, {}, {*patient});
  return json(boost::json::serialize(rows) + "\n");
}

// A target under /api/: its path segments after "api" and its query.
struct ApiTarget {
  std::string path;
  std::vector<std::string> seg;
  Query q;
  bool is(std::string_view route) const { return seg.size() == 1 && seg[0] == route; }
};

ApiTarget parse_target(const std::string& target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) throw HttpError(400, "bad request target", "felaktigt mål för anropet");
  ApiTarget t;
  t.path = std::string(url->path());
  for (auto p : url->params()) t.q.values[std::string(p.key)] = std::string(p.value);
  for (auto s : url->segments()) t.seg.push_back(std::string(s));
  if (t.seg.empty() || t.seg[0] != "api") not_found("page " + t.path, "sidan " + t.path);
  t.seg.erase(t.seg.begin());
  return t;
}

// Throws the refusal of a request from its header; sets `access.who` as soon
// as the token is known. The health route needs no token.
void authorize(Store& store, const ApiRequest& req, const ApiTarget& t, ApiAuthorization& access) {
  if (t.is("health")) {
    if (req.method != "GET") throw HttpError(405, "health takes GET", "health tar GET");
    return;
  }
  const std::string prefix = "Bearer ";
  if (req.authorization.rfind(prefix, 0) != 0)
    throw HttpError(401, "an Authorization: Bearer token is needed",
                    "en token behövs: Authorization: Bearer");
  access.who = authenticate(store, std::string_view(req.authorization).substr(prefix.size()));
  if (!access.who) throw HttpError(401, "unknown or revoked token", "okänd eller återkallad token");
  const bool post = req.method == "POST";
  const bool dispute = t.seg.size() == 2 && t.seg[0] == "disputes";
  const bool check = t.seg.size() == 3 && t.seg[0] == "invoices" && t.seg[2] == "reconcile";
  if (check && !post)
    throw HttpError(405, "an invoice's reconcile takes POST", "avstämning av en faktura tar POST");
  if (t.is("close") && !post) throw HttpError(405, "close takes POST", "close tar POST");
  if (!(req.method == "GET" ||
        (post && (t.is("reconcile") || t.is("search") || t.is("close") || dispute || check))))
    throw HttpError(405, req.method + " is not allowed here", req.method + " är inte tillåtet här");
  if (dispute) {
    if (!post)
      throw HttpError(405, "a dispute takes POST with {\"status\", \"comment\"}",
                      "en tvist tar POST med {\"status\", \"comment\"}");
    if (access.who->role == Role::seller) not_found("dispute " + t.seg[1], "tvist " + t.seg[1]);
  }
  if (t.is("reconcile")) {
    if (!post)
      throw HttpError(405, "reconcile takes POST with the specification as body",
                      "reconcile tar POST med specifikationen som innehåll");
    check_reconcile_access(store, *access.who, t.q);
  }
}

// The answer to an authorized request (`who` is empty for the health route only).
ApiResponse route(Store& store, const ApiRequest& req, const ApiTarget& t,
                  const std::optional<Principal>& who) {
  if (t.is("health")) return json("{\"status\":\"ok\"}\n");
  const auto& seg = t.seg;
  const Query& q = t.q;
  if (t.is("me"))
    return json(
        boost::json::serialize(boost::json::object{
            {"name", who->name},
            {"role", std::string(to_string(who->role))},
            {"party", who->party},
            {"expires_at", who->expires_at.empty() ? boost::json::value(nullptr)
                                                   : boost::json::value(who->expires_at)}}) +
        "\n");
  if (t.is("invoices")) return invoices(store, *who, q);
  // Patient data: each answer's read is logged first (log_read).
  auto logged = [&](std::initializer_list<const char*> used,
                    const std::vector<std::string>& patients) {
    log_read(store, *who, req, t.path, q, used, patients);
  };
  if (seg.size() == 2 && seg[0] == "invoices") {
    const Invoice inv = visible_invoice(store, *who, seg[1], q);
    ApiResponse r = json(invoice_text(store, inv, Format::json));
    logged({"seller"}, patients_of_invoice(store, inv));
    return r;
  }
  if (seg.size() == 4 && seg[0] == "invoices" && seg[2] == "documents") {
    const Invoice inv = visible_invoice(store, *who, seg[1], q);
    ApiResponse r = invoice_document_response(store, inv, seg[3]);
    logged({"seller"}, patients_of_invoice(store, inv));
    return r;
  }
  if (seg.size() == 2 && seg[0] == "followup") return followup(store, *who, seg[1], q);
  std::vector<std::string> patients;
  if (t.is("reconcile")) {
    ApiResponse r = reconcile_upload(store, *who, req, q, patients);
    logged({"buyer", "force", "save"}, patients);
    return r;
  }
  if (t.is("explain")) {
    ApiResponse r = explain(store, *who, q);
    logged({"seller", "record"}, patients_of_records(store, q.need("seller"), {q.need("record")}));
    return r;
  }
  if (t.is("audit")) return audit(store, *who, q);
  if (t.is("credits") || t.is("late")) {
    ApiResponse r = line_list(store, *who, q, t.is("credits"), patients);
    logged({"seller", "buyer", "period"}, patients);
    return r;
  }
  if (t.is("search")) {
    ApiResponse r = search(store, *who, req, q, patients);
    logged({"record", "seller", "buyer"}, patients);  // never the patient= value
    return r;
  }
  if (t.is("held")) {
    ApiResponse r = held(store, *who, q, patients);
    logged({"seller", "buyer"}, patients);
    return r;
  }
  if (t.is("access-log")) return access_log_route(store, *who, req, q);
  if (t.is("status")) return status_route(store, *who, q);
  if (t.is("close")) return close_route(store, *who, q);
  if (t.is("deliveries")) return deliveries_route(store, *who, q);
  if (seg.size() == 3 && seg[0] == "invoices" && seg[2] == "reconcile") {
    ApiResponse r = reconcile_invoice(store, *who, seg[1], q, patients);
    logged({"seller", "save"}, patients);
    return r;
  }
  if (t.is("disputes")) {
    ApiResponse r = disputes_route(store, *who, q, patients);
    logged({"buyer", "seller", "status", "format"}, patients);
    return r;
  }
  if (seg.size() == 2 && seg[0] == "disputes") {
    ApiResponse r = update_dispute_route(store, *who, req, seg[1], patients);
    logged({}, patients);  // the answer shows the dispute's patient
    return r;
  }
  if (seg.size() == 2 && seg[0] == "bill" && seg[1] == "dry-run") {
    ApiResponse r = bill_dry_run(store, *who, q, patients);
    logged({"seller", "through"}, patients);
    return r;
  }
  not_found("route " + t.path, "sökvägen " + t.path);
}

// The answer of `work`, or the error answer of what it throws.
template <class Work>
ApiResponse answer(Work&& work) {
  ApiResponse error;
  try {
    return work();
  } catch (const HttpError& e) {
    error.status = e.status;
    error.body = error_body_of(e);
  } catch (const MonthEndRefused& e) {  // a month not billed, not closed
    error.status = 409;
    error.body = error_body_of(e);
  } catch (const NoDataInYear& e) {  // the table of that year does not exist
    error.status = 404;
    error.body = error_body_of(e);
  } catch (const UsageError& e) {
    error.status = 400;
    error.body = error_body_of(e);
  } catch (const std::invalid_argument& e) {
    if (swedish_of(e).empty()) {  // a bug's (std::stoll's, ...): not the request's fault
      error.status = 500;
      error.body = error_body("internal error", "internt fel");
      error.detail = without_statement(e);
    } else {
      error.status = 400;
      error.body = error_body_of(e);
    }
  } catch (const std::exception& e) {
    // For the server's log only, without the statement and its values.
    error.detail = without_statement(e);
    // The database's trouble, said plainly (the server's words name a table
    // or a limit, never a value): a role without a grant is the server's
    // fault (500); a lost session, a resource short, a conflict or a
    // cancelled statement may pass (503: docs/server.md).
    if (const std::optional<DatabaseTrouble> trouble = database_trouble(e)) {
      error.status = trouble->passing() ? 503 : 500;
      error.body = error_body_of(*trouble);
      error.retry_after = trouble->soon() ? 5 : 0;
    } else {
      error.status = 500;
      error.body = error_body("internal error", "internt fel");
    }
  }
  return error;
}

std::string log_name(const std::optional<Principal>& who) {
  return who ? who->name : "-";
}

}  // namespace

ApiAuthorization authorize_api(Store& store, const ApiRequest& header) {
  ApiAuthorization access;
  access.refusal = answer([&] {
    authorize(store, header, parse_target(header.target), access);
    return ApiResponse{};
  });
  access.allowed = access.refusal.status == 200;
  access.refusal.who = log_name(access.who);
  return access;
}

ApiResponse handle_api(Store& store, const ApiRequest& request, const ApiAuthorization& access) {
  if (!access.allowed) return access.refusal;
  ApiResponse r =
      answer([&] { return route(store, request, parse_target(request.target), access.who); });
  r.who = log_name(access.who);
  return r;
}

ApiResponse handle_api(Store& store, const ApiRequest& request) {
  return handle_api(store, request, authorize_api(store, request));
}

}  // namespace vardavtal
