// One HTTP/1.1 request to the server under test on loopback, its answer read
// whole: the end-to-end tests of `vardavtal serve` (server_test.cpp,
// postgres_roles_test.cpp).
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>

namespace vardavtal::testing {

struct Reply {
  int status = 0;
  std::string body, content_type, disposition, connection, retry_after;
};

// How long request() waits for its connection, its request to be sent and
// the whole answer: a server that stops answering fails the test, instead of
// hanging it, long after any answer of the tests' servers is due.
inline constexpr std::chrono::seconds kRequestTimeout{120};

// Runs the asynchronous operation that `start` begins with its completion
// handler, to its end; throws its error (beast::error::timeout when the
// stream's time limit passed first).
template <class Start>
void finish(boost::asio::io_context& ioc, Start start) {
  boost::beast::error_code ec;
  start([&ec](boost::beast::error_code e, auto&&...) { ec = e; });
  ioc.restart();
  ioc.run();
  if (ec) throw boost::beast::system_error(ec);
}

// `method` `target` to 127.0.0.1:`port`, with a bearer `token` when given;
// throws when the server closes the connection without an answer, or gives
// none within `timeout`.
inline Reply request(unsigned short port, const std::string& method, const std::string& target,
                     const std::string& token = "", const std::string& body = "",
                     std::chrono::seconds timeout = kRequestTimeout) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  namespace http = beast::http;
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(timeout);  // the whole exchange
  const asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
  finish(ioc, [&](auto done) { stream.async_connect(server, done); });
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
  req.body() = body;
  req.prepare_payload();
  finish(ioc, [&](auto done) { http::async_write(stream, req, done); });
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  parser.skip(method == "HEAD");  // a HEAD answer has a Content-Length but no body
  finish(ioc, [&](auto done) { http::async_read(stream, buffer, parser, done); });
  auto res = parser.release();
  beast::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  return {static_cast<int>(res.result_int()),
          res.body(),
          std::string(res[http::field::content_type]),
          std::string(res[http::field::content_disposition]),
          std::string(res[http::field::connection]),
          std::string(res[http::field::retry_after])};
}

}  // namespace vardavtal::testing
