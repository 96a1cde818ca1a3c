#include "billing/server/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "billing/server/api.h"
#include "billing/server/pending_reads.h"
#include "billing/server/web_assets.h"
#include "store/store.h"

namespace vardavtal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

namespace {

// One connection. Shared so that stop() and eviction can reach it on its strand.
struct Connection {
  Connection(tcp::socket s, asio::ip::address c)
      : stream(std::move(s)), stop_timer(stream.get_executor()), client(std::move(c)) {}
  beast::tcp_stream stream;
  asio::steady_timer stop_timer;  // at stop: the grace period of a waiting connection
  const asio::ip::address client;
  bool reserve = false;  // accepted in the reserve: health and valid tokens only
  // Only touched on the strand:
  bool idle = true;      // waiting for (or receiving) a request
  bool evicted = false;  // its place was given to a new connection: close
  // Read by the acceptor to choose a connection to evict:
  std::atomic<bool> awaiting{true};              // waiting for a request's first bytes
  std::atomic<std::uint64_t> awaiting_since{0};  // the tick that wait began at
};

// The body a request other than an upload may carry.
constexpr std::size_t kSmallBodyLimit = 64 * 1024;

struct ServerState {
  ServerOptions options;
  asio::thread_pool db_pool;
  std::mutex mutex;  // guards connections, per_client and ticks
  std::set<std::shared_ptr<Connection>> connections;
  std::map<asio::ip::address, std::size_t> per_client;
  std::uint64_t ticks = 0;
  std::atomic<bool> stopping{false};
  std::mutex log_mutex;
  PendingReads reads;  // the access log's reads that wait for the write lock
  explicit ServerState(const ServerOptions& o)
      : options(o), db_pool(static_cast<std::size_t>(o.threads)), reads(o.db) {}
  std::uint64_t tick() {
    std::lock_guard<std::mutex> lock(mutex);
    return ++ticks;
  }
};

// The database session of the calling database thread (opened on first use).
std::unique_ptr<Store>& thread_store_slot() {
  thread_local std::unique_ptr<Store> store;
  return store;
}

Store& thread_store(const std::string& db) {
  std::unique_ptr<Store>& store = thread_store_slot();
  if (!store) store = std::make_unique<Store>(db, OpenMode::existing);
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

http::response<http::string_body> error_response(unsigned version, int status,
                                                 const std::string& message,
                                                 const std::string& message_sv) {
  return make_response(version, true, status, "application/json", error_body(message, message_sv));
}

// The database cannot be opened (a PostgreSQL server restarting, or gone):
// it was there when the server started, so try again later.
ApiResponse unreachable(const std::string& detail) {
  ApiResponse r;
  r.status = 503;
  r.body = error_body("the database cannot be reached: try again later",
                      "databasen går inte att nå: försök igen senare");
  r.detail = detail;  // logged, never sent
  r.retry_after = 5;
  return r;
}

// False when the database ended the session, or when the Store has none to
// check (its SQLite file was missing when it was made): a new Store then
// tries afresh.
bool alive(Store& store) {
  try {
    return store.sql().is_connected();
  } catch (const std::exception&) {
    return false;
  }
}

// `work` on the calling database thread's session. A session the database
// ended while it sat idle (a restart, pg_terminate_backend) is replaced
// first: SOCI's is_connected() sends PostgreSQL an empty statement (one
// round trip; nothing on SQLite). A session lost during the work is not
// tried again: a write may or may not have been committed, so the request
// is answered 503 (database_trouble) and never run twice.
template <class Work>
auto on_thread_store(const std::string& db, Work work) {
  std::unique_ptr<Store>& slot = thread_store_slot();
  if (slot && !alive(*slot)) slot.reset();
  return work(thread_store(db));
}

// The checks of a request's header, on a database thread. Plain coroutine
// functions: their parameters live in their frames (GCC 12 mishandles the
// captures of coroutine lambdas).
asio::awaitable<ApiAuthorization> run_authorize(std::shared_ptr<ServerState> st,
                                                ApiRequest header) {
  try {
    co_return on_thread_store(st->options.db,
                              [&](Store& store) { return authorize_api(store, header); });
  } catch (const std::exception& e) {  // the database cannot be opened
    ApiAuthorization refused;
    refused.refusal = unreachable(without_statement(e));
    co_return refused;
  }
}

// The API work of one request, on a database thread; `access` when its header
// has been checked already.
asio::awaitable<ApiResponse> run_api(std::shared_ptr<ServerState> st, ApiRequest api,
                                     std::optional<ApiAuthorization> access) {
  try {
    co_return on_thread_store(st->options.db, [&](Store& store) {
      return access ? handle_api(store, api, *access) : handle_api(store, api);
    });
  } catch (const std::exception& e) {  // the database cannot be opened
    co_return unreachable(without_statement(e));
  }
}

// The routes that take POST only (docs/server.md).
bool post_only(const std::string& path) {
  return path == "/api/reconcile" || path == "/api/close" || path.rfind("/api/disputes/", 0) == 0 ||
         (path.rfind("/api/invoices/", 0) == 0 && path.ends_with("/reconcile"));
}

http::response<http::string_body> api_response(unsigned version, const std::string& path,
                                               ApiResponse out) {
  auto res = make_response(version, true, out.status, out.content_type, std::move(out.body));
  if (!out.filename.empty())
    res.set(http::field::content_disposition, "attachment; filename=\"" + out.filename + "\"");
  res.set(http::field::cache_control, "no-store");
  if (out.status == 405) res.set(http::field::allow, post_only(path) ? "POST" : "GET, HEAD");
  if (out.retry_after > 0) res.set(http::field::retry_after, std::to_string(out.retry_after));
  return res;
}

http::response<http::string_body> static_response(unsigned version, http::verb method,
                                                  const std::string& path) {
  const bool get = method == http::verb::get || method == http::verb::head;
  if (const WebAsset* a = get ? web_asset(path) : nullptr)
    return make_response(version, true, 200, a->content_type, std::string(a->body));
  if (web_asset(path)) {
    auto res =
        error_response(version, 405, std::string(http::to_string(method)) + " is not allowed here",
                       std::string(http::to_string(method)) + " är inte tillåtet här");
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  return error_response(version, 404, "page " + path + " not found",
                        "sidan " + path + " finns inte");
}

// Closed, timed out, cancelled (stop, eviction): no answer is due.
bool disconnected(const beast::error_code& ec) {
  return ec == beast::error::timeout || ec == asio::error::operation_aborted ||
         ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset;
}

// Reads a request's header: its first bytes within the header timeout of the
// wait's start (the connection may be evicted meanwhile), then the rest of it
// within the header timeout of them.
asio::awaitable<beast::error_code> read_header(ServerState& st, Connection& conn,
                                               beast::flat_buffer& buffer,
                                               http::request_parser<http::string_body>& parser) {
  beast::tcp_stream& stream = conn.stream;
  if (buffer.size() == 0) {  // else a pipelined request has begun already
    if (!conn.awaiting) {    // a new connection's wait began when it was accepted
      conn.awaiting_since = st.tick();
      conn.awaiting = true;
    }
    if (conn.evicted) co_return asio::error::operation_aborted;
    stream.expires_after(st.options.header_timeout);
    auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
    conn.awaiting = false;
    if (ec) co_return ec;
    buffer.commit(n);
  }
  conn.awaiting = false;
  stream.expires_after(st.options.header_timeout);
  auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
  (void)n;
  co_return ec;
}

// One request's answer and what is logged of it.
struct Exchange {
  http::response<http::string_body> res;
  std::string method, path, who = "-", detail;
  bool head = false;
  bool close = false;        // the connection closes after the answer
  bool body_unread = false;  // answered before its body: close, draining it
  bool dropped = false;      // the body never came: close without an answer
};

// Answers a request whose header `parser` holds. Its token and route are
// checked before any body is read when it has one or came in the reserve; a
// body is read only for a valid token. In the reserve, only the health route
// and valid tokens are served (503 otherwise).
asio::awaitable<Exchange> answer_request(std::shared_ptr<ServerState> st,
                                         std::shared_ptr<Connection> conn,
                                         beast::flat_buffer& buffer,
                                         http::request_parser<http::string_body>& parser) {
  const auto& h = parser.get();
  Exchange x;
  const unsigned version = h.version();
  const http::verb verb = h.method();
  const std::string target(h.target());
  x.method = std::string(h.method_string());
  x.path = target.substr(0, target.find('?'));
  x.head = verb == http::verb::head;
  const bool api = x.path.rfind("/api/", 0) == 0;
  const bool body_pending = !parser.is_done();
  const bool upload = verb == http::verb::post && x.path == "/api/reconcile";
  const std::size_t body_limit = upload ? st->options.body_limit : kSmallBodyLimit;
  ApiRequest request{x.head ? "GET" : x.method,
                     target,
                     std::string(h[http::field::authorization]),
                     {},
                     [st](Store& store, const PatientRead& read) { st->reads.log(store, read); }};
  x.body_unread = body_pending;
  if (parser.content_length() && *parser.content_length() > body_limit) {
    x.res = error_response(version, 413, "request too large", "anropet är för stort");
    co_return x;
  }
  std::optional<ApiAuthorization> access;
  if (api && (body_pending || conn->reserve)) {
    access = co_await asio::co_spawn(st->db_pool, run_authorize(st, request), asio::use_awaitable);
    x.who = access->refusal.who;
  }
  if (conn->reserve && !(access && (access->allowed || access->who))) {
    x.res = error_response(version, 503, "the server is busy: try again later",
                           "servern är upptagen: försök igen senare");
    x.res.set(http::field::retry_after, "1");
    x.close = true;
    co_return x;
  }
  if (access && !access->allowed) {
    x.res = api_response(version, x.path, access->refusal);
    co_return x;
  }
  if (body_pending && access && access->who) {  // only a valid token's body is read
    parser.body_limit(body_limit);
    conn->stream.expires_after(st->options.read_timeout);
    auto [ec, n] = co_await http::async_read(conn->stream, buffer, parser, use_tuple);
    (void)n;
    if (ec == http::error::body_limit) {
      x.res = error_response(version, 413, "request too large", "anropet är för stort");
      co_return x;
    }
    x.dropped = static_cast<bool>(ec);
    if (ec) co_return x;
    x.body_unread = false;
  }
  conn->idle = false;
  request.body = parser.release().body();
  if (api) {
    ApiResponse out = co_await asio::co_spawn(
        st->db_pool, run_api(st, std::move(request), std::move(access)), asio::use_awaitable);
    x.who = out.who;
    x.detail = out.detail;
    x.res = api_response(version, x.path, std::move(out));
  } else {
    x.res = static_response(version, verb, x.path);
  }
  co_return x;
}

// Writes an answer (only its header for HEAD); false when the write failed.
asio::awaitable<bool> write_answer(beast::tcp_stream& stream,
                                   http::response<http::string_body>& res, bool head) {
  if (head) {
    const auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  stream.expires_after(std::chrono::seconds(30));
  beast::error_code ec;
  if (head) {
    http::response_serializer<http::string_body> sr(res);
    auto [e, n] = co_await http::async_write_header(stream, sr, use_tuple);
    (void)n;
    ec = e;
  } else {
    auto [e, n] = co_await http::async_write(stream, res, use_tuple);
    (void)n;
    ec = e;
  }
  co_return !ec;
}

// One line per request; the route without its query (no identifiers).
void log_request(ServerState& st, const Exchange& x, double ms) {
  std::lock_guard<std::mutex> lock(st.log_mutex);
  std::fprintf(stderr, "%s %s %s %s %d %.1fms%s%s\n", utc_now().c_str(), x.who.c_str(),
               x.method.c_str(), x.path.c_str(), x.res.result_int(), ms,
               x.detail.empty() ? "" : " ", x.detail.c_str());
}

// Closing with bytes unread would reset the connection, and the client could
// lose the answer before reading it: they are read and discarded (never kept)
// until the client closes, for at most the header timeout.
asio::awaitable<void> drain(beast::tcp_stream& stream, std::chrono::milliseconds limit) {
  stream.expires_after(limit);
  char sink[4096];
  for (;;) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), use_tuple);
    (void)n;
    if (ec) co_return;
  }
}

// Forgets a connection (once); under st.mutex.
void release_locked(ServerState& st, const std::shared_ptr<Connection>& conn) {
  if (st.connections.erase(conn) == 0) return;
  auto it = st.per_client.find(conn->client);
  if (--it->second == 0) st.per_client.erase(it);
}

asio::awaitable<void> serve_connection(std::shared_ptr<ServerState> st,
                                       std::shared_ptr<Connection> conn) {
  beast::flat_buffer buffer;
  bool unread = false;  // bytes may be left unread at the close
  for (;;) {
    if (st->stopping || conn->evicted) break;
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    // The Content-Length is checked with the header; each route's own limit after it.
    parser.body_limit(std::max(st->options.body_limit, kSmallBodyLimit));
    conn->idle = true;
    const beast::error_code ec = co_await read_header(*st, *conn, buffer, parser);
    if (ec && disconnected(ec)) break;  // also a slow client, a stop or an eviction
    if (ec) {                           // too large, or not HTTP
      const int status = ec == http::error::body_limit     ? 413
                         : ec == http::error::header_limit ? 431
                                                           : 400;
      auto res = error_response(11, status, status == 400 ? "bad request" : "request too large",
                                status == 400 ? "felaktigt anrop" : "anropet är för stort");
      res.keep_alive(false);
      co_await write_answer(conn->stream, res, false);
      unread = true;
      break;
    }
    const auto t0 = std::chrono::steady_clock::now();
    const bool client_keep_alive = parser.get().keep_alive();
    Exchange x = co_await answer_request(st, conn, buffer, parser);
    if (x.dropped) break;
    // Decided after the work: a stop during it closes the connection.
    const bool keep_alive =
        client_keep_alive && !x.close && !x.body_unread && !st->stopping && !conn->evicted;
    x.res.keep_alive(keep_alive);
    const bool written = co_await write_answer(conn->stream, x.res, x.head);
    log_request(
        *st, x,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    unread = x.body_unread;
    if (!written || !keep_alive) break;
  }
  beast::error_code ignored;
  conn->stop_timer.cancel();
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (unread) co_await drain(conn->stream, st->options.header_timeout);
  std::lock_guard<std::mutex> lock(st->mutex);
  release_locked(*st, conn);
}

// The connection waiting longest for a request's first bytes, if any.
std::shared_ptr<Connection> longest_awaiting(const ServerState& st) {
  std::shared_ptr<Connection> oldest;
  for (const auto& c : st.connections)
    if (c->awaiting && (!oldest || c->awaiting_since < oldest->awaiting_since)) oldest = c;
  return oldest;
}

// Takes a new connection in, or refuses it (false: it is closed at once).
// At the cap, the connection waiting longest for a request's first bytes
// gives its place up (nothing of a request is lost). One accepted above the
// non-reserved level (the last 5 % of the cap) is a reserve connection.
bool admit(ServerState& st, const std::shared_ptr<Connection>& conn) {
  std::lock_guard<std::mutex> lock(st.mutex);
  const auto same = st.per_client.find(conn->client);
  if (same != st.per_client.end() && same->second >= st.options.max_per_client) return false;
  const std::size_t cap = st.options.max_connections;
  if (st.connections.size() >= cap) {
    auto victim = longest_awaiting(st);
    if (!victim) return false;
    release_locked(st, victim);
    asio::post(victim->stream.get_executor(), [victim] {
      victim->evicted = true;  // one that has begun a request finishes it first
      if (victim->awaiting) victim->stream.cancel();
    });
  }
  conn->reserve = st.connections.size() >= cap - cap / 20;
  conn->awaiting_since = ++st.ticks;
  st.connections.insert(conn);
  ++st.per_client[conn->client];
  return true;
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
    beast::error_code peer_ec;
    const tcp::endpoint peer = socket.remote_endpoint(peer_ec);
    if (peer_ec) continue;  // gone already
    auto conn = std::make_shared<Connection>(std::move(socket), peer.address());
    if (!admit(*st, conn)) continue;  // closed as it goes
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
  st->reads.start();  // first appends what a killed server left in the spool
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
  if (const size_t left = st->reads.stop())
    std::cerr << utc_now() << " " << left
              << " reads of patient data stay in the access log spool for the next start\n";
  std::cerr << utc_now() << " stopped\n";
  return 0;
}

}  // namespace vardavtal
