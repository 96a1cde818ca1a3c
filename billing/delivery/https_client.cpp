#include "billing/delivery/https_client.h"

#include <openssl/ssl.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url.hpp>
#include <stdexcept>

#include "billing/delivery/tls_context.h"

namespace vardavtal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;

namespace {

constexpr size_t kAnswerLimit = 4 * 1024 * 1024;

ssl::context client_context(const TlsClientFiles& tls) {
  ssl::context ctx = mutual_tls_context(ssl::context::tls_client, tls.cert, tls.key, tls.ca);
  ctx.set_verify_mode(ssl::verify_peer);
  return ctx;
}

}  // namespace

std::optional<HttpsEndpoint> parse_https_url(std::string_view text) {
  auto u = boost::urls::parse_absolute_uri(text);
  if (!u || u->scheme_id() != boost::urls::scheme::https || u->host().empty() ||
      u->has_userinfo() || u->has_fragment())
    return std::nullopt;
  HttpsEndpoint e;
  // An IPv6 literal without its brackets (the resolver's form).
  e.host = u->host_type() == boost::urls::host_type::ipv6 ? std::string(u->host_address())
                                                          : std::string(u->host());
  e.port = u->has_port() ? std::string(u->port()) : "443";
  e.target = std::string(u->encoded_path());
  if (e.target.empty()) e.target = "/";
  if (u->has_query()) e.target += "?" + std::string(u->encoded_query());
  return e;
}

HttpsReply post_soap(const HttpsEndpoint& endpoint, const TlsClientFiles& tls,
                     std::string_view body, std::string_view soap_action,
                     std::chrono::milliseconds time_limit) {
  ssl::context ctx = client_context(tls);
  asio::io_context ioc;
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  HttpsReply reply;
  // SNI (for a name, not an address literal: RFC 6066) and the host name or
  // address the server's certificate must name.
  beast::error_code literal;
  asio::ip::make_address(endpoint.host, literal);
  if (literal && !SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str())) {
    reply.error = "cannot set the TLS server name";
    return reply;
  }
  stream.set_verify_callback(ssl::host_name_verification(endpoint.host));

  http::request<http::string_body> req{http::verb::post, endpoint.target, 11};
  req.set(http::field::host,
          endpoint.host.find(':') == std::string::npos ? endpoint.host : "[" + endpoint.host + "]");
  req.set(http::field::user_agent, "vardavtal");
  req.set(http::field::content_type, "text/xml; charset=UTF-8");
  req.set("SOAPAction", "\"" + std::string(soap_action) + "\"");
  req.body() = std::string(body);
  req.prepare_payload();

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kAnswerLimit);
  const auto fail = [&](const char* step, const beast::error_code& ec) {
    if (reply.error.empty()) reply.error = std::string(step) + ": " + ec.message();
  };
  beast::get_lowest_layer(stream).expires_after(time_limit);
  asio::ip::tcp::resolver resolver(ioc);
  resolver.async_resolve(endpoint.host, endpoint.port, [&](beast::error_code ec, auto results) {
    if (ec) return fail("resolve", ec);
    beast::get_lowest_layer(stream).async_connect(results, [&](beast::error_code ec, auto) {
      if (ec) return fail("connect", ec);
      stream.async_handshake(ssl::stream_base::client, [&](beast::error_code ec) {
        if (ec) return fail("TLS handshake", ec);
        http::async_write(stream, req, [&](beast::error_code ec, size_t) {
          if (ec) return fail("send", ec);
          http::async_read(stream, buffer, parser, [&](beast::error_code ec, size_t) {
            if (ec) return fail("answer", ec);
            reply.status = parser.get().result_int();
            reply.body = std::move(parser.get().body());
            // Closed without a TLS close_notify exchange: the answer is
            // complete, and a peer that never answers one must not delay it.
            beast::get_lowest_layer(stream).close();
          });
        });
      });
    });
  });
  ioc.run();
  if (!reply.error.empty()) reply.status = 0;
  return reply;
}

}  // namespace vardavtal
