// A local responder of the ProcessClaimSpecification contract, built from the
// WSDL (docs/delivery.md): HTTPS that requires a client certificate signed by
// the given CA, SOAP 1.1 POSTs with the contract's SOAPAction, each request's
// fakturaunderlag validated as the platform does (the RIVTA schema and the ÖR
// rules: check_spec) and answered OK, or ERROR with the report as comment
// (TKB 4.3.1.1). A malformed request is a SOAP Fault. For trying delivery
// before going live, for the tests and for the demo; not the national
// platform. Runs on one thread until SIGINT or SIGTERM.
#pragma once

#include <functional>
#include <set>
#include <string>

namespace vardavtal {

struct ResponderOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 0;       // 0: any free port
  std::string cert, key, ca;     // PEM: the server's certificate and key; the clients' CA
  std::set<std::string> accept;  // logical addresses served; empty: any
  int fault_first = 0;  // answer the first N requests with a SOAP Fault (a technical error)
  std::function<void(const std::string&)> log;    // one line per request, no patient data
  std::function<void(unsigned short)> listening;  // the bound port, once listening
};

// Serves until SIGINT or SIGTERM; returns 0. Throws std::runtime_error when a
// TLS file cannot be loaded or the address cannot be bound.
int run_responder(const ResponderOptions& options);

}  // namespace vardavtal
