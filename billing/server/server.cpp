#include "billing/server/server.h"

#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "billing/server/api.h"
#include "billing/server/web_assets.h"
#include "store/store.h"

namespace vardavtal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

namespace {

// One connection. Shared so that stop() can reach an idle one on its strand.
struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  bool idle = true;  // waiting for a request (only touched on the strand)
};

struct ServerState {
  ServerOptions options;
  asio::thread_pool db_pool;
  std::mutex mutex;
  std::set<std::shared_ptr<Connection>> connections;
  std::atomic<bool> stopping{false};
  std::mutex log_mutex;
  explicit ServerState(const ServerOptions& o)
      : options(o), db_pool(static_cast<std::size_t>(o.threads)) {}
};

// The database session of the calling database thread.
Store& thread_store(const std::string& db) {
  thread_local std::unique_ptr<Store> store;
  if (!store) store = std::make_unique<Store>(db);
  return *store;
}

std::string utc_now() {
  char b[32];
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return b;
}

http::response<http::string_body> make_response(unsigned version, bool keep_alive, int status,
                                                std::string_view content_type, std::string body) {
  http::response<http::string_body> res{static_cast<http::status>(status), version};
  res.set(http::field::server, "vardavtal");
  res.set(http::field::content_type, content_type);
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string error_json(const std::string& m) {
  std::string out = "{\"error\":\"";
  for (char c : m) out += c == '"' ? std::string("\\\"") : std::string(1, c);
  return out + "\"}\n";
}

// The API work of one request, on a database thread. A plain coroutine
// function: its parameters live in its frame (GCC 12 mishandles the captures
// of coroutine lambdas).
asio::awaitable<ApiResponse> run_api(std::shared_ptr<ServerState> st, ApiRequest api) {
  try {
    co_return handle_api(thread_store(st->options.db), api);
  } catch (const std::exception& e) {  // the database cannot be opened
    ApiResponse r;
    r.status = 500;
    r.body = error_json(std::string("internal error: ") + e.what());
    co_return r;
  }
}

asio::awaitable<void> serve_connection(std::shared_ptr<ServerState> st,
                                       std::shared_ptr<Connection> conn) {
  beast::flat_buffer buffer;
  beast::tcp_stream& stream = conn->stream;
  for (;;) {
    if (st->stopping) break;
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(st->options.body_limit);
    conn->idle = true;
    stream.expires_after(st->options.read_timeout);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
    conn->idle = false;
    (void)n;
    const auto t0 = std::chrono::steady_clock::now();
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      auto res = make_response(11, false, ec == http::error::body_limit ? 413 : 431,
                               "application/json", error_json("request too large"));
      stream.expires_after(std::chrono::seconds(10));
      co_await http::async_write(stream, res, use_tuple);
      break;
    }
    if (ec) break;  // closed, timed out (slow client), cancelled at stop, or malformed
    http::request<http::string_body> req = parser.release();
    const bool keep_alive = req.keep_alive() && !st->stopping;
    const std::string target(req.target());
    const std::string path = target.substr(0, target.find('?'));
    int status = 200;
    std::string who = "-";
    http::response<http::string_body> res;
    if (path.rfind("/api/", 0) == 0) {
      ApiRequest api{std::string(req.method_string()), target,
                     std::string(req[http::field::authorization]), std::move(req.body())};
      // The database work runs on the database pool; this resumes on the strand.
      ApiResponse out =
          co_await asio::co_spawn(st->db_pool, run_api(st, std::move(api)), asio::use_awaitable);
      status = out.status;
      who = out.who;
      res = make_response(req.version(), keep_alive, status, out.content_type, std::move(out.body));
      if (!out.filename.empty())
        res.set(http::field::content_disposition, "attachment; filename=\"" + out.filename + "\"");
      res.set(http::field::cache_control, "no-store");
    } else if (const WebAsset* a = req.method() == http::verb::get ? web_asset(path) : nullptr) {
      res = make_response(req.version(), keep_alive, 200, a->content_type, std::string(a->body));
    } else {
      status = 404;
      res = make_response(req.version(), keep_alive, 404, "application/json",
                          error_json("page " + path + " not found"));
    }
    stream.expires_after(std::chrono::seconds(30));
    auto [wec, wn] = co_await http::async_write(stream, res, use_tuple);
    (void)wn;
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    {
      // One line per request; the route without its query (no identifiers).
      std::lock_guard<std::mutex> lock(st->log_mutex);
      std::fprintf(stderr, "%s %s %s %s %d %.1fms\n", utc_now().c_str(), who.c_str(),
                   std::string(req.method_string()).c_str(), path.c_str(), status, ms);
    }
    if (wec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  std::lock_guard<std::mutex> lock(st->mutex);
  st->connections.erase(conn);
}

asio::awaitable<void> accept_loop(std::shared_ptr<ServerState> st, tcp::acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] =
        co_await acceptor.async_accept(asio::make_strand(acceptor.get_executor()), use_tuple);
    if (ec) {
      if (st->stopping || ec == asio::error::operation_aborted) co_return;
      continue;  // e.g. too many open files: try the next one
    }
    auto conn = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard<std::mutex> lock(st->mutex);
      st->connections.insert(conn);
    }
    auto ex = conn->stream.get_executor();
    asio::co_spawn(ex, serve_connection(st, conn), asio::detached);
  }
}

}  // namespace

int run_server(const ServerOptions& options) {
  {
    Store probe(options.db);  // fail early on a missing or old database
    probe.require_schema();
  }
  auto st = std::make_shared<ServerState>(options);
  asio::io_context ioc(options.threads);
  tcp::acceptor acceptor(ioc);
  const tcp::endpoint endpoint(asio::ip::make_address(options.address), options.port);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  std::cout << "listening on " << acceptor.local_endpoint().address().to_string() << ":"
            << acceptor.local_endpoint().port() << std::endl;

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code& ec, int) {
    if (ec) return;
    st->stopping = true;
    beast::error_code ignored;
    acceptor.close(ignored);
    // A connection waiting for (or receiving) a request gets one more second
    // to complete it; busy ones finish their request; then each closes.
    std::lock_guard<std::mutex> lock(st->mutex);
    for (const auto& c : st->connections)
      asio::post(c->stream.get_executor(), [c] {
        if (c->idle) c->stream.expires_after(std::chrono::seconds(1));
      });
  });
  asio::co_spawn(ioc, accept_loop(st, acceptor), asio::detached);

  std::vector<std::thread> threads;
  for (int i = 1; i < options.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  st->db_pool.join();
  std::cerr << utc_now() << " stopped\n";
  return 0;
}

}  // namespace vardavtal
