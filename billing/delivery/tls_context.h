// The TLS context both ends of a delivery use (internal to billing/delivery):
// TLS 1.2 or later, this end's certificate (with its chain) and key, and the
// CA that must have signed the other end's certificate, which is verified.
#pragma once

#include <boost/asio/ssl.hpp>
#include <stdexcept>
#include <string>

#include "core/error_text.h"

namespace vardavtal {

// `ca` empty: the system's CAs. Throws std::runtime_error naming a file that
// cannot be loaded.
inline boost::asio::ssl::context mutual_tls_context(boost::asio::ssl::context::method method,
                                                    const std::string& cert, const std::string& key,
                                                    const std::string& ca) {
  namespace ssl = boost::asio::ssl;
  ssl::context ctx(method);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(cert, ec);
  if (ec)
    throw PersonError("cannot load the certificate " + cert + ": " + ec.message(),
                      "kan inte läsa certifikatet " + cert + ": " + ec.message());
  ctx.use_private_key_file(key, ssl::context::pem, ec);
  if (ec)
    throw PersonError("cannot load the key " + key + ": " + ec.message(),
                      "kan inte läsa nyckeln " + key + ": " + ec.message());
  if (ca.empty())
    ctx.set_default_verify_paths(ec);
  else
    ctx.load_verify_file(ca, ec);
  if (ec)
    throw PersonError("cannot load the CA " + ca + ": " + ec.message(),
                      "kan inte läsa CA-certifikatet " + ca + ": " + ec.message());
  return ctx;
}

}  // namespace vardavtal
