#include "billing/cli/delivery_commands.h"

#include <iostream>
#include <sstream>

#include "billing/app/delivery.h"
#include "billing/cli/serve_command.h"
#include "billing/delivery/responder.h"
#include "core/date.h"
#include "store/audit.h"

namespace vardavtal {

const char* const kDeliverHelp =
    "usage: vardavtal [--db PATH|URL] deliver --seller S --period YYYY-MM --endpoint URL\n"
    "                 --cert FILE --key FILE [--ca FILE] [--force] [--again]\n"
    "                 [--retries N] [--backoff-ms MS] [--timeout-ms MS]\n"
    "\n"
    "Sends the fakturaunderlag of each care invoice and credit note of seller S's\n"
    "month to the national platform for out-of-region invoicing: a\n"
    "ProcessClaimSpecification SOAP 1.1 request over HTTPS with the client\n"
    "certificate (RIVTA BP 2.1), addressed to the buying region's organisation\n"
    "number (docs/delivery.md). Every attempt and its answer is recorded\n"
    "(vardavtal deliveries). An invoice answered OK is not sent again unless\n"
    "--again; one answered ERROR (not received: the platform's report says why) is\n"
    "sent again by the next deliver. A technical error (no answer, a SOAP Fault) is\n"
    "retried with back-off. The month must be closed (vardavtal close) unless\n"
    "--force. Exit status 0 when every invoice is delivered, 1 otherwise.\n"
    "\n"
    "  --endpoint URL    the platform's https:// address of the service\n"
    "  --cert, --key     the seller's client certificate (with its chain) and key, PEM\n"
    "  --ca FILE         the CA of the platform's certificate (default: the system's)\n"
    "  --retries N       attempts after a technical error (default 3)\n"
    "  --backoff-ms MS   the pause before the first retry, doubled each time (default 5000)\n"
    "  --timeout-ms MS   the time limit of one attempt (default 30000)\n";

const char* const kDeliveriesHelp =
    "usage: vardavtal [--db PATH|URL] deliveries [--seller S] [--buyer B] [--period YYYY-MM]\n"
    "                 [--format table|csv|csv-sv|json]\n"
    "\n"
    "Every delivery attempt: the invoice and its month, the buyer and logical\n"
    "address, the attempt, the answer (OK, ERROR with the platform's comment, or a\n"
    "technical error) and when and by whom it was sent.\n";

const char* const kRespondHelp =
    "usage: vardavtal respond --cert FILE --key FILE --ca FILE [--listen ADDR:PORT]\n"
    "                 [--accept ORGNR,...] [--fault-first N]\n"
    "\n"
    "A local responder of the ProcessClaimSpecification contract for trying\n"
    "delivery before going live (docs/delivery.md); not the national platform.\n"
    "HTTPS requiring a client certificate from --ca; each request's fakturaunderlag\n"
    "is checked as the platform does (the RIVTA schema and the ÖR rules) and\n"
    "answered OK, or ERROR with the report. Prints 'listening on ADDR:PORT', then\n"
    "one line per request (no patient data). SIGINT or SIGTERM stops it.\n"
    "\n"
    "  --listen ADDR:PORT  default 127.0.0.1:0 (any free port)\n"
    "  --accept ORGNR,...  the logical addresses served; others are answered ERROR\n"
    "  --fault-first N     answer the first N requests with a SOAP Fault (to try retries)\n";

namespace {

const char* swedish_answer(const std::string& outcome) {
  return outcome == "ok"        ? "OK"
         : outcome == "error"   ? "ERROR (ej mottaget)"
         : outcome == "sending" ? "obekräftad"
                                : "tekniskt fel";
}

}  // namespace

int cmd_deliver(Store& store, const Args& a) {
  store.require_schema();
  DeliverRequest q;
  q.seller = a.need("--seller", "deliver");
  const std::optional<Period> period = a.period("--period");
  if (!period)
    throw UsageError("deliver needs --period YYYY-MM", "deliver behöver --period ÅÅÅÅ-MM");
  q.period = *period;
  q.endpoint = a.need("--endpoint", "deliver");
  q.tls = {a.need("--cert", "deliver"), a.need("--key", "deliver"), a.get("--ca").value_or("")};
  q.force = a.has("--force");
  q.again = a.has("--again");
  q.retries = static_cast<int>(a.number("--retries", 3, 0, 20));
  q.backoff = std::chrono::milliseconds(a.number("--backoff-ms", 5000, 0, 3'600'000));
  q.time_limit = std::chrono::milliseconds(a.number("--timeout-ms", 30000, 100, 600'000));
  q.who = os_user();
  q.attempted = [](const DeliveryAttempt& t) {
    std::cout << "faktura " << t.invoice << " till " << t.logical_address << ", försök "
              << t.attempt << ": " << swedish_answer(t.outcome);
    if (t.outcome != "ok" && !t.comment.empty())
      std::cout << " — " << t.comment.substr(0, t.comment.find('\n'));
    std::cout << std::endl;
  };
  const DeliverResult r = deliver(store, q);
  std::cout << q.seller << " " << q.period.str() << ": " << r.to_send << " fakturaunderlag, "
            << r.delivered << " levererade nu, " << r.skipped << " levererade tidigare, "
            << r.errors << " ERROR, " << r.technical << " tekniska fel\n";
  for (const std::string& n : r.unconfirmed)
    std::cout << "faktura " << n
              << ": obekräftad — skickad av en tidigare körning som avbröts innan svaret "
                 "registrerades; fråga mottagaren, eller skicka igen med --again\n";
  return r.errors == 0 && r.technical == 0 && r.unconfirmed.empty() ? 0 : 1;
}

int cmd_deliveries(Store& store, const Args& a) {
  store.require_schema();
  const std::string format = format_option(a, {"table", "csv", "csv-sv", "json"});
  const std::vector<DeliveryAttempt> list =
      list_deliveries(store, {a.get("--seller"), a.get("--buyer"), a.period("--period")});
  if (format == "table")
    std::cout << deliveries_table(list);
  else if (format == "json")
    std::cout << deliveries_json(list);
  else
    write_deliveries_csv(list, stdout,
                         format == "csv-sv" ? CsvDialect::swedish_excel : CsvDialect::machine);
  return 0;
}

int cmd_respond(const Args& a) {
  ResponderOptions o;
  o.cert = a.need("--cert", "respond");
  o.key = a.need("--key", "respond");
  o.ca = a.need("--ca", "respond");
  const ListenAddress listen = parse_listen(a.get("--listen"), nullptr, "127.0.0.1:0");
  o.address = listen.address;
  o.port = listen.port;
  if (auto accept = a.get("--accept")) {
    std::stringstream list(*accept);
    for (std::string org; std::getline(list, org, ',');)
      if (!org.empty()) o.accept.insert(org);
  }
  o.fault_first = static_cast<int>(a.number("--fault-first", 0, 0, 1000));
  o.listening = [&](unsigned short p) {
    std::cout << "listening on " << o.address << ":" << p << std::endl;
  };
  o.log = [](const std::string& line) {
    std::cout << format_iso(today()) << " " << line << std::endl;
  };
  return run_responder(o);
}

}  // namespace vardavtal
