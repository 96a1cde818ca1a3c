// End-to-end: `vardavtal serve` on loopback, the real binary. Every route, the
// access matrix (each role against each other party's data: 404 like a thing
// that does not exist), bad parameters (400, never 500), an oversized body
// (413), a slow client (timed out), pipelining, the request log (no patient
// identifiers), a graceful SIGTERM, no body read before its token and route
// are checked, and the connection limits (idle connections, per address, the
// reserve).
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <tuple>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/http_request.h"
#include "tests/e2e/injection_fixture.h"

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

using vardavtal::testing::Reply;
using vardavtal::testing::request;
using vardavtal::testing::run;
using vardavtal::testing::write;

using vardavtal::testing::wait_for;

// This host's IPv4 TCP sockets as the kernel lists them (/proc/net/tcp), so
// that a test can wait for what the server has done instead of sleeping.
struct TcpSocket {
  unsigned local_port = 0, remote_port = 0, state = 0;
  unsigned long unread = 0;  // received bytes its owner has not read yet
};
constexpr unsigned kEstablished = 0x01, kListening = 0x0A;
std::vector<TcpSocket> tcp_sockets() {
  std::vector<TcpSocket> out;
  std::ifstream in("/proc/net/tcp");
  std::string line, slot, local, remote, state, queues;
  std::getline(in, line);  // the heading
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    fields >> slot >> local >> remote >> state >> queues;  // queues: "tx:rx", in hex
    auto hex_after_colon = [](const std::string& f) {
      return std::stoul(f.substr(f.find(':') + 1), nullptr, 16);
    };
    out.push_back({static_cast<unsigned>(hex_after_colon(local)),
                   static_cast<unsigned>(hex_after_colon(remote)),
                   static_cast<unsigned>(std::stoul(state, nullptr, 16)), hex_after_colon(queues)});
  }
  return out;
}
// True when the server on `port` has read everything `client` has sent it.
bool server_has_read(unsigned short port, const tcp::socket& client) {
  for (const TcpSocket& s : tcp_sockets())
    if (s.local_port == port && s.remote_port == client.local_endpoint().port() &&
        s.state == kEstablished)
      return s.unread == 0;
  return false;
}
// True while a socket listens on `port`.
bool listening(unsigned short port) {
  for (const TcpSocket& s : tcp_sockets())
    if (s.local_port == port && s.state == kListening) return true;
  return false;
}

// A running `serve`: started with a pipe on stdout to learn its port.
struct Server {
  pid_t pid = -1;
  unsigned short port = 0;
  std::string log;  // its stderr file
  // The --listen option; empty leaves the address to $VARDAVTAL_LISTEN.
  std::string listen = "--listen 127.0.0.1:0";
  std::string listen_env;  // $VARDAVTAL_LISTEN in the server's environment, when not empty

  void start(const std::string& db, const std::string& log_path, const std::string& extra = "") {
    log = log_path;
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      dup2(out[1], 1);
      close(out[0]);
      if (listen_env.empty())
        unsetenv("VARDAVTAL_LISTEN");
      else
        setenv("VARDAVTAL_LISTEN", listen_env.c_str(), 1);
      std::string cmd = std::string("exec ") + VARDAVTAL_BINARY + " --db " + db + " serve " +
                        listen + " --read-timeout 1 " + extra + " 2>" + log_path;
      execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    ASSERT_EQ(line.rfind("listening on 127.0.0.1:", 0), 0u) << line;
    port = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
  }
  // SIGTERM, then wait_exit().
  int stop() {
    if (pid <= 0) return -1;
    kill(pid, SIGTERM);
    return wait_exit();
  }
  // Its exit status once it has exited; -1 when a signal ended it, or when it
  // has not exited within wait_for's bound (then it is killed).
  int wait_exit() {
    if (pid <= 0) return -1;
    int st = 0;
    const bool exited = wait_for([&] { return waitpid(pid, &st, WNOHANG) == pid; });
    if (!exited) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    pid = -1;
    return exited && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
};

// A connection to the server from `from` (any 127.x.y.z address on Linux).
tcp::socket connect_from(asio::io_context& ioc, const std::string& from, unsigned short port) {
  tcp::socket s(ioc);
  s.open(tcp::v4());
  s.bind(tcp::endpoint(asio::ip::make_address(from), 0));
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  return s;
}

// True when `s` has data or an end to read within 30 s: the guard before a
// blocking read that would otherwise hang a broken build (asio's blocking
// reads ignore SO_RCVTIMEO), not a timed assertion.
bool readable(tcp::socket& s) {
  pollfd p{s.native_handle(), POLLIN, 0};
  return poll(&p, 1, 30000) == 1;
}

// Sends `raw` and reads one answer: its status, 0 when the server closes the
// connection first, -1 when nothing comes within the guard.
int send_and_read(tcp::socket& s, const std::string& raw, std::string* body = nullptr) {
  beast::error_code ec;
  asio::write(s, asio::buffer(raw), ec);
  if (!readable(s)) return -1;
  beast::flat_buffer b;
  http::response<http::string_body> res;
  http::read(s, b, res, ec);
  if (ec) return 0;
  if (body) *body = res.body();
  return static_cast<int>(res.result_int());
}

std::string get_request(const std::string& target, const std::string& token = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" +
         (token.empty() ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
}

// True when the server has closed `s` (a read ends without data).
bool closed_by_server(tcp::socket& s) {
  if (!readable(s)) return false;
  char c;
  beast::error_code ec;
  const size_t n = s.read_some(asio::buffer(&c, 1), ec);
  return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::path(::testing::TempDir()) / ("server-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "agreements");
    vardavtal::testing::write_billing_catalogue(dir_);
    write(dir_ / "agreements" / "uso2021.toml",
          "id = \"USO21\"\nseller = \"USO\"\nyear = 2021\nprice_list = 2\npoint_price = 60000\n");
    write(
        dir_ / "records.csv",
        vardavtal::testing::records_header() +
            "R1,AS,191212121212,20,inpatient,K,2021-03-01,2021-03-05,A01A,100000,,341,I35.0,2080\n"
            "R3,AS,191212121212,04,doctor_visit,K,2021-03-10,,B02B,,200,341,I35.0,0480\n"
            "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,2080\n"
            "U1,USO,191212121212,20,inpatient,K,2021-03-02,2021-03-04,A01A,90000,,341,I35.0,"
            "2080\n");
    write(dir_ / "items.csv", "record_id,seller,item_code,quantity\nR3,AS,X1,2\n");
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
    ASSERT_EQ(run(bin_ + "bill --through 2021-03 >/dev/null && echo ok"), "ok\n");
    for (const char* role : {"admin", "seller:AS", "seller:USO", "buyer:20", "buyer:04"}) {
      std::string name = std::string("t-") + role;
      for (char& c : name)
        if (c == ':') c = '-';
      std::string out =
          run(bin_ + "token create --role " + role + " --name " + name + " 2>/dev/null | tail -1");
      tokens_[role] = out.substr(0, out.size() - 1);
      ASSERT_EQ(tokens_[role].size(), 68u) << out;
    }
    server_.start((dir_ / "b.db").string(), (dir_ / "server.log").string());
  }
  static void TearDownTestSuite() {
    server_.stop();
    fs::remove_all(dir_);
  }
  static Reply get(const std::string& target, const std::string& role = "admin") {
    return request(server_.port, "GET", target, role.empty() ? "" : tokens_[role]);
  }
  static boost::json::array admin_invoices() {
    return boost::json::parse(get("/api/invoices").body).as_array();
  }

  static inline fs::path dir_;
  static inline std::string bin_;
  static inline std::map<std::string, std::string> tokens_;
  static inline Server server_;
};

TEST_F(ServerTest, HealthMeAndTokens) {
  Reply h = get("/api/health", "");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body, "{\"status\":\"ok\"}\n");
  // Who the token is, and until when it is valid (the web page shows both).
  const boost::json::value me = boost::json::parse(get("/api/me").body);
  EXPECT_EQ(me.at("name").as_string(), "t-admin");
  EXPECT_EQ(me.at("role").as_string(), "admin");
  EXPECT_EQ(me.at("party").as_string(), "");
  const std::string expires(me.at("expires_at").as_string());
  EXPECT_EQ(expires.size(), 20u) << expires;  // 2027-03-03T10:00:00Z
  char now[32];
  const std::time_t t_now = std::time(nullptr);
  std::strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t_now));
  EXPECT_GT(expires, std::string(now)) << expires;
  const boost::json::value buyer = boost::json::parse(get("/api/me", "buyer:20").body);
  EXPECT_EQ(buyer.at("name").as_string(), "t-buyer-20");
  EXPECT_EQ(buyer.at("party").as_string(), "20");
  EXPECT_EQ(get("/api/me", "").status, 401);
  EXPECT_EQ(request(server_.port, "GET", "/api/me", "vdt_" + std::string(64, '0')).status, 401);
  // A revoked token is refused at once; the list shows no token itself.
  std::string t = run(bin_ + "token create --role admin --name short-lived 2>/dev/null | tail -1");
  t.pop_back();
  EXPECT_EQ(request(server_.port, "GET", "/api/me", t).status, 200);
  EXPECT_EQ(run(bin_ + "token revoke short-lived"), "token 'short-lived' återkallad\n");
  EXPECT_EQ(request(server_.port, "GET", "/api/me", t).status, 401);
  std::string list = run(bin_ + "token list");
  EXPECT_NE(list.find("short-lived"), std::string::npos);
  EXPECT_EQ(list.find("vdt_"), std::string::npos);
  int status = 0;
  run(bin_ + "token create --role seller:NOPE --name x", &status);
  EXPECT_EQ(status, 2);
}

// Issue 15: a token expires (401 after), records its last use, and rotates
// (the old token stops working at once, the new one works).
TEST_F(ServerTest, TokensExpireRecordTheirUseAndRotate) {
  auto make = [&](const std::string& args) {
    std::string t = run(bin_ + "token create --role admin " + args + " 2>/dev/null | tail -1");
    if (!t.empty()) t.pop_back();
    return t;
  };
  const std::string t = make("--name expiring --expires 2d");
  EXPECT_EQ(request(server_.port, "GET", "/api/me", t).status, 200);
  const std::string list = run(bin_ + "token list");
  const size_t row = list.find("\nexpiring ");
  ASSERT_NE(row, std::string::npos) << list;
  const std::string line = list.substr(row + 1, list.find('\n', row + 1) - row - 1);
  EXPECT_EQ(std::count(line.begin(), line.end(), 'Z'), 3) << line;  // created, expires, used
  EXPECT_EQ(line.find("aldrig"), std::string::npos) << line;
  run("sqlite3 " + (dir_ / "b.db").string() +
      " \"UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE name = 'expiring'\"");
  EXPECT_EQ(request(server_.port, "GET", "/api/me", t).status, 401);

  const std::string old = make("--name rotating");
  EXPECT_EQ(request(server_.port, "GET", "/api/me", old).status, 200);
  std::string fresh = run(bin_ + "token rotate rotating --expires 90d 2>/dev/null | tail -1");
  ASSERT_FALSE(fresh.empty());
  fresh.pop_back();
  EXPECT_NE(fresh, old);
  EXPECT_EQ(fresh.size(), 68u) << fresh;
  EXPECT_EQ(request(server_.port, "GET", "/api/me", old).status, 401);
  // The rotated token answers, with its new expiry (90 days on).
  const std::string fresh_me = request(server_.port, "GET", "/api/me", fresh).body;
  EXPECT_EQ(fresh_me.rfind("{\"name\":\"rotating\",\"role\":\"admin\",\"party\":\"\","
                           "\"expires_at\":\"20",
                           0),
            0u)
      << fresh_me;
  int status = 0;
  run(bin_ + "token rotate nobody 2>/dev/null", &status);
  EXPECT_EQ(status, 1);
  run(bin_ + "token create --role admin --name x2 --expires 11y 2>/dev/null", &status);
  EXPECT_EQ(status, 2);
  EXPECT_EQ(run(bin_ + "token list").find("vdt_"), std::string::npos);
}

// The audit trail to admins only (docs/audit.md): the fixture's init, imports
// and bill are there, in order; a seller or buyer token gets 404.
TEST_F(ServerTest, TheAuditTrailIsForAdmins) {
  const Reply r = get("/api/audit?since=2000-01-01");
  ASSERT_EQ(r.status, 200) << r.body;
  const boost::json::array rows = boost::json::parse(r.body).as_array();
  ASSERT_GE(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("command").as_string(), "init");
  EXPECT_EQ(rows[0].at("id").as_int64(), 1);
  bool billed = false;
  for (const auto& row : rows) billed = billed || row.at("command").as_string() == "bill";
  EXPECT_TRUE(billed) << r.body;
  EXPECT_EQ(get("/api/audit", "seller:AS").status, 404);
  EXPECT_EQ(get("/api/audit", "buyer:20").status, 404);
  EXPECT_EQ(get("/api/audit?since=yesterday").status, 400);
}

// Who has seen a patient's data (docs/audit.md#access-log): each answer with
// patient data is logged before it is sent, under the token's name and the
// route; the access log is for admins; a patient id is never echoed in an
// error nor written to the request log.
TEST_F(ServerTest, EveryReadOfPatientDataIsInTheAccessLog) {
  std::string care;
  for (const auto& v : admin_invoices())
    if (v.at("kind").as_string() == "care" && v.at("seller").as_string() == "AS" &&
        v.at("buyer").as_string() == "20")
      care = std::string(v.at("number").as_string());
  ASSERT_FALSE(care.empty());
  ASSERT_EQ(get("/api/invoices/" + care, "buyer:20").status, 200);
  const Reply spec = get("/api/invoices/" + care + "/documents/fakturaunderlag", "seller:AS");
  ASSERT_EQ(spec.status, 200);
  ASSERT_EQ(get("/api/explain?seller=AS&record=R1", "seller:AS").status, 200);
  ASSERT_EQ(request(server_.port, "POST", "/api/reconcile?buyer=20", tokens_["buyer:20"], spec.body)
                .status,
            200);
  const Reply r = get("/api/access-log?patient=19121212-1212");
  ASSERT_EQ(r.status, 200) << r.body;
  const boost::json::value rows = boost::json::parse(r.body);
  auto has = [&](const std::string& who, const std::string& what) {
    for (const auto& v : rows.as_array()) {
      const auto& o = v.as_object();
      if (o.at("who").as_string() == who && o.at("what").as_string() == what &&
          o.at("patients").as_int64() == 1)
        return true;
    }
    return false;
  };
  EXPECT_TRUE(has("token t-buyer-20", "GET /api/invoices/" + care)) << r.body;
  EXPECT_TRUE(has("token t-seller-AS", "GET /api/invoices/" + care + "/documents/fakturaunderlag"))
      << r.body;
  EXPECT_TRUE(has("token t-seller-AS", "GET /api/explain?seller=AS&record=R1")) << r.body;
  EXPECT_TRUE(has("token t-buyer-20", "POST /api/reconcile?buyer=20")) << r.body;
  // The question was logged too: the next answer has it.
  const Reply again = get("/api/access-log?patient=191212121212&since=2000-01-01");
  EXPECT_NE(again.body.find("\"who\":\"token t-admin\",\"what\":\"GET /api/access-log\""),
            std::string::npos)
      << again.body;
  EXPECT_EQ(get("/api/access-log?patient=191212121212", "seller:AS").status, 404);
  EXPECT_EQ(get("/api/access-log?patient=191212121212", "buyer:20").status, 404);
  EXPECT_EQ(get("/api/access-log").status, 400);
  const Reply bad = get("/api/access-log?patient=191212121213");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body.find("191212121213"), std::string::npos) << bad.body;
  std::string log;
  ASSERT_TRUE(wait_for([&] {
    std::ifstream in(server_.log);
    std::stringstream ss;
    ss << in.rdbuf();
    log = ss.str();
    return log.find(" t-admin GET /api/access-log 400 ") != std::string::npos;
  })) << log;
  EXPECT_EQ(log.find("19121212"), std::string::npos) << log;
}

// The held records (`vardavtal held`): for admins and the seller's own
// token; a buyer token gets 404 (held care is not billed to it).
TEST_F(ServerTest, HeldRecordsForAdminsAndTheirSeller) {
  const Reply all = get("/api/held");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_TRUE(boost::json::parse(all.body).is_array()) << all.body;
  EXPECT_EQ(get("/api/held", "seller:AS").status, 200);
  EXPECT_EQ(get("/api/held?seller=USO", "seller:AS").body, "[]\n");
  EXPECT_EQ(get("/api/held", "buyer:20").status, 404);
  EXPECT_EQ(get("/api/held?seller=XX").status, 400);
}

// Month-end (docs/erp.md): the status for admins and the seller's own token
// (a buyer's gets 404); closing by POST, the seller's token or an admin's.
TEST_F(ServerTest, MonthStatusAndCloseForTheSellerAndAdmins) {
  const Reply mine = get("/api/status", "seller:AS");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const boost::json::array months = boost::json::parse(mine.body).as_array();
  ASSERT_FALSE(months.empty());
  for (const auto& m : months) EXPECT_EQ(m.at("seller").as_string(), "AS");
  EXPECT_EQ(get("/api/status?seller=USO", "seller:AS").body, "[]\n");
  EXPECT_EQ(get("/api/status", "buyer:20").status, 404);
  EXPECT_EQ(get("/api/status?seller=XX").status, 400);

  const std::string target = "/api/close?seller=AS&period=2021-02";
  EXPECT_EQ(get(target, "seller:AS").status, 405);
  EXPECT_EQ(request(server_.port, "POST", target, tokens_["seller:USO"]).status, 404);
  EXPECT_EQ(request(server_.port, "POST", target, tokens_["buyer:20"]).status, 404);
  const Reply later =
      request(server_.port, "POST", "/api/close?seller=AS&period=2021-09", tokens_["seller:AS"]);
  EXPECT_EQ(later.status, 409) << later.body;
  EXPECT_NE(later.body.find("not billed"), std::string::npos) << later.body;
  const Reply closed = request(server_.port, "POST", target, tokens_["seller:AS"]);
  ASSERT_EQ(closed.status, 200) << closed.body;
  const auto row = boost::json::parse(closed.body).at(0);
  EXPECT_EQ(row.at("period").as_string(), "2021-02");
  EXPECT_FALSE(row.at("closed_at").is_null());
  EXPECT_EQ(row.at("closed_by").as_string(), "token t-seller-AS");
}

// Deliveries to the national platform (docs/delivery.md): an admin sees all,
// a seller token its own hospital's, a buyer token those addressed to it.
TEST_F(ServerTest, DeliveriesAreScopedToTheSellerAndTheBuyer) {
  std::string to04, to20;
  for (const auto& v : admin_invoices()) {
    const auto& i = v.as_object();
    if (i.at("seller").as_string() != "AS" || i.at("kind").as_string() != "care") continue;
    (i.at("buyer").as_string() == "04" ? to04 : to20) = std::string(i.at("number").as_string());
  }
  ASSERT_FALSE(to04.empty() || to20.empty());
  for (const auto& [id, number, buyer] : {std::tuple{901, to04, "04"}, {902, to20, "20"}})
    ASSERT_EQ(run("sqlite3 " + (dir_ / "b.db").string() + " \"INSERT INTO deliveries VALUES (" +
                  std::to_string(id) + ", 'AS', '" + number + "', 'x', '" + buyer +
                  "', '2321000000', 'https://x', 1, 'ok', 'OK', '', '2026-01-01T00:00:00Z', "
                  "'test')\" && echo ok"),
              "ok\n");
  auto list = [](const std::string& target, const std::string& role) {
    const Reply r = get(target, role);
    EXPECT_EQ(r.status, 200) << target << " " << role << ": " << r.body;
    return boost::json::parse(r.body).as_array();
  };
  EXPECT_EQ(list("/api/deliveries", "admin").size(), 2u);
  EXPECT_EQ(list("/api/deliveries", "seller:AS").size(), 2u);
  EXPECT_EQ(list("/api/deliveries", "seller:USO").size(), 0u);
  EXPECT_EQ(list("/api/deliveries?seller=AS", "seller:USO").size(), 0u);
  const auto mine = list("/api/deliveries", "buyer:20");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("buyer").as_string(), "20");
  EXPECT_EQ(list("/api/deliveries?buyer=04", "buyer:20").size(), 0u);
  EXPECT_EQ(get("/api/deliveries?period=2021-3").status, 400);
}

// Credit-note lines and late lines, scoped as the invoice list: each token
// sees its own party's; another party's filter gives []. (Their content:
// BillingCli.CreditsAndLateListTheLinesWithReasonsAndDates.)
TEST_F(ServerTest, CreditAndLateLinesAreScopedLikeInvoices) {
  for (const char* route : {"/api/credits", "/api/late"}) {
    const std::string r = route;
    EXPECT_EQ(get(r).status, 200) << r;
    EXPECT_TRUE(boost::json::parse(get(r, "buyer:20").body).is_array()) << r;
    EXPECT_EQ(get(r + "?buyer=04", "buyer:20").body, "[]\n") << r;
    EXPECT_EQ(get(r + "?seller=USO", "seller:AS").body, "[]\n") << r;
    EXPECT_EQ(get(r + "?period=2021-13").status, 400) << r;
    EXPECT_EQ(get(r, "").status, 401) << r;
  }
}

TEST_F(ServerTest, EveryRouteAnswersTheAdmin) {
  auto list = admin_invoices();
  ASSERT_GE(list.size(), 4u);
  std::string care;
  for (const auto& v : list)
    if (v.at("kind").as_string() == "care" && v.at("seller").as_string() == "AS" && care.empty())
      care = std::string(v.at("number").as_string());
  Reply one = get("/api/invoices/" + care + "?seller=AS");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(boost::json::parse(one.body).at("number").as_string(), care);
  const std::map<std::string, std::string> types = {
      {"fakturaunderlag", "application/xml"},
      {"peppol", "application/xml"},
      {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"csv", "text/csv"}};
  std::string spec;
  for (const auto& [doc, type] : types) {
    Reply d = get("/api/invoices/" + care + "/documents/" + doc + "?seller=AS");
    ASSERT_EQ(d.status, 200) << doc << " " << d.body;
    EXPECT_EQ(d.content_type.rfind(type, 0), 0u) << doc;
    EXPECT_NE(d.disposition.find("attachment; filename=\"" + care), std::string::npos) << doc;
    if (doc == "fakturaunderlag") spec = d.body;
  }
  for (const char* t : {"invoiced", "contacts", "top-drg", "clinics", "invoiced-split",
                        "decomposition", "cost-per-point"}) {
    Reply f = get(std::string("/api/followup/") + t + "?seller=AS&year=2021&restate=LPIK");
    EXPECT_EQ(f.status, 200) << t << " " << f.body;
    EXPECT_EQ(boost::json::parse(f.body).at("table").as_string(), t);
  }
  EXPECT_EQ(get("/api/followup/buyer-top-drg?seller=AS&year=2021&buyer=20").status, 200);
  EXPECT_EQ(get("/api/followup/bought?buyer=20&year=2021").status, 200);
  // The contacts table equals the CLI's.
  EXPECT_EQ(get("/api/followup/contacts?seller=AS&year=2021").body,
            run(bin_ + "followup contacts --seller AS --year 2021 --format json"));
  // Reconciling the issued specification as its buyer: no findings.
  const std::string buyer(boost::json::parse(one.body).at("buyer").as_string());
  Reply r = request(server_.port, "POST", "/api/reconcile?buyer=" + buyer, tokens_["admin"], spec);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("findings").as_array().size(), 0u) << r.body;
  Reply e = get("/api/explain?seller=AS&record=R1");
  ASSERT_EQ(e.status, 200);
  // The English as `text` (for the API's clients), the Swedish as `text_sv`:
  // the CLI's JSON, whose `text_sv` is what the CLI prints for people.
  EXPECT_EQ(e.body, run(bin_ + "explain --seller AS --record R1 --format json"));
  EXPECT_EQ(boost::json::parse(e.body).at("text_sv").as_string(),
            run(bin_ + "explain --seller AS --record R1"));
  EXPECT_EQ(std::string(boost::json::parse(e.body).at("text").as_string()).rfind("Record AS R1", 0),
            0u);
  // The web page.
  Reply page = get("/", "");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(get("/app.js", "").content_type, "text/javascript; charset=utf-8");
}

// Issue 11 items 4 and 5 through the API: `bought` restates with restate=LPIK
// (and says so in its note), rows carry codes, and the API equals the CLI.
TEST_F(ServerTest, FollowupBoughtRestatesAndRowsCarryCodes) {
  const std::string q = "/api/followup/bought?buyer=20&year=2021&restate=LPIK";
  Reply b = get(q, "buyer:20");
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.body, run(bin_ + "followup bought --buyer 20 --year 2021 --restate LPIK "
                               "--format json"));
  auto j = boost::json::parse(b.body);
  // AS sold to 20 in 2020 R6 for 98 000.00: restated with LPIK 2021 (2 %) 99 960.00.
  const auto& as = j.at("rows").at(0);
  EXPECT_EQ(as.at("seller_code").as_string(), "AS");
  EXPECT_EQ(as.at("bought_2020_restated").as_int64(), 9996000);
  EXPECT_EQ(as.at("bought_2020").as_int64(), 9800000);
  EXPECT_EQ(j.at("note").as_string(), "*) 2020 uppräknat med LPIK 2021 på 2 % (faktor 1.02)");
  // Without restate: as invoiced, no note.
  auto plain = boost::json::parse(get("/api/followup/bought?buyer=20&year=2021", "buyer:20").body);
  EXPECT_EQ(plain.at("rows").at(0).at("bought_2020").as_int64(), 9800000);
  EXPECT_FALSE(plain.at("rows").at(0).as_object().contains("bought_2020_restated"));
  EXPECT_TRUE(plain.at("note").is_null());
  EXPECT_EQ(get("/api/followup/bought?buyer=20&year=2021&restate=NOPE", "buyer:20").status, 400);
  // The invoiced table's rows name the buyer region by code too (Dalarna = 20).
  auto inv = boost::json::parse(
      get("/api/followup/invoiced?seller=AS&year=2021&restate=LPIK", "seller:AS").body);
  const auto& dalarna = inv.at("rows").at(0);
  EXPECT_EQ(dalarna.at("region").as_string(), "Dalarna");
  EXPECT_EQ(dalarna.at("region_code").as_string(), "20");
  EXPECT_TRUE(dalarna.as_object().contains("diff_pct_as_invoiced"));
}

// The API's CSV download guards imported text that a spreadsheet would read as a formula
// (tests/e2e/injection_fixture.h), as `invoice N --format csv` does.
TEST(ServerCsvDownload, GuardsFormulaLikeText) {
  const fs::path dir = vardavtal::testing::fresh_test_dir("server-csv");
  vardavtal::testing::write_injection_fixture(dir);
  const std::string bin = vardavtal::testing::binary_on(dir);
  ASSERT_EQ(vardavtal::testing::init_and_import_all(bin, dir), "ok\n");
  ASSERT_EQ(run(bin + "bill --through 2021-03 >/dev/null && echo ok"), "ok\n");
  std::string token = run(bin + "token create --role buyer:20 --name b20 2>/dev/null | tail -1");
  token.pop_back();
  Server server;
  server.start((dir / "b.db").string(), (dir / "server.log").string());
  Reply d = request(server.port, "GET", "/api/invoices/0300000008/documents/csv?seller=AS", token);
  EXPECT_EQ(server.stop(), 0);
  ASSERT_EQ(d.status, 200) << d.body;
  // R1: the record id, the pseudonym and the referral id guarded; the amounts are numbers.
  EXPECT_EQ(d.body.substr(d.body.find('\n') + 1),
            "0300000008,1,'+cmd|' /C calc'!A0,1,20,2021-03-05,A01A,100000.00,0.00,0.00,0.00,0.00,"
            "100000.00,50000.00,0,,,,invoice,AS,ZVF23210000242103000002,2021-04-01,'@SUM(1+1),"
            "2080,inpatient,2021-03-01,2021-03-05,0,'-2+3,0,50000.00,,2321000024,,"
            "'@Akademiska sjukhuset,0.00,0.00,\n");
  EXPECT_EQ(d.body, run(bin + "invoice 0300000008 --format csv"));
  fs::remove_all(dir);
}

TEST_F(ServerTest, DisputesAreSavedByTheBuyerSeenByTheSellerAndSetByTheBuyerOnly) {
  std::string care;
  for (const auto& v : admin_invoices())
    if (v.at("kind").as_string() == "care" && v.at("seller").as_string() == "AS" &&
        v.at("buyer").as_string() == "20" && care.empty())
      care = std::string(v.at("number").as_string());
  Reply spec = get("/api/invoices/" + care + "/documents/fakturaunderlag?seller=AS");
  ASSERT_EQ(spec.status, 200) << spec.body;
  // Region 04 checks 20's specification (force=1) with every amount of 98 000 kr raised by
  // 1 000 kr: the nets no longer add up and the line is re-priced lower (code 2).
  std::string raised = spec.body;
  for (size_t at = raised.find(">98000.00<"); at != std::string::npos;
       at = raised.find(">98000.00<", at))
    raised.replace(at, 10, ">99000.00<");
  ASSERT_NE(raised, spec.body);
  Reply r = request(server_.port, "POST", "/api/reconcile?buyer=04&force=1&save=1",
                    tokens_["buyer:04"], raised);
  ASSERT_EQ(r.status, 200) << r.body;
  const boost::json::object report = boost::json::parse(r.body).as_object();
  const int64_t added = report.at("saved").at("added").as_int64();
  ASSERT_GT(added, 0) << r.body;
  EXPECT_EQ(report.at("saved").at("text").as_string(),
            "Sparade " + std::to_string(added) + (added == 1 ? " ny tvist" : " nya tvister") +
                ", 0 fanns redan");
  auto list = [&](const std::string& role, const std::string& q = "") {
    Reply x = get("/api/disputes" + q, role);
    EXPECT_EQ(x.status, 200) << x.body;
    return boost::json::parse(x.body).as_array();
  };
  const boost::json::array mine = list("buyer:04");
  ASSERT_EQ(static_cast<int64_t>(mine.size()), added);
  const int64_t id = mine[0].at("id").as_int64();
  EXPECT_EQ(mine[0].at("status").as_string(), "bestridd");
  EXPECT_EQ(list("buyer:20").size(), 0u);               // not 20's disputes
  EXPECT_EQ(list("buyer:20", "?buyer=04").size(), 0u);  // nor by asking
  EXPECT_EQ(list("seller:AS").size(), mine.size());     // against AS
  EXPECT_EQ(list("admin", "?status=godk%C3%A4nd").size(), 0u);
  // Only the buyer (or an admin) sets a status; the seller and others get 404.
  const std::string target = "/api/disputes/" + std::to_string(id);
  const std::string body = "{\"status\":\"godkänd\",\"comment\":\"Rätt enligt avtalet\"}";
  EXPECT_EQ(request(server_.port, "POST", target, tokens_["seller:AS"], body).status, 404);
  EXPECT_EQ(request(server_.port, "POST", target, tokens_["buyer:20"], body).status, 404);
  EXPECT_EQ(request(server_.port, "GET", target, tokens_["buyer:04"]).status, 405);
  Reply bad = request(server_.port, "POST", target, tokens_["buyer:04"], "{\"status\":\"klar\"}");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(request(server_.port, "POST", target, tokens_["buyer:04"], "nonsense").status, 400);
  Reply set = request(server_.port, "POST", target, tokens_["buyer:04"], body);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(boost::json::parse(set.body).at(0).at("status").as_string(), "godkänd");
  const boost::json::array after = list("seller:AS", "?status=godk%C3%A4nd");
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].at("comment").as_string(), "Rätt enligt avtalet");
  // The Tvistelista as XLSX.
  Reply xlsx = get("/api/disputes?format=xlsx", "buyer:04");
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);
}

TEST_F(ServerTest, SearchIsScopedToWhatTheTokenMaySee) {
  auto found = [&](const std::string& q, const std::string& role) {
    Reply r = get("/api/search?" + q, role);
    EXPECT_EQ(r.status, 200) << q << " " << role << " " << r.body;
    return boost::json::parse(r.body).as_array().size();
  };
  // R1 was billed to 20 by AS.
  EXPECT_GT(found("record=R1", "buyer:20"), 0u);
  EXPECT_EQ(found("record=R1", "buyer:04"), 0u);
  EXPECT_EQ(found("record=R1&buyer=20", "buyer:04"), 0u);
  EXPECT_GT(found("record=R1", "seller:AS"), 0u);
  EXPECT_EQ(found("record=R1", "seller:USO"), 0u);
  EXPECT_GT(found("patient=19121212-1212", "admin"), 0u);
  EXPECT_EQ(found("patient=191212121212", "buyer:20"),
            found("patient=191212121212&buyer=20", "admin"));
  // POST with the key in the body: the personnummer stays out of the URL.
  Reply posted = request(server_.port, "POST", "/api/search", tokens_["buyer:20"],
                         "{\"patient\":\"19121212-1212\"}");
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(boost::json::parse(posted.body).as_array().size(),
            found("patient=191212121212", "buyer:20"));
  EXPECT_EQ(request(server_.port, "POST", "/api/search", tokens_["buyer:20"], "{}").status, 400);
  // The access log names the route and scope, never the searched id.
  Reply log = get("/api/access-log?patient=191212121212", "admin");
  EXPECT_NE(log.body.find("POST /api/search"), std::string::npos) << log.body;
  EXPECT_EQ(log.body.find("search?patient"), std::string::npos) << log.body;
  Reply none = get("/api/search", "buyer:20");
  EXPECT_EQ(none.status, 400);
  Reply bad = get("/api/search?patient=1912121212", "buyer:20");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body.find("1912121212"), std::string::npos) << bad.body;  // never echoed
}

TEST_F(ServerTest, StamAvReconcilesAnInvoicesOwnSpecificationAsItsBuyer) {
  std::string care, subscription;
  for (const auto& v : admin_invoices()) {
    if (v.at("seller").as_string() != "AS" || v.at("buyer").as_string() != "20") continue;
    std::string& n = v.at("kind").as_string() == "care" ? care : subscription;
    if (n.empty() && v.at("type").as_string() == "invoice")
      n = std::string(v.at("number").as_string());
  }
  ASSERT_FALSE(care.empty());
  ASSERT_FALSE(subscription.empty());
  const std::string target = "/api/invoices/" + care + "/reconcile?seller=AS";
  Reply r = request(server_.port, "POST", target, tokens_["buyer:20"]);
  ASSERT_EQ(r.status, 200) << r.body;
  const boost::json::object report = boost::json::parse(r.body).as_object();
  EXPECT_EQ(report.at("buyer").as_string(), "20");
  ASSERT_EQ(report.at("invoices").as_array().size(), 1u);
  EXPECT_EQ(report.at("invoices").at(0).at("invoice").as_string(), care);
  EXPECT_EQ(report.at("findings").as_array().size(), 0u) << r.body;  // as issued: clean
  // Only its buyer (or an admin): the seller and another region get 404; GET is 405.
  EXPECT_EQ(request(server_.port, "POST", target, tokens_["admin"]).status, 200);
  // save=1 answers what was saved (nothing to dispute here).
  Reply saved = request(server_.port, "POST", target + "&save=1", tokens_["buyer:20"]);
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(boost::json::parse(saved.body).at("saved").at("added").as_int64(), 0);
  EXPECT_EQ(request(server_.port, "POST", target, tokens_["seller:AS"]).status, 404);
  EXPECT_EQ(request(server_.port, "POST", target, tokens_["buyer:04"]).status, 404);
  Reply get = request(server_.port, "GET", target, tokens_["buyer:20"]);
  EXPECT_EQ(get.status, 405);
  // A subscription invoice has no fakturaunderlag to check.
  Reply sub =
      request(server_.port, "POST", "/api/invoices/" + subscription + "/reconcile?seller=AS",
              tokens_["buyer:20"]);
  EXPECT_EQ(sub.status, 400) << sub.body;
  EXPECT_NE(sub.body.find("ingen vårdfaktura"), std::string::npos) << sub.body;
}

TEST_F(ServerTest, ASpecificationAddressedToAnotherRegionIsRefusedUnlessForced) {
  std::string care;
  for (const auto& v : admin_invoices())
    if (v.at("kind").as_string() == "care" && v.at("seller").as_string() == "AS" &&
        v.at("buyer").as_string() == "20" && care.empty())
      care = std::string(v.at("number").as_string());
  ASSERT_FALSE(care.empty());
  Reply spec = get("/api/invoices/" + care + "/documents/fakturaunderlag?seller=AS");
  ASSERT_EQ(spec.status, 200) << spec.body;
  Reply r =
      request(server_.port, "POST", "/api/reconcile?buyer=04", tokens_["buyer:04"], spec.body);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("addressed to region 20 Region Dalarna (2321000180)"), std::string::npos)
      << r.body;
  // The same in Swedish for the web page (error_sv).
  EXPECT_NE(r.body.find("\"error_sv\":\"specification: fakturaunderlag "), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("är ställt till region 20 Region Dalarna"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("force=1"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("/tmp/"), std::string::npos) << r.body;
  Reply forced = request(server_.port, "POST", "/api/reconcile?buyer=04&force=1",
                         tokens_["buyer:04"], spec.body);
  ASSERT_EQ(forced.status, 200) << forced.body;
  EXPECT_EQ(boost::json::parse(forced.body).at("invoices").as_array().size(), 1u) << forced.body;
  Reply own =
      request(server_.port, "POST", "/api/reconcile?buyer=20", tokens_["buyer:20"], spec.body);
  EXPECT_EQ(own.status, 200) << own.body;
}

TEST_F(ServerTest, EachRoleSeesOnlyItsOwn) {
  const std::map<std::string, std::pair<std::string, std::string>> parties = {
      {"seller:AS", {"seller", "AS"}},
      {"seller:USO", {"seller", "USO"}},
      {"buyer:20", {"buyer", "20"}},
      {"buyer:04", {"buyer", "04"}}};
  auto invoices = admin_invoices();
  for (const auto& [role, party] : parties) {
    // The list holds exactly the party's invoices.
    auto mine = boost::json::parse(get("/api/invoices", role).body).as_array();
    size_t expected = 0;
    for (const auto& v : invoices)
      if (v.at(party.first).as_string() == party.second) ++expected;
    EXPECT_EQ(mine.size(), expected) << role;
    EXPECT_GT(expected, 0u) << role;
    for (const auto& v : invoices) {
      const std::string number(v.at("number").as_string());
      const std::string seller(v.at("seller").as_string());
      const bool own = v.at(party.first).as_string() == party.second;
      for (const std::string suffix : {"", "/documents/peppol"}) {
        Reply r = get("/api/invoices/" + number + suffix + "?seller=" + seller, role);
        EXPECT_EQ(r.status, own ? 200 : 404) << role << " " << number << suffix;
        if (!own) {  // exactly as for an invoice that does not exist
          Reply none = get("/api/invoices/0399999999" + suffix + "?seller=" + seller, role);
          EXPECT_EQ(r.body, "{\"error\":\"invoice " + number +
                                " not found\",\"error_sv\":\"faktura " + number +
                                " finns inte\"}\n");
          EXPECT_EQ(none.body,
                    "{\"error\":\"invoice 0399999999 not found\",\"error_sv\":\"faktura "
                    "0399999999 finns inte\"}\n");
        }
      }
    }
  }
  // Follow-up: a seller sees its own tables, nobody else's; buyers see only `bought`, their own.
  EXPECT_EQ(get("/api/followup/contacts?seller=AS&year=2021", "seller:AS").status, 200);
  EXPECT_EQ(get("/api/followup/contacts?seller=AS&year=2021", "seller:USO").status, 404);
  EXPECT_EQ(get("/api/followup/contacts?seller=AS&year=2021", "buyer:20").status, 404);
  EXPECT_EQ(get("/api/followup/bought?buyer=20&year=2021", "buyer:20").status, 200);
  EXPECT_EQ(get("/api/followup/bought?buyer=20&year=2021", "buyer:04").status, 404);
  EXPECT_EQ(get("/api/followup/bought?buyer=20&year=2021", "seller:AS").status, 404);
  // The referred table (§8.6) is a buyer's view too.
  EXPECT_EQ(get("/api/followup/referred?buyer=20&year=2021", "buyer:20").status, 200);
  EXPECT_EQ(get("/api/followup/referred?buyer=20&year=2021", "buyer:04").status, 404);
  EXPECT_EQ(get("/api/followup/referred?buyer=20&year=2021", "seller:AS").status, 404);
  // Reconcile only as oneself; explain only one's own records (or those billed to one).
  for (const char* role : {"seller:AS", "buyer:04"})
    EXPECT_EQ(request(server_.port, "POST", "/api/reconcile?buyer=20", tokens_[role], "x").status,
              404)
        << role;
  EXPECT_EQ(get("/api/explain?seller=AS&record=R1", "seller:AS").status, 200);
  EXPECT_EQ(get("/api/explain?seller=AS&record=R1", "seller:USO").status, 404);
  // A buyer sees how a record billed to it was priced (R1 went to 20), no other.
  EXPECT_EQ(get("/api/explain?seller=AS&record=R1", "buyer:20").status, 200);
  EXPECT_EQ(get("/api/explain?seller=AS&record=R1", "buyer:04").status, 404);
  EXPECT_EQ(get("/api/explain?seller=AS&record=NOPE", "seller:AS").status, 404);
}

// The billing preview: sellers (their own hospital) and admins; what the CLI's
// dry run says; nothing written.
TEST_F(ServerTest, BillDryRunForSellersAndAdmins) {
  const size_t issued = admin_invoices().size();
  Reply admin = get("/api/bill/dry-run?through=2021-04");
  ASSERT_EQ(admin.status, 200) << admin.body;
  EXPECT_EQ(admin.body, run(bin_ + "bill --through 2021-04 --dry-run --format json"));
  // AS's 2021-04: the subscription installments of AGR21 to its buyers.
  const auto would = boost::json::parse(admin.body).at("invoices").as_array();
  ASSERT_FALSE(would.empty());
  for (const auto& v : would) EXPECT_EQ(v.at("period").as_string(), "2021-04");
  Reply own = get("/api/bill/dry-run?through=2021-04", "seller:AS");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.body, run(bin_ + "bill --through 2021-04 --seller AS --dry-run --format json"));
  EXPECT_EQ(get("/api/bill/dry-run?through=2021-04&seller=AS", "seller:USO").status, 403);
  EXPECT_EQ(get("/api/bill/dry-run?through=2021-04", "buyer:04").status, 403);
  EXPECT_EQ(get("/api/bill/dry-run?through=2021-13").status, 400);
  EXPECT_EQ(get("/api/bill/dry-run").status, 400);
  EXPECT_EQ(admin_invoices().size(), issued);  // nothing was issued
}

TEST_F(ServerTest, BadParametersAre400NeverA500) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"/api/invoices?period=2021-13", 400},
      {"/api/invoices/abc", 400},
      {"/api/followup/contacts?seller=AS&year=20x1", 400},
      {"/api/followup/contacts?seller=AS", 400},
      {"/api/followup/nosuch?seller=AS&year=2021", 400},
      {"/api/followup/invoiced?seller=AS&year=2021&restate=NOPE", 400},
      {"/api/followup/bought?year=2021", 400},
      {"/api/explain?seller=AS", 400},
      {"/api/nosuch", 404},
      {"/nosuch.html", 404}};
  for (const auto& [target, status] : cases) {
    Reply r = get(target);
    EXPECT_EQ(r.status, status) << target << " " << r.body;
    EXPECT_EQ(r.content_type, "application/json") << target;
    EXPECT_NE(r.body.find("\"error\""), std::string::npos) << target;
  }
  EXPECT_EQ(request(server_.port, "DELETE", "/api/invoices", tokens_["admin"]).status, 405);
  EXPECT_EQ(request(server_.port, "POST", "/api/reconcile?buyer=20", tokens_["admin"], "").status,
            400);
  // HEAD, 405 with Allow, a large body where none belongs, not HTTP at all, JSON of odd paths.
  Reply head = request(server_.port, "HEAD", "/", "");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(request(server_.port, "POST", "/", "").status, 405);
  EXPECT_EQ(
      request(server_.port, "GET", "/api/me", tokens_["admin"], std::string(70000, 'x')).status,
      413);
  Reply odd = get("/x%22y\\z\"");
  EXPECT_EQ(odd.status, 404);
  EXPECT_NO_THROW(boost::json::parse(odd.body)) << odd.body;
  {
    asio::io_context ioc;
    tcp::socket junk(ioc);
    junk.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_.port));
    asio::write(junk, asio::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
    beast::flat_buffer b;
    http::response<http::string_body> res;
    beast::error_code ec;
    http::read(junk, b, res, ec);
    EXPECT_EQ(res.result_int(), 400u) << ec.message();
  }
  Reply bad = request(server_.port, "POST", "/api/reconcile?buyer=20", tokens_["admin"],
                      "<?xml version=\"1.0\"?><ProcessClaimSpecification><oops>");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("specification"), std::string::npos) << bad.body;
  EXPECT_EQ(bad.body.find("/tmp/"), std::string::npos) << bad.body;
}

// Every error answer carries the English (`error`, for programs) and the
// Swedish (`error_sv`, for people), also when it comes from the application
// layer (an unknown seller, a year without data) and not from the server.
TEST_F(ServerTest, ErrorsAreEnglishForProgramsAndSwedishForPeople) {
  const std::vector<std::tuple<std::string, int, std::string, std::string>> cases = {
      {"/api/followup/contacts?seller=XX&year=2021", 400,
       "unknown seller 'XX'; sellers: AS, ENK, USO", "okänd säljare 'XX'; säljare: AS, ENK, USO"},
      {"/api/followup/contacts?seller=AS&year=20x1", 400,
       "parameter 'year' takes a year (YYYY), not '20x1'",
       "parametern 'year' ska vara ett år (ÅÅÅÅ), inte '20x1'"},
      {"/api/followup/contacts?seller=AS&year=2015", 404,
       "nothing billed for AS in 2015; years billed: 2020, 2021",
       "inget fakturerat för AS 2015; fakturerade år: 2020, 2021"},
      {"/api/followup/bought?buyer=Dalarna&year=2021", 400, "(Region Dalarna is 20)",
       "(Region Dalarna är 20)"},
      {"/api/invoices/0300000001/documents/pdf", 404,
       "document pdf not found; documents: fakturaunderlag, peppol, xlsx, csv",
       "dokumentet pdf finns inte; dokument: fakturaunderlag, peppol, xlsx, csv"}};
  for (const auto& [target, status, english, swedish] : cases) {
    const Reply r = get(target);
    EXPECT_EQ(r.status, status) << target << " " << r.body;
    const boost::json::object body = boost::json::parse(r.body).as_object();
    ASSERT_TRUE(body.contains("error") && body.contains("error_sv")) << r.body;
    const std::string error(body.at("error").as_string()),
        error_sv(body.at("error_sv").as_string());
    EXPECT_NE(error.find(english), std::string::npos) << target << " " << error;
    EXPECT_NE(error_sv.find(swedish), std::string::npos) << target << " " << error_sv;
  }
}

// An unknown code is a bad parameter (400), a year without data a table that
// does not exist (404); both name what exists, as the CLI does.
TEST_F(ServerTest, UnknownCodesAndYearsNameWhatExists) {
  const std::string sellers = "sellers: AS, ENK, USO", buyers = "buyers: 01, 03, 04, 05, 06, 07,";
  const std::vector<std::tuple<std::string, int, std::string>> cases = {
      {"/api/followup/contacts?seller=XX&year=2021", 400, "unknown seller 'XX'; " + sellers},
      {"/api/followup/contacts?seller=as&year=2021", 400, "unknown seller 'as'; " + sellers},
      {"/api/followup/bought?buyer=99&year=2021", 400, "unknown buyer '99'; " + buyers},
      {"/api/followup/bought?buyer=Dalarna&year=2021", 400, "(Region Dalarna is 20)"},
      {"/api/followup/buyer-top-drg?seller=AS&buyer=99&year=2021", 400, "unknown buyer '99'"},
      {"/api/followup/contacts?seller=AS&year=2015", 404,
       "nothing billed for AS in 2015; years billed: 2020, 2021"},
      {"/api/followup/bought?buyer=20&year=2015", 404,
       "nothing billed in 2015; years billed: 2020, 2021"},
      {"/api/invoices?seller=XX", 400, "unknown seller 'XX'; " + sellers},
      {"/api/invoices?buyer=99", 400, "unknown buyer '99'; " + buyers},
      {"/api/invoices/0300000001?seller=XX", 400, "unknown seller 'XX'; " + sellers},
      {"/api/explain?seller=XX&record=R1", 400, "unknown seller 'XX'; " + sellers},
      {"/api/invoices/0300000001/documents/pdf", 404,
       "document pdf not found; documents: fakturaunderlag, peppol, xlsx, csv"}};
  for (const auto& [target, status, message] : cases) {
    Reply r = get(target);
    EXPECT_EQ(r.status, status) << target << " " << r.body;
    EXPECT_NE(r.body.find(message), std::string::npos) << target << " " << r.body;
  }
  Reply r = request(server_.port, "POST", "/api/reconcile?buyer=99", tokens_["admin"], "x");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("unknown buyer '99'; " + buyers), std::string::npos) << r.body;
  // Another party's data stays 404 whatever its code.
  EXPECT_EQ(get("/api/followup/contacts?seller=XX&year=2021", "seller:AS").status, 404);
}

TEST_F(ServerTest, OversizedBodySlowClientAndPipelining) {
  // A body over the 10 MiB limit is refused from its Content-Length, before it is sent.
  asio::io_context ioc;
  {
    tcp::socket big(ioc);
    big.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_.port));
    asio::write(big, asio::buffer("POST /api/reconcile?buyer=20 HTTP/1.1\r\nHost: x\r\n"
                                  "Authorization: Bearer " +
                                  tokens_["admin"] + "\r\nContent-Length: 10485761\r\n\r\n"));
    beast::flat_buffer b;
    http::response<http::string_body> res;
    http::read(big, b, res);
    EXPECT_EQ(res.result_int(), 413u);
    EXPECT_EQ(res.body(),
              "{\"error\":\"request too large\",\"error_sv\":\"anropet är för stort\"}\n");
  }
  // A header that arrives in two parts is awaited: the second part, sent once
  // the server has read the first, is answered. A client that stops sending
  // half-way through its header is cut off after the header timeout (2 s;
  // readable()'s guard would give up after 30 s).
  const std::string half = "GET /api/health HTTP/1.1\r\nHost: x\r\n";
  tcp::socket resumed = connect_from(ioc, "127.0.0.1", server_.port);
  tcp::socket slow = connect_from(ioc, "127.0.0.1", server_.port);
  asio::write(resumed, asio::buffer(half));
  asio::write(slow, asio::buffer(half));
  ASSERT_TRUE(wait_for([&] { return server_has_read(server_.port, resumed); }));
  EXPECT_EQ(send_and_read(resumed, "\r\n"), 200);
  EXPECT_TRUE(closed_by_server(slow));
  char buf[256];
  beast::error_code ec;
  // Two pipelined requests: two answers, in order.
  tcp::socket pipe(ioc);
  pipe.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_.port));
  asio::write(pipe,
              asio::buffer(std::string("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"
                                       "GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                       tokens_["buyer:04"] + "\r\nConnection: close\r\n\r\n")));
  std::string all;
  for (;;) {
    size_t k = pipe.read_some(asio::buffer(buf), ec);
    all.append(buf, k);
    if (ec) break;
  }
  const size_t first = all.find("{\"status\":\"ok\"}"), second = all.find("t-buyer-04");
  EXPECT_NE(first, std::string::npos) << all;
  EXPECT_NE(second, std::string::npos) << all;
  EXPECT_LT(first, second);
}

// A POST announcing a body of `length` bytes of which only 5 are sent: the
// answer, and whether the server then closed the connection (the body is unread).
struct EarlyAnswer {
  int status = 0;
  std::string body;
  bool closed = false;
};
EarlyAnswer post_without_body(unsigned short port, const std::string& target,
                              const std::string& authorization, size_t length) {
  asio::io_context ioc;
  tcp::socket s = connect_from(ioc, "127.0.0.1", port);
  EarlyAnswer a;
  a.status =
      send_and_read(s,
                    "POST " + target + " HTTP/1.1\r\nHost: x\r\n" +
                        (authorization.empty() ? "" : "Authorization: " + authorization + "\r\n") +
                        "Content-Length: " + std::to_string(length) + "\r\n\r\n<?xml",
                    &a.body);
  a.closed = closed_by_server(s);
  return a;
}

TEST_F(ServerTest, TokenAndRoleAreCheckedBeforeTheBodyIsRead) {
  // Answered from the header alone: the server does not wait for the body
  // (10 MiB, the upload limit, to reconcile; 60 000 bytes, under the 64 KiB
  // of other requests, elsewhere).
  const std::string fake = "Bearer vdt_" + std::string(64, '0');
  const std::string codes =
      "01, 03, 04, 05, 06, 07, 08, 09, 10, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25";
  const std::vector<std::tuple<std::string, std::string, int, std::string, std::string>> cases = {
      {"/api/reconcile?buyer=20", fake, 401, "unknown or revoked token",
       "okänd eller återkallad token"},
      {"/api/reconcile?buyer=20", "", 401, "an Authorization: Bearer token is needed",
       "en token behövs: Authorization: Bearer"},
      {"/api/reconcile?buyer=20", "Bearer " + tokens_["seller:AS"], 404, "region 20 not found",
       "region 20 finns inte"},
      {"/api/reconcile?buyer=20", "Bearer " + tokens_["buyer:04"], 404, "region 20 not found",
       "region 20 finns inte"},
      {"/api/reconcile?buyer=99", "Bearer " + tokens_["admin"], 400,
       "unknown buyer '99'; buyers: " + codes, "okänd köpare '99'; köpare: " + codes},
      {"/api/reconcile", "Bearer " + tokens_["admin"], 400, "missing parameter 'buyer'",
       "parametern 'buyer' saknas"},
      {"/api/me", fake, 401, "unknown or revoked token", "okänd eller återkallad token"},
      {"/api/me", "", 401, "an Authorization: Bearer token is needed",
       "en token behövs: Authorization: Bearer"},
      {"/api/health", "", 405, "health takes GET", "health tar GET"},
      {"/", "", 405, "POST is not allowed here", "POST är inte tillåtet här"}};
  for (const auto& [target, authorization, status, message, swedish] : cases) {
    const size_t length = target.rfind("/api/reconcile", 0) == 0 ? 10485760 : 60000;
    EarlyAnswer a = post_without_body(server_.port, target, authorization, length);
    EXPECT_EQ(a.status, status) << target << " " << authorization;
    // English for programs, Swedish for the web page's people.
    EXPECT_EQ(a.body, "{\"error\":\"" + message + "\",\"error_sv\":\"" + swedish + "\"}\n")
        << target;
    EXPECT_TRUE(a.closed) << target;
  }
}

TEST_F(ServerTest, OneLogLinePerRequestWithoutPatientIdentifiers) {
  get("/api/invoices?buyer=20", "seller:AS");
  // The line is written after the answer is sent: wait for it.
  std::string log;
  const bool logged = wait_for([&] {
    std::ifstream in(server_.log);
    std::stringstream ss;
    ss << in.rdbuf();
    log = ss.str();
    return log.find(" t-seller-AS GET /api/invoices 200 ") != std::string::npos;
  });
  EXPECT_TRUE(logged) << log;
  EXPECT_EQ(log.find("191212121212"), std::string::npos);  // the fixture's patient
  EXPECT_EQ(log.find("vdt_"), std::string::npos);          // nor tokens
}

TEST(ServerStop, SigtermFinishesTheRequestInFlightAndExitsZero) {
  const fs::path dir = vardavtal::testing::fresh_test_dir("server-stop");
  const std::string bin = vardavtal::testing::binary_on(dir);
  ASSERT_EQ(run(bin + "init >/dev/null && echo ok"), "ok\n");
  std::string token = run(bin + "token create --role admin --name a 2>/dev/null | tail -1");
  token.pop_back();
  Server s;
  s.start((dir / "b.db").string(), (dir / "log").string());
  // A request whose body is still arriving when SIGTERM comes is finished and
  // answered (Connection: close); then the server exits 0.
  asio::io_context ioc;
  tcp::socket c = connect_from(ioc, "127.0.0.1", s.port);
  const std::string body = "not a specification";
  asio::write(c, asio::buffer("POST /api/reconcile?buyer=20 HTTP/1.1\r\nHost: x\r\nAuthorization: "
                              "Bearer " +
                              token + "\r\nContent-Length: " + std::to_string(body.size()) +
                              "\r\n\r\nnot a "));
  // In flight once the server has read the header and the body's start; the
  // rest is sent once the server has taken the signal (it stops listening).
  ASSERT_TRUE(wait_for([&] { return server_has_read(s.port, c); }));
  kill(s.pid, SIGTERM);
  ASSERT_TRUE(wait_for([&] { return !listening(s.port); }));
  asio::write(c, asio::buffer(std::string("specification")));
  std::string all;
  char buf[512];
  beast::error_code ec;
  while (readable(c)) {
    size_t k = c.read_some(asio::buffer(buf), ec);
    all.append(buf, k);
    if (ec) break;
  }
  std::ifstream log_in(dir / "log");
  std::stringstream log;
  log << log_in.rdbuf();
  EXPECT_EQ(all.rfind("HTTP/1.1 400", 0), 0u) << all << ec.message() << "\n"
                                              << log.str();  // answered: not a specification
  EXPECT_NE(all.find("Connection: close"), std::string::npos) << all;
  EXPECT_EQ(s.wait_exit(), 0);
  // New connections are refused.
  tcp::socket late(ioc);
  late.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), s.port), ec);
  EXPECT_TRUE(ec);

  // With 600 s timeouts, an idle keep-alive connection does not hold the stop
  // up: SIGTERM closes it (a second later; readable()'s guard would give up
  // after 30 s), and the server exits 0.
  Server t;
  t.start((dir / "b.db").string(), (dir / "log2").string(),
          "--read-timeout 600 --header-timeout 600");
  {
    tcp::socket idle = connect_from(ioc, "127.0.0.1", t.port);
    EXPECT_EQ(send_and_read(idle, get_request("/api/health")), 200);
    kill(t.pid, SIGTERM);
    EXPECT_TRUE(closed_by_server(idle));
    EXPECT_EQ(t.wait_exit(), 0);
  }
  fs::remove_all(dir);
}

// The systemd unit gives the address in $VARDAVTAL_LISTEN (docs/operations.md):
// read when --listen is absent, and --listen wins over it.
TEST(ServerListen, VardavtalListenIsTheAddressWhenNoListenOptionIsGiven) {
  const fs::path dir = vardavtal::testing::fresh_test_dir("server-listen");
  const std::string bin = vardavtal::testing::binary_on(dir);
  ASSERT_EQ(run(bin + "init >/dev/null && echo ok"), "ok\n");
  Server s;
  s.listen = "";
  s.listen_env = "127.0.0.1:0";
  s.start((dir / "b.db").string(), (dir / "log").string());  // "listening on 127.0.0.1:PORT"
  EXPECT_EQ(request(s.port, "GET", "/api/health").status, 200);
  EXPECT_EQ(s.stop(), 0);

  Server t;
  t.listen_env = "not an address";  // --listen 127.0.0.1:0 is given
  t.start((dir / "b.db").string(), (dir / "log2").string());
  EXPECT_EQ(request(t.port, "GET", "/api/health").status, 200);
  EXPECT_EQ(t.stop(), 0);

  int status = 0;
  const std::string out = run("VARDAVTAL_LISTEN=127.0.0.1:http " + bin + "serve", &status);
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("VARDAVTAL_LISTEN ska vara ADRESS:PORT, inte '127.0.0.1:http'"),
            std::string::npos)
      << out;
  fs::remove_all(dir);
}

// A SQLite file gone when the server's database thread first needs it
// (moved away, then back): the requests meanwhile fail, and once it is back
// the thread opens it afresh instead of keeping a Store that found no file.
TEST(ServerDatabase, AFileMovedAwayAndBackIsServedAgain) {
  const fs::path dir = vardavtal::testing::fresh_test_dir("server-file");
  vardavtal::testing::write_billing_catalogue(dir);
  write(dir / "records.csv", vardavtal::testing::billing_records());
  const std::string bin = vardavtal::testing::binary_on(dir);
  ASSERT_EQ(vardavtal::testing::init_and_import_all(bin, dir), "ok\n");
  std::string token = run(bin + "token create --role admin --name a 2>/dev/null | tail -1");
  ASSERT_FALSE(token.empty());
  token.pop_back();
  Server s;
  s.start((dir / "b.db").string(), (dir / "log").string(), "--threads 1");
  fs::rename(dir / "b.db", dir / "away.db");  // before the database thread opens its session
  const Reply gone = request(s.port, "GET", "/api/invoices", token);
  EXPECT_NE(gone.status, 200) << gone.body;
  EXPECT_EQ(request(s.port, "GET", "/api/invoices", token).status, gone.status);
  fs::rename(dir / "away.db", dir / "b.db");
  EXPECT_EQ(request(s.port, "GET", "/api/invoices", token).status, 200);
  EXPECT_EQ(s.stop(), 0);
  fs::remove_all(dir);
}

TEST(ServerCatalogue, AnImportIsSeenByTheNextRequest) {
  const fs::path dir = vardavtal::testing::fresh_test_dir("server-catalogue");
  vardavtal::testing::write_billing_catalogue(dir);
  write(dir / "records.csv",
        vardavtal::testing::records_header() +
            "R6,AS,191212121212,20,inpatient,K,2020-06-01,2020-06-03,A01A,90000,,341,I35.0,2080\n");
  const std::string bin = vardavtal::testing::binary_on(dir);
  ASSERT_EQ(vardavtal::testing::init_and_import_all(bin, dir), "ok\n");
  // Through 2021-01: the follow-up of 2021 needs invoices of 2021 (the subscription's first).
  ASSERT_EQ(run(bin + "bill --through 2021-01 >/dev/null && echo ok"), "ok\n");
  std::string token = run(bin + "token create --role admin --name a 2>/dev/null | tail -1");
  token.pop_back();
  Server s;
  s.start((dir / "b.db").string(), (dir / "log").string());
  auto restated = [&] {
    Reply r =
        request(s.port, "GET", "/api/followup/invoiced?seller=AS&year=2021&restate=LPIK", token);
    EXPECT_EQ(r.status, 200) << r.body;
    return boost::json::parse(r.body)
        .at("rows")
        .as_array()[0]
        .at("invoiced_2020_restated")
        .as_int64();
  };
  // R6: A01A 2 × 49 000 kr = 98 000.00 kr in 2020; restated by LPIK 2021 2 %: 99 960.00.
  EXPECT_EQ(restated(), 9996000);
  // A new rate imported while the server runs: 3 % -> 100 940.00 on the next request.
  write(dir / "index2.csv", "index,year,rate\nLPIK,2021,0.03\n");
  ASSERT_EQ(
      run(bin + "import --quiet index " + (dir / "index2.csv").string() + " >/dev/null && echo ok"),
      "ok\n");
  EXPECT_EQ(restated(), 10094000);
  EXPECT_EQ(s.stop(), 0);
  fs::remove_all(dir);
}

}  // namespace

namespace {

// Soft limit of open files up to the hard one: 1 000 connections and more.
void raise_open_files_limit() {
  rlimit r{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &r), 0);
  r.rlim_cur = r.rlim_max;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &r), 0);
  ASSERT_GE(r.rlim_cur, 2200u) << "the test needs 2 200 open files";
}

// A server on an initialised database with an admin token.
struct LimitsFixture {
  fs::path dir;
  std::string token;
  Server server;
  LimitsFixture(const std::string& name, const std::string& options) {
    dir = vardavtal::testing::fresh_test_dir(name);
    const std::string bin = vardavtal::testing::binary_on(dir);
    EXPECT_EQ(run(bin + "init >/dev/null && echo ok"), "ok\n");
    token = run(bin + "token create --role admin --name a 2>/dev/null | tail -1");
    token.pop_back();
    server.start((dir / "b.db").string(), (dir / "log").string(), options);
  }
  ~LimitsFixture() {
    server.stop();
    fs::remove_all(dir);
  }
};

TEST(ServerLimits, ThousandIdleConnectionsLeaveHealthAndTokensServed) {
  raise_open_files_limit();
  LimitsFixture f("server-idle", "--max-connections 1000 --header-timeout 600 --read-timeout 600");
  asio::io_context ioc;
  // 1 000 connections that send nothing, 50 from each of 20 addresses (under
  // the 64 per address). They are accepted in order, so by the time a later
  // connection is accepted the cap of 1 000 is reached.
  std::vector<tcp::socket> idle;
  for (int i = 0; i < 1000; ++i)
    idle.push_back(connect_from(ioc, "127.0.1." + std::to_string(1 + i / 50), f.server.port));
  tcp::socket health = connect_from(ioc, "127.0.2.1", f.server.port);
  EXPECT_EQ(send_and_read(health, get_request("/api/health")), 200);
  tcp::socket me = connect_from(ioc, "127.0.2.2", f.server.port);
  std::string body;
  EXPECT_EQ(send_and_read(me, get_request("/api/me", f.token), &body), 200);
  EXPECT_EQ(body.rfind("{\"name\":\"a\",\"role\":\"admin\",\"party\":\"\",", 0), 0u) << body;
  // In the reserve (the last 5 %: 50 of 1 000), nothing else is served.
  tcp::socket page = connect_from(ioc, "127.0.2.3", f.server.port);
  EXPECT_EQ(send_and_read(page, get_request("/")), 503);
  EXPECT_TRUE(closed_by_server(page));
  // Each of the three made room by closing the connection waiting longest
  // for its first bytes: the first three.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(closed_by_server(idle[i])) << i;
  // The 11th was accepted below the reserve: it is served anything; the
  // 991st was accepted in the reserve: health and tokens only.
  EXPECT_EQ(send_and_read(idle[10], get_request("/")), 200);
  EXPECT_EQ(send_and_read(idle[990], get_request("/")), 503);
  EXPECT_EQ(send_and_read(idle[991], get_request("/api/me")), 503);
  EXPECT_EQ(send_and_read(idle[992], get_request("/api/health")), 200);
  EXPECT_EQ(send_and_read(idle[993], get_request("/api/me", f.token)), 200);
}

TEST(ServerLimits, AConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout) {
  LimitsFixture f("server-header-timeout", "--header-timeout 1 --read-timeout 600");
  asio::io_context ioc;
  tcp::socket silent = connect_from(ioc, "127.0.0.1", f.server.port);
  EXPECT_TRUE(closed_by_server(silent));
  // Also between requests on a kept-alive connection.
  tcp::socket kept = connect_from(ioc, "127.0.0.1", f.server.port);
  EXPECT_EQ(send_and_read(kept, get_request("/api/health")), 200);
  EXPECT_TRUE(closed_by_server(kept));
}

TEST(ServerLimits, ConnectionsPerClientAddressAreCapped) {
  LimitsFixture f("server-per-client", "--max-per-client 4 --header-timeout 600");
  asio::io_context ioc;
  std::vector<tcp::socket> four;
  for (int i = 0; i < 4; ++i) four.push_back(connect_from(ioc, "127.0.3.1", f.server.port));
  // The fifth from the same address is closed at once; another address is served.
  tcp::socket fifth = connect_from(ioc, "127.0.3.1", f.server.port);
  EXPECT_EQ(send_and_read(fifth, get_request("/api/health")), 0);
  tcp::socket other = connect_from(ioc, "127.0.3.2", f.server.port);
  EXPECT_EQ(send_and_read(other, get_request("/api/health")), 200);
  EXPECT_EQ(send_and_read(four[0], get_request("/api/health")), 200);
}

// The tests' request(): a server that takes the connection and never
// answers fails the request (with beast's timeout) instead of hanging the
// test. The listening socket's backlog takes the connection; nothing reads.
TEST(TestRequest, AServerThatNeverAnswersFailsAtTheTimeout) {
  asio::io_context ioc;
  tcp::acceptor silent(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  try {
    request(silent.local_endpoint().port(), "GET", "/api/health", "", "", std::chrono::seconds(1));
    FAIL() << "an answer from a server that never answers";
  } catch (const beast::system_error& e) {
    EXPECT_EQ(e.code(), beast::error::timeout) << e.what();
  }
}

}  // namespace
