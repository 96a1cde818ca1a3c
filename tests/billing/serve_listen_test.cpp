// Where `serve` listens: --listen, else $VARDAVTAL_LISTEN (what the systemd
// unit sets, docs/operations.md), else 127.0.0.1:8080.
#include <gtest/gtest.h>

#include "billing/cli/serve_command.h"

namespace vardavtal {
namespace {

TEST(ServeListen, TheOptionWinsThenTheEnvironmentThenTheDefault) {
  ListenAddress a = parse_listen(std::string("0.0.0.0:9000"), "127.0.0.1:8081");
  EXPECT_EQ(a.address, "0.0.0.0");
  EXPECT_EQ(a.port, 9000);
  a = parse_listen(std::nullopt, "127.0.0.1:8081");
  EXPECT_EQ(a.address, "127.0.0.1");
  EXPECT_EQ(a.port, 8081);
  a = parse_listen(std::nullopt, "::1:8082");  // the last colon separates the port
  EXPECT_EQ(a.address, "::1");
  EXPECT_EQ(a.port, 8082);
  for (const char* unset : {static_cast<const char*>(nullptr), ""}) {
    a = parse_listen(std::nullopt, unset);
    EXPECT_EQ(a.address, "127.0.0.1");
    EXPECT_EQ(a.port, 8080);
  }
}

TEST(ServeListen, ABadValueNamesWhereItCameFrom) {
  const auto message = [](const std::optional<std::string>& option, const char* env) {
    try {
      parse_listen(option, env);
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(std::nullopt, "8080"), "VARDAVTAL_LISTEN takes ADDRESS:PORT, not '8080'");
  EXPECT_EQ(message(std::nullopt, "127.0.0.1:65536"),
            "VARDAVTAL_LISTEN takes ADDRESS:PORT, not '127.0.0.1:65536'");
  EXPECT_EQ(message(std::string(":80"), "127.0.0.1:8081"),
            "--listen takes ADDRESS:PORT, not ':80'");
  EXPECT_EQ(message(std::string("127.0.0.1:80x"), nullptr),
            "--listen takes ADDRESS:PORT, not '127.0.0.1:80x'");
  // A good --listen is not spoilt by a bad environment.
  EXPECT_EQ(message(std::string("127.0.0.1:0"), "nonsense"), "no error");
}

}  // namespace
}  // namespace vardavtal
