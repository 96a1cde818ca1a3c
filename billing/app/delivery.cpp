#include "billing/app/delivery.h"

#include <algorithm>
#include <boost/json.hpp>
#include <regex>
#include <thread>

#include "billing/app/invoices.h"
#include "billing/app/month_end.h"
#include "billing/app/resolve.h"
#include "billing/delivery/soap.h"
#include "billing/documents/spec_check.h"
#include "billing/text/text_table.h"
#include "core/date.h"
#include "store/access_log.h"
#include "store/audit.h"
#include "store/ledger_store.h"
#include "store/run_lock.h"
#include "store/write_transaction.h"

namespace vardavtal {

namespace {

// The TKB's largest payload of one request (4.2.2).
constexpr size_t kPayloadLimit = 5 * 1000 * 1000;

const char* outcome_of(ClaimAnswer::Kind k) {
  switch (k) {
    case ClaimAnswer::Kind::ok:
      return "ok";
    case ClaimAnswer::Kind::error:
      return "error";
    case ClaimAnswer::Kind::technical:
      return "technical";
  }
  return "technical";
}

// The invoices of the month that carry a fakturaunderlag, in number order.
std::vector<Invoice> with_specification(Store& store, const std::string& seller, Period period) {
  std::vector<Invoice> out;
  for (Invoice& i : LedgerStore(store).invoices({seller, std::nullopt, period}))
    if (!i.spec_id.empty()) out.push_back(std::move(i));
  std::sort(out.begin(), out.end(),
            [](const Invoice& a, const Invoice& b) { return a.seq < b.seq; });
  return out;
}

// One attempt recorded with its audit row, in one transaction.
DeliveryAttempt record(Store& store, DeliveryAttempt a, const std::string& who) {
  a.sent_at = utc_now_iso();
  a.sent_by = who;
  a.comment = mask_personal_ids(a.comment).substr(0, 4000);
  WriteTransaction tx(store);
  append_audit_row(store, who, "deliver",
                   "invoice " + a.invoice + " (" + a.spec_id + ") to " + a.logical_address +
                       ", attempt " + std::to_string(a.attempt) + ": " + a.outcome +
                       (a.result_code.empty() ? "" : " " + a.result_code));
  a.id = DeliveryStore(store).append(a);
  tx.commit();
  return a;
}

// Sends one invoice's request until it is answered (OK or ERROR) or the
// retries of technical errors are used up; returns the last attempt.
DeliveryAttempt send(Store& store, const DeliverRequest& q, const HttpsEndpoint& endpoint,
                     const Invoice& invoice, const std::string& logical_address,
                     const std::string& request_xml) {
  DeliveryAttempt a;
  a.seller = invoice.seller;
  a.invoice = invoice.number;
  a.spec_id = invoice.spec_id;
  a.buyer = invoice.buyer;
  a.logical_address = logical_address;
  a.endpoint = endpoint.url();
  a.period = invoice.period;
  std::chrono::milliseconds pause = q.backoff;
  for (int attempt = 1;; ++attempt) {
    // The request is on record before it leaves: a run that ends before
    // its answer is recorded leaves it unconfirmed, not forgotten.
    a.attempt = attempt;
    a.outcome = "sending";
    a.result_code.clear();
    a.comment.clear();
    record(store, a, q.who);
    const HttpsReply reply =
        post_soap(endpoint, q.tls, request_xml, kClaimSoapAction, q.time_limit);
    ClaimAnswer answer;
    if (reply.error.empty())
      answer = read_claim_answer(reply.status, reply.body);
    else
      answer.comment = reply.error;
    a.outcome = outcome_of(answer.kind);
    a.result_code = answer.result_code;
    a.comment = answer.comment;
    a = record(store, a, q.who);
    if (q.attempted) q.attempted(a);
    if (answer.kind != ClaimAnswer::Kind::technical || attempt > q.retries) return a;
    std::this_thread::sleep_for(pause);  // the back-off before the next attempt (TKB 4.2.1)
    pause *= 2;
  }
}

// Why the request must not be sent (the sender checks first, TKB 4.3.2):
// the fakturaunderlag breaks the schema or an ÖR rule, or the request is over
// the payload limit. Empty: send it.
std::string refusal(const std::string& spec, const std::string& request) {
  if (request.size() > kPayloadLimit)
    return "ej skickat: " + std::to_string(request.size()) + " byte, över TKB:s gräns 5 MB";
  const std::vector<SpecViolation> report = check_spec_text(spec, today());
  if (report.empty()) return "";
  return "ej skickat: fakturaunderlaget bryter mot " + report.front().rule + " (" +
         std::to_string(report.size()) + " fel; vardavtal check-spec): " + report.front().message;
}

}  // namespace

std::string mask_personal_ids(std::string text) {
  // Twelve digits, or 8 or 6 digits, '-' or '+', 4 digits; not inside a longer number.
  static const std::regex id(
      R"((^|[^0-9])([0-9]{12}|[0-9]{8}[-+][0-9]{4}|[0-9]{6}[-+][0-9]{4})(?![0-9]))");
  return std::regex_replace(text, id, "$1[personnummer]");
}

DeliverResult deliver(Store& store, const DeliverRequest& q) {
  require_seller(store, q.seller);
  const std::optional<HttpsEndpoint> endpoint = parse_https_url(q.endpoint);
  if (!endpoint)
    throw UsageError(
        "--endpoint takes an https:// URL (the platform takes TLS only), not '" + q.endpoint + "'",
        "--endpoint ska vara en https://-adress (plattformen tar bara TLS), inte '" + q.endpoint +
            "'");
  require_closed(store, q.seller, q.period, q.period, q.force, "delivery", "leveransen");
  RunLock lock(store, "deliver");  // two runs would both send what neither has recorded
  LedgerStore ledger(store);
  DeliveryStore deliveries(store);
  const std::set<std::string> done = deliveries.delivered(q.seller);
  const std::set<std::string> unconfirmed = deliveries.unconfirmed(q.seller);
  DeliverResult r;
  std::vector<Invoice> pending;
  for (Invoice& i : with_specification(store, q.seller, q.period)) {
    ++r.to_send;
    if (done.count(i.number) && !q.again) {
      ++r.skipped;
    } else if (unconfirmed.count(i.number) && !q.again) {
      r.unconfirmed.push_back(i.number);
    } else {
      pending.push_back(std::move(i));
    }
  }
  // Built, checked and logged before anything is sent: a read that cannot be
  // logged is not sent (docs/audit.md#access-log).
  struct Request {
    std::string address, envelope, refused;
  };
  std::vector<Request> requests;
  std::vector<std::string> patients;
  for (const Invoice& i : pending) {
    const std::optional<PartyRow> buyer = ledger.buyer_party(i.buyer);
    const std::string address = buyer ? buyer->org_number : "";
    if (address.empty())
      throw MonthEndRefused(
          "region " + i.buyer + " has no organisation number: the logical address",
          "region " + i.buyer + " saknar organisationsnummer: den logiska adressen");
    const std::string spec = invoice_document(store, i, "fakturaunderlag");
    std::string envelope = claim_request(spec, address);
    std::string refused = refusal(spec, envelope);
    requests.push_back({address, std::move(envelope), std::move(refused)});
    for (std::string& p : patients_of_invoice(store, i)) patients.push_back(std::move(p));
  }
  if (!pending.empty())
    log_patient_read(
        store, q.who,
        "deliver seller " + q.seller + " period " + q.period.str() + " to " + endpoint->url(),
        patients);
  for (size_t k = 0; k < pending.size(); ++k) {
    DeliveryAttempt last;
    if (!requests[k].refused.empty()) {
      last = {0,
              pending[k].seller,
              pending[k].number,
              pending[k].spec_id,
              pending[k].buyer,
              requests[k].address,
              endpoint->url(),
              0,
              "error",
              "",
              requests[k].refused,
              "",
              "",
              pending[k].period};
      last = record(store, last, q.who);
      if (q.attempted) q.attempted(last);
    } else {
      last = send(store, q, *endpoint, pending[k], requests[k].address, requests[k].envelope);
    }
    if (last.outcome == "ok")
      ++r.delivered;
    else if (last.outcome == "error")
      ++r.errors;
    else
      ++r.technical;
    r.final_attempts.push_back(last);
  }
  return r;
}

std::vector<DeliveryAttempt> list_deliveries(Store& store, const DeliveryFilter& f) {
  require_seller(store, f.seller);
  require_buyer(store, f.buyer);
  return DeliveryStore(store).list(f);
}

std::string deliveries_table(const std::vector<DeliveryAttempt>& list) {
  TextTable t({">nr", "säljare", "faktura", "månad", "köpare", "logisk adress", ">försök", "svar",
               "skickad", "kommentar"});
  for (const DeliveryAttempt& a : list) {
    std::string comment = a.comment.substr(0, a.comment.find('\n'));
    if (comment.size() > 60) comment = comment.substr(0, 57) + "...";
    const std::string answer = a.outcome == "ok"        ? "OK"
                               : a.outcome == "error"   ? "ERROR (ej mottaget)"
                               : a.outcome == "sending" ? "obekräftad (svar saknas)"
                                                        : "tekniskt fel";
    t.add({std::to_string(a.id), a.seller, a.invoice, a.period.str(), a.buyer, a.logical_address,
           std::to_string(a.attempt), answer, a.sent_at, comment});
  }
  return t.render();
}

std::string deliveries_json(const std::vector<DeliveryAttempt>& list) {
  boost::json::array arr;
  for (const DeliveryAttempt& a : list)
    arr.push_back(boost::json::object{{"id", a.id},
                                      {"seller", a.seller},
                                      {"invoice", a.invoice},
                                      {"period", a.period.str()},
                                      {"spec_id", a.spec_id},
                                      {"buyer", a.buyer},
                                      {"logical_address", a.logical_address},
                                      {"endpoint", a.endpoint},
                                      {"attempt", a.attempt},
                                      {"outcome", a.outcome},
                                      {"result_code", a.result_code},
                                      {"comment", a.comment},
                                      {"sent_at", a.sent_at},
                                      {"sent_by", a.sent_by}});
  return boost::json::serialize(arr) + "\n";
}

void write_deliveries_csv(const std::vector<DeliveryAttempt>& list, std::FILE* out,
                          CsvDialect dialect) {
  CsvWriter w(out,
              {"id", "seller", "invoice", "period", "spec_id", "buyer", "logical_address",
               "endpoint", "attempt", "outcome", "result_code", "comment", "sent_at", "sent_by"},
              CsvText::guarded, dialect);
  for (const DeliveryAttempt& a : list) {
    w.field(a.id).field(a.seller).field(a.invoice).field(a.period.str()).field(a.spec_id);
    w.field(a.buyer).field(a.logical_address).field(a.endpoint).field(a.attempt);
    w.field(a.outcome).field(a.result_code).field(a.comment).field(a.sent_at).field(a.sent_by);
    w.end_row();
  }
  w.close();
}

}  // namespace vardavtal
