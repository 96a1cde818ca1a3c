#include "billing/app/delivery.h"

#include <algorithm>
#include <boost/json.hpp>
#include <thread>

#include "billing/app/invoices.h"
#include "billing/app/month_end.h"
#include "billing/app/resolve.h"
#include "billing/delivery/soap.h"
#include "billing/text/text_table.h"
#include "store/access_log.h"
#include "store/audit.h"
#include "store/ledger_store.h"
#include "store/write_transaction.h"

namespace vardavtal {

namespace {

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
    const HttpsReply reply =
        post_soap(endpoint, q.tls, request_xml, kClaimSoapAction, q.time_limit);
    ClaimAnswer answer;
    if (reply.error.empty())
      answer = read_claim_answer(reply.status, reply.body);
    else
      answer.comment = reply.error;
    a.attempt = attempt;
    a.outcome = outcome_of(answer.kind);
    a.result_code = answer.result_code;
    a.comment = answer.comment.substr(0, 4000);
    a = record(store, a, q.who);
    if (q.attempted) q.attempted(a);
    if (answer.kind != ClaimAnswer::Kind::technical || attempt > q.retries) return a;
    std::this_thread::sleep_for(pause);  // the back-off before the next attempt (TKB 4.2.1)
    pause *= 2;
  }
}

}  // namespace

DeliverResult deliver(Store& store, const DeliverRequest& q) {
  require_seller(store, q.seller);
  const std::optional<HttpsEndpoint> endpoint = parse_https_url(q.endpoint);
  if (!endpoint)
    throw UsageError("--endpoint takes an https:// URL (the platform takes TLS only), not '" +
                     q.endpoint + "'");
  require_closed(store, q.seller, q.period, q.period, q.force, "delivery");
  LedgerStore ledger(store);
  const std::set<std::string> done = DeliveryStore(store).delivered(q.seller);
  DeliverResult r;
  std::vector<Invoice> todo;
  for (Invoice& i : with_specification(store, q.seller, q.period)) {
    ++r.to_send;
    if (done.count(i.number) && !q.again)
      ++r.skipped;
    else
      todo.push_back(std::move(i));
  }
  // Built and logged before anything is sent: a read that cannot be logged
  // is not sent (docs/audit.md#access-log).
  std::vector<std::pair<std::string, std::string>> requests;  // logical address, envelope
  std::vector<std::string> patients;
  for (const Invoice& i : todo) {
    const std::optional<PartyRow> buyer = ledger.buyer_party(i.buyer);
    const std::string address = buyer ? buyer->org_number : "";
    if (address.empty())
      throw MonthEndRefused("region " + i.buyer +
                            " has no organisation number: the logical address");
    requests.emplace_back(address,
                          claim_request(invoice_document(store, i, "fakturaunderlag"), address));
    for (std::string& p : patients_of_invoice(store, i)) patients.push_back(std::move(p));
  }
  if (!todo.empty())
    log_patient_read(
        store, q.who,
        "deliver seller " + q.seller + " period " + q.period.str() + " to " + endpoint->url(),
        patients);
  for (size_t k = 0; k < todo.size(); ++k) {
    const DeliveryAttempt last =
        send(store, q, *endpoint, todo[k], requests[k].first, requests[k].second);
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
    const std::string answer = a.outcome == "ok"      ? "OK"
                               : a.outcome == "error" ? "ERROR (ej mottaget)"
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
