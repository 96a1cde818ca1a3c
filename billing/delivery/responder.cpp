#include "billing/delivery/responder.h"

#include <openssl/x509.h>

#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>
#include <stdexcept>

#include "billing/delivery/soap.h"
#include "billing/delivery/tls_context.h"
#include "billing/documents/spec_check.h"
#include "core/date.h"

namespace vardavtal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);
constexpr size_t kRequestLimit = 10 * 1024 * 1024;  // the TKB's 5 MB payload, enveloped
constexpr auto kTimeLimit = std::chrono::seconds(30);
constexpr int kConnections = 16;  // at once; more are closed at accept

struct State {
  const ResponderOptions& options;
  int requests = 0;
  int connections = 0;
};

ssl::context server_context(const ResponderOptions& o) {
  ssl::context ctx = mutual_tls_context(ssl::context::tls_server, o.cert, o.key, o.ca);
  // Mutual TLS: a client without a certificate from the CA is refused.
  ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  return ctx;
}

// The client certificate's subject, for the log.
std::string peer_name(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (!cert) return "-";
  char buf[256] = "";
  X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof buf);
  X509_free(cert);
  return buf;
}

struct Decision {
  unsigned status = 200;
  std::string body, summary;
};

// read → decide: what the platform would answer this request.
Decision decide(State& st, const http::request<http::string_body>& req) {
  ++st.requests;
  std::string action(req["SOAPAction"]);
  if (action.size() >= 2 && action.front() == '"' && action.back() == '"')
    action = action.substr(1, action.size() - 2);
  if (st.requests <= st.options.fault_first)
    return {500, soap_fault("tjänsteproducenten är inte tillgänglig (prov)"), "SOAP Fault (prov)"};
  if (req.method() != http::verb::post || action != kClaimSoapAction)
    return {500, soap_fault("expected a POST with SOAPAction " + std::string(kClaimSoapAction)),
            "SOAP Fault: wrong method or SOAPAction"};
  const ClaimRequest claim = read_claim_request(req.body());
  if (!claim.problem.empty())
    return {500, soap_fault(claim.problem), "SOAP Fault: " + claim.problem};
  if (!st.options.accept.empty() && !st.options.accept.count(claim.logical_address))
    return {200, claim_response("ERROR", "okänd logisk adress " + claim.logical_address),
            claim.logical_address + " ERROR okänd logisk adress"};
  const std::vector<SpecViolation> report = check_spec_text(claim.spec_xml, today());
  if (report.empty()) return {200, claim_response("OK", ""), claim.logical_address + " OK"};
  std::string comment;
  for (const SpecViolation& v : report)
    comment += "Error: " + v.message + "\nId: " + v.rule +
               (v.line ? "\nLine: " + std::to_string(v.line) : "") + "\n";
  return {200, claim_response("ERROR", comment),
          claim.logical_address + " ERROR " + std::to_string(report.size()) + " fel (" +
              report.front().rule + ")"};
}

asio::awaitable<void> serve(std::shared_ptr<State> st, ssl::context& ctx, tcp::socket socket) {
  ++st->connections;
  struct Leave {
    State& st;
    ~Leave() { --st.connections; }
  } leave{*st};
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), ctx);
  beast::get_lowest_layer(stream).expires_after(kTimeLimit);
  auto [hs] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
  if (hs) {
    if (st->options.log) st->options.log("TLS refused: " + hs.message());
    co_return;
  }
  const std::string who = peer_name(stream.native_handle());
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kRequestLimit);
    beast::get_lowest_layer(stream).expires_after(kTimeLimit);
    auto [rec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (rec) co_return;  // closed, timed out or too large
    const auto& req = parser.get();
    const Decision d = decide(*st, req);
    if (st->options.log) st->options.log(who + " " + d.summary);
    http::response<http::string_body> res{
        d.status == 200 ? http::status::ok : http::status::internal_server_error, req.version()};
    res.set(http::field::content_type, "text/xml; charset=UTF-8");
    res.keep_alive(req.keep_alive());
    res.body() = d.body;
    res.prepare_payload();
    auto [wec, w] = co_await http::async_write(stream, res, use_tuple);
    if (wec || !res.keep_alive()) co_return;
  }
}

asio::awaitable<void> accept_loop(std::shared_ptr<State> st, ssl::context& ctx,
                                  tcp::acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
    if (ec) co_return;  // closed at stop
    if (st->connections >= kConnections) continue;  // the socket closes as it goes
    asio::co_spawn(acceptor.get_executor(), serve(st, ctx, std::move(socket)), asio::detached);
  }
}

}  // namespace

int run_responder(const ResponderOptions& options) {
  ssl::context ctx = server_context(options);
  asio::io_context ioc(1);
  tcp::acceptor acceptor(ioc);
  const tcp::endpoint endpoint(asio::ip::make_address(options.address), options.port);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen();
  if (options.listening) options.listening(acceptor.local_endpoint().port());
  auto st = std::make_shared<State>(State{options});
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code&, int) { ioc.stop(); });
  asio::co_spawn(ioc, accept_loop(st, ctx, acceptor), asio::detached);
  ioc.run();
  return 0;
}

}  // namespace vardavtal
