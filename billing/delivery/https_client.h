// One SOAP call over HTTPS with a client certificate (RIVTA BP 2.1: mutual
// TLS), with Boost.Beast and OpenSSL: connect, handshake verifying the
// server's certificate and host name against the CA, POST, read the answer,
// all within one time limit. Each call is independent; any thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace vardavtal {

struct HttpsEndpoint {
  std::string host, port, target;  // "ntjp.example.se", "443", "/vp/..."
  std::string url() const { return "https://" + host + ":" + port + target; }
};
// An https:// URL (port 443 when absent, target "/" when empty); nullopt for
// anything else, http:// included (the platform takes TLS only).
std::optional<HttpsEndpoint> parse_https_url(std::string_view url);

// PEM files: the client's certificate (with its chain) and key, and the CA
// that signed the server's certificate (empty: the system's CAs).
struct TlsClientFiles {
  std::string cert, key, ca;
};

struct HttpsReply {
  unsigned status = 0;  // 0: no HTTP answer (see error)
  std::string body;
  std::string error;  // a transport failure: connect, TLS, time limit
};

// POSTs `body` as text/xml with the SOAPAction header. Throws
// std::runtime_error when a TLS file cannot be loaded (a configuration
// mistake, not a delivery failure); every network failure is in `error`.
HttpsReply post_soap(const HttpsEndpoint& endpoint, const TlsClientFiles& tls,
                     std::string_view body, std::string_view soap_action,
                     std::chrono::milliseconds time_limit);

}  // namespace vardavtal
