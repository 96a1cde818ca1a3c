// `vardavtal serve`: the HTTP/1.1 server on Boost.Beast (docs/server.md).
// A coroutine per connection on its own strand reads one request at a time
// (pipelined requests wait in order; header 16 KiB, body `body_limit`), with
// header and read timeouts; a request's token and route are checked before its
// body is read; connections are capped in all, per client address, and the
// last 5 % only serve the health route and valid tokens; the API work runs on
// a separate pool of database threads,
// each with its own Store; static files are served from memory. SIGTERM or
// SIGINT stops accepting, gives a connection that is waiting for or receiving
// a request one more second, lets requests in flight finish (answered with
// Connection: close), and returns 0.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace vardavtal {

struct ServerOptions {
  std::string db;  // database path or URL, opened once per database thread
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port (printed at start)
  int threads = 2;             // network threads; as many database threads
  std::size_t body_limit = 10 * 1024 * 1024;
  std::chrono::milliseconds read_timeout{10000};  // the body, from the end of its header
  // A request's first bytes must come within this of the wait's start (a new
  // connection, or the answer before on a kept-alive one), and its whole
  // header within this of its first bytes.
  std::chrono::milliseconds header_timeout{2000};
  std::size_t max_connections = 1000;  // the last 5 % are the reserve
  std::size_t max_per_client = 64;     // connections from one client address
};

// Runs until stopped by a signal. Prints "listening on ADDRESS:PORT" to
// stdout when ready and one line per request to stderr.
int run_server(const ServerOptions& options);

}  // namespace vardavtal
