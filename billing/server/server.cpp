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
  explicit Connection(tcp::socket s) : stream(std::move(s)), stop_timer(stream.get_executor()) {}
  beast::tcp_stream stream;
  asio::steady_timer stop_timer;  // at stop: the grace period of a waiting connection
  bool idle = true;  // waiting for (or receiving) a request; only touched on the strand
};

// Connections beyond this many are closed at once (file descriptors, memory).
constexpr std::size_t kMaxConnections = 1000;
// The body a request other than an upload may carry.
constexpr std::size_t kSmallBodyLimit = 64 * 1024;

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

// The database session of the calling database thread (opened on first use).
std::unique_ptr<Store>& thread_store_slot() {
  thread_local std::unique_ptr<Store> store;
  return store;
}

Store& thread_store(const std::string& db) {
  std::unique_ptr<Store>& store = thread_store_slot();
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

// The API work of one request, on a database thread. A plain coroutine
// function: its parameters live in its frame (GCC 12 mishandles the captures
// of coroutine lambdas).
asio::awaitable<ApiResponse> run_api(std::shared_ptr<ServerState> st, ApiRequest api) {
  try {
    ApiResponse r = handle_api(thread_store(st->options.db), api);
    if (r.status == 500 && !thread_store_slot()->sql().is_connected()) {
      // The database connection was lost (e.g. PostgreSQL restarted): open a
      // new session and try once more (every request is free of side effects).
      thread_store_slot().reset();
      r = handle_api(thread_store(st->options.db), api);
    }
    co_return r;
  } catch (const std::exception& e) {  // the database cannot be opened
    ApiResponse r;
    r.status = 500;
    r.body = error_body("internal error");
    r.detail = e.what();  // logged, never sent
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
    parser.body_limit(st->options.body_limit);  // Content-Length is checked with the header
    conn->idle = true;
    stream.expires_after(st->options.read_timeout);
    // The header first: only an upload with a token may send a large body.
    auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
    (void)hn;
    beast::error_code ec = hec;
    if (!ec) {
      const auto& h = parser.get();
      const bool upload = h.method() == http::verb::post &&
                          h.target().substr(0, h.target().find('?')) == "/api/reconcile" &&
                          h[http::field::authorization].starts_with("Bearer ");
      if (!upload) parser.body_limit(kSmallBodyLimit);  // chunked bodies: checked as they come
      if (!upload && parser.content_length() && *parser.content_length() > kSmallBodyLimit) {
        ec = http::error::body_limit;
      } else {
        auto [bec, bn] = co_await http::async_read(stream, buffer, parser, use_tuple);
        (void)bn;
        ec = bec;
      }
    }
    conn->idle = false;
    const auto t0 = std::chrono::steady_clock::now();
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      auto res = make_response(11, false, ec == http::error::body_limit ? 413 : 431,
                               "application/json", error_body("request too large"));
      stream.expires_after(std::chrono::seconds(10));
      co_await http::async_write(stream, res, use_tuple);
      break;
    }
    if (ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset)
      break;   // closed, a slow client timed out, or the stop's grace period ended
    if (ec) {  // not HTTP
      auto res = make_response(11, false, 400, "application/json", error_body("bad request"));
      stream.expires_after(std::chrono::seconds(10));
      co_await http::async_write(stream, res, use_tuple);
      break;
    }
    http::request<http::string_body> req = parser.release();
    const std::string target(req.target());
    const std::string path = target.substr(0, target.find('?'));
    const bool head = req.method() == http::verb::head;
    int status = 200;
    std::string who = "-", detail;
    http::response<http::string_body> res;
    if (path.rfind("/api/", 0) == 0) {
      ApiRequest api{head ? "GET" : std::string(req.method_string()), target,
                     std::string(req[http::field::authorization]), std::move(req.body())};
      // The database work runs on the database pool; this resumes on the strand.
      ApiResponse out =
          co_await asio::co_spawn(st->db_pool, run_api(st, std::move(api)), asio::use_awaitable);
      status = out.status;
      who = out.who;
      detail = std::move(out.detail);
      res = make_response(req.version(), true, status, out.content_type, std::move(out.body));
      if (!out.filename.empty())
        res.set(http::field::content_disposition, "attachment; filename=\"" + out.filename + "\"");
      res.set(http::field::cache_control, "no-store");
      if (status == 405)
        res.set(http::field::allow, path == "/api/reconcile" ? "POST" : "GET, HEAD");
    } else if (const WebAsset* a =
                   req.method() == http::verb::get || head ? web_asset(path) : nullptr) {
      res = make_response(req.version(), true, 200, a->content_type, std::string(a->body));
    } else if (web_asset(path)) {
      status = 405;
      res = make_response(req.version(), true, 405, "application/json",
                          error_body(std::string(req.method_string()) + " is not allowed here"));
      res.set(http::field::allow, "GET, HEAD");
    } else {
      status = 404;
      res = make_response(req.version(), true, 404, "application/json",
                          error_body("page " + path + " not found"));
    }
    // Decided after the work: a stop during it closes the connection.
    const bool keep_alive = req.keep_alive() && !st->stopping;
    res.keep_alive(keep_alive);
    if (head) {
      const auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    stream.expires_after(std::chrono::seconds(30));
    beast::error_code wec;
    if (head) {
      http::response_serializer<http::string_body> sr(res);
      auto [e, wn] = co_await http::async_write_header(stream, sr, use_tuple);
      (void)wn;
      wec = e;
    } else {
      auto [e, wn] = co_await http::async_write(stream, res, use_tuple);
      (void)wn;
      wec = e;
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    {
      // One line per request; the route without its query (no identifiers).
      std::lock_guard<std::mutex> lock(st->log_mutex);
      std::fprintf(stderr, "%s %s %s %s %d %.1fms%s%s\n", utc_now().c_str(), who.c_str(),
                   std::string(req.method_string()).c_str(), path.c_str(), status, ms,
                   detail.empty() ? "" : " ", detail.c_str());
    }
    if (wec || !keep_alive) break;
  }
  beast::error_code ignored;
  conn->stop_timer.cancel();
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  std::lock_guard<std::mutex> lock(st->mutex);
  st->connections.erase(conn);
}

asio::awaitable<void> accept_loop(std::shared_ptr<ServerState> st, asio::io_context& ioc,
                                  tcp::acceptor& acceptor) {
  asio::steady_timer pause(acceptor.get_executor());
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), use_tuple);
    if (ec) {
      if (st->stopping || ec == asio::error::operation_aborted) co_return;
      // E.g. out of file descriptors: wait a little instead of spinning.
      pause.expires_after(std::chrono::milliseconds(100));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    auto conn = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard<std::mutex> lock(st->mutex);
      if (st->connections.size() >= kMaxConnections) continue;  // closed as it goes
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
  // The acceptor lives on a strand: accepting and closing at stop never race.
  tcp::acceptor acceptor(asio::make_strand(ioc));
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
    asio::post(acceptor.get_executor(), [&acceptor] {
      beast::error_code ignored;
      acceptor.close(ignored);
    });
    // A connection waiting for (or receiving) a request gets one more second
    // to complete it; busy ones finish their request; then each closes.
    std::lock_guard<std::mutex> lock(st->mutex);
    for (const auto& c : st->connections)
      asio::post(c->stream.get_executor(), [c] {
        if (!c->idle) return;
        c->stop_timer.expires_after(std::chrono::seconds(1));
        c->stop_timer.async_wait([c](const beast::error_code& e) {
          if (!e && c->idle) c->stream.cancel();
        });
      });
  });
  asio::co_spawn(acceptor.get_executor(), accept_loop(st, ioc, acceptor), asio::detached);

  std::vector<std::thread> threads;
  for (int i = 1; i < options.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  st->db_pool.join();
  std::cerr << utc_now() << " stopped\n";
  return 0;
}

}  // namespace vardavtal
