// End-to-end: `deliver`, `deliveries` and `respond` through the real binary on
// the billing fixture, over real TLS on loopback with a CA, server and client
// certificate made for the test (scripts/make-test-pki.sh): a closed month's
// fakturaunderlag delivered once, a technical error retried, a logical ERROR
// reported with its code and delivered when sent again, and the responder
// checking a request against the schema.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <string>

#include "billing/delivery/https_client.h"
#include "billing/delivery/soap.h"
#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace fs = std::filesystem;

namespace {

using vardavtal::testing::Listener;
using vardavtal::testing::run;
using vardavtal::testing::write;

class DeliveryCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = vardavtal::testing::fresh_test_dir("delivery-cli");
    vardavtal::testing::write_billing_catalogue(dir_);
    write(dir_ / "records.csv", vardavtal::testing::billing_records());
    write(dir_ / "items.csv", "record_id,seller,item_code,quantity\nR3,AS,X1,2\n");
    bin_ = vardavtal::testing::binary_on(dir_);
    ASSERT_EQ(vardavtal::testing::init_and_import_all(bin_, dir_), "ok\n");
    ASSERT_EQ(run(bin_ + "bill --through 2021-03 >/dev/null && echo ok"), "ok\n");
    pki_ = dir_ / "pki";
    ASSERT_EQ(run(std::string(VARDAVTAL_SOURCE_DIR) + "/scripts/make-test-pki.sh " + pki_.string() +
                  " && echo ok"),
              "ok\n");
  }
  void TearDown() override {
    responder_.stop();
    fs::remove_all(dir_);
  }
  void start_responder(const std::string& extra = "", const std::string& name = "responder") {
    ASSERT_TRUE(responder_.start(std::string(VARDAVTAL_BINARY) + " respond --cert " +
                                     (pki_ / (name + ".pem")).string() + " --key " +
                                     (pki_ / (name + ".key")).string() + " --ca " +
                                     (pki_ / "ca.pem").string() + " " + extra,
                                 (dir_ / "responder.log").string()))
        << responder_.output();
  }
  std::string endpoint() const {
    return "https://127.0.0.1:" + std::to_string(responder_.port) + "/ntjp/claim";
  }
  std::string deliver(int* status, const std::string& extra = "") {
    return run(bin_ + "deliver --seller AS --period 2021-03 --endpoint " + endpoint() + " --cert " +
                   (pki_ / "client.pem").string() + " --key " + (pki_ / "client.key").string() +
                   " --ca " + (pki_ / "ca.pem").string() + " --backoff-ms 1 " + extra,
               status);
  }
  boost::json::array attempts() {
    return boost::json::parse(run(bin_ + "deliveries --seller AS --format json")).as_array();
  }
  // The responder's request lines so far (its log after "listening on").
  size_t requests() {
    const std::string out = responder_.output();
    return static_cast<size_t>(std::count(out.begin(), out.end(), '\n')) - 1;
  }
  fs::path dir_, pki_;
  std::string bin_;
  Listener responder_;
};

TEST_F(DeliveryCli, AClosedMonthIsDeliveredOnceAndATechnicalErrorRetried) {
  start_responder("--fault-first 1");
  int status = 0;
  std::string out = deliver(&status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("AS: månaden 2021-03 är inte stängd; stäng varje månad efter granskning "
                     "(vardavtal close) före leveransen, eller --force"),
            std::string::npos)
      << out;
  EXPECT_EQ(requests(), 0u);
  run(bin_ + "close --seller AS --period 2021-03");

  out = deliver(&status);
  ASSERT_EQ(status, 0) << out << responder_.output();
  // 2021-03 has two care invoices: 0300000007 to 04, 0300000008 to 20. The
  // first attempt meets the responder's SOAP Fault and is retried.
  EXPECT_NE(out.find("faktura 0300000007 till "), std::string::npos) << out;
  EXPECT_NE(out.find("försök 1: tekniskt fel — SOAP Fault soap:Server"), std::string::npos) << out;
  EXPECT_NE(out.find("försök 2: OK"), std::string::npos) << out;
  EXPECT_NE(out.find("2 fakturaunderlag, 2 levererade nu, 0 levererade tidigare"),
            std::string::npos)
      << out;
  const boost::json::array a = attempts();
  ASSERT_EQ(a.size(), 3u);  // answered requests: their "sending" rows are not listed
  EXPECT_EQ(a[0].at("outcome").as_string(), "technical");
  EXPECT_EQ(a[1].at("outcome").as_string(), "ok");
  EXPECT_EQ(a[1].at("result_code").as_string(), "OK");
  EXPECT_EQ(a[1].at("attempt").as_int64(), 2);
  EXPECT_EQ(a[2].at("invoice").as_string(), "0300000008");
  EXPECT_EQ(a[2].at("buyer").as_string(), "20");
  // The logical address is the buying region's organisation number, and the
  // responder saw the seller's client certificate.
  const std::string address(a[2].at("logical_address").as_string());
  EXPECT_EQ(address.size(), 10u);
  const std::string log = responder_.output();
  EXPECT_NE(log.find("CN=vardavtal AS " + address + " OK"), std::string::npos) << log;
  EXPECT_EQ(log.find("191212121212"), std::string::npos) << "no patient data in its log";

  // Delivered once: the next run sends nothing.
  out = deliver(&status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(out.find("0 levererade nu, 2 levererade tidigare"), std::string::npos) << out;
  EXPECT_EQ(requests(), 3u);
  // ... unless asked.
  out = deliver(&status, "--again");
  EXPECT_NE(out.find("2 levererade nu"), std::string::npos) << out;
  EXPECT_EQ(requests(), 5u);

  const auto months = boost::json::parse(run(bin_ + "status --seller AS --format json")).as_array();
  EXPECT_EQ(months.back().at("delivered").as_int64(), 2);
  // Sending the patients' data to the platform is a logged read of it.
  EXPECT_NE(
      run(bin_ + "access-log --patient 191212121212").find("deliver seller AS period 2021-03"),
      std::string::npos);
  EXPECT_EQ(run(bin_ + "verify"), "OK\n");
}

TEST_F(DeliveryCli, AnErrorIsReportedWithItsCodeAndDeliveredWhenSentAgain) {
  run(bin_ + "close --seller AS --period 2021-03");
  start_responder("--accept 0000000000");
  int status = 0;
  std::string out = deliver(&status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("försök 1: ERROR (ej mottaget) — okänd logisk adress"), std::string::npos)
      << out;
  EXPECT_NE(out.find("0 levererade nu, 0 levererade tidigare, 2 ERROR"), std::string::npos) << out;
  boost::json::array a = attempts();
  ASSERT_EQ(a.size(), 2u);  // a logical error is not retried by itself
  EXPECT_EQ(a[0].at("outcome").as_string(), "error");
  EXPECT_EQ(a[0].at("result_code").as_string(), "ERROR");
  EXPECT_NE(std::string(a[0].at("comment").as_string()).find("okänd logisk adress"),
            std::string::npos);

  // The platform's side corrected: deliver again sends what was not received.
  ASSERT_EQ(responder_.stop(), 0);
  start_responder();
  out = deliver(&status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("2 levererade nu"), std::string::npos) << out;
  a = attempts();
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[3].at("outcome").as_string(), "ok");
  const std::string table = run(bin_ + "deliveries --seller AS");
  EXPECT_NE(table.find("ERROR (ej mottaget)"), std::string::npos) << table;
}

TEST_F(DeliveryCli, TheResponderChecksTheRequestAndTheClientCertificate) {
  start_responder();
  const auto endpoint_ = vardavtal::parse_https_url(endpoint());
  ASSERT_TRUE(endpoint_);
  const vardavtal::TlsClientFiles tls{(pki_ / "client.pem").string(),
                                      (pki_ / "client.key").string(), (pki_ / "ca.pem").string()};
  // A specification the schema refuses: ERROR, with the report as comment.
  const std::string bad = vardavtal::claim_request(
      "<ProcessClaimSpecification xmlns=\"urn:riv:financial:billing:claim:"
      "ProcessClaimSpecificationResponder:1\"><nothing/></ProcessClaimSpecification>",
      "2321000016");
  vardavtal::HttpsReply reply = vardavtal::post_soap(
      *endpoint_, tls, bad, vardavtal::kClaimSoapAction, std::chrono::seconds(30));
  ASSERT_TRUE(reply.error.empty()) << reply.error;
  const vardavtal::ClaimAnswer answer = vardavtal::read_claim_answer(reply.status, reply.body);
  EXPECT_EQ(answer.kind, vardavtal::ClaimAnswer::Kind::error);
  EXPECT_NE(answer.comment.find("Id: XSD"), std::string::npos) << answer.comment;
  // A request without the contract's SOAPAction is a SOAP Fault (technical).
  reply = vardavtal::post_soap(*endpoint_, tls, bad, "urn:other", std::chrono::seconds(30));
  EXPECT_EQ(reply.status, 500u);
  EXPECT_EQ(vardavtal::read_claim_answer(reply.status, reply.body).kind,
            vardavtal::ClaimAnswer::Kind::technical);
  // A client whose certificate another CA signed is refused by the responder's
  // TLS alert (in TLS 1.3 it arrives after the client's side of the handshake).
  ASSERT_EQ(run(std::string(VARDAVTAL_SOURCE_DIR) + "/scripts/make-test-pki.sh " +
                (dir_ / "other").string() + " && echo ok"),
            "ok\n");
  const vardavtal::TlsClientFiles foreign{(dir_ / "other" / "client.pem").string(),
                                          (dir_ / "other" / "client.key").string(),
                                          (pki_ / "ca.pem").string()};
  reply = vardavtal::post_soap(*endpoint_, foreign, bad, vardavtal::kClaimSoapAction,
                               std::chrono::seconds(30));
  EXPECT_EQ(reply.status, 0u);
  EXPECT_NE(reply.error.find("unknown ca"), std::string::npos) << reply.error;
  // The client checks the responder too: against another CA it does not connect.
  const vardavtal::TlsClientFiles wrong_ca{(pki_ / "client.pem").string(),
                                           (pki_ / "client.key").string(),
                                           (dir_ / "other" / "ca.pem").string()};
  reply = vardavtal::post_soap(*endpoint_, wrong_ca, bad, vardavtal::kClaimSoapAction,
                               std::chrono::seconds(30));
  EXPECT_NE(reply.error.find("certificate verify failed"), std::string::npos) << reply.error;
  EXPECT_EQ(responder_.stop(), 0);
  // ... and one whose certificate names another host, though its CA is right.
  start_responder("", "elsewhere");
  const auto elsewhere = vardavtal::parse_https_url(endpoint());
  reply = vardavtal::post_soap(*elsewhere, tls, bad, vardavtal::kClaimSoapAction,
                               std::chrono::seconds(30));
  EXPECT_NE(reply.error.find("certificate verify failed"), std::string::npos) << reply.error;
}

// A request recorded as sent whose answer was never recorded (the run ended
// in between) is not sent again unless asked: it may have been received.
TEST_F(DeliveryCli, ARequestWithoutARecordedAnswerIsNotSentAgainUnlessAsked) {
  run(bin_ + "close --seller AS --period 2021-03");
  start_responder();
  // What a run killed after sending 0300000007 leaves: its "sending" row.
  ASSERT_EQ(run("sqlite3 " + (dir_ / "b.db").string() +
                " \"INSERT INTO deliveries VALUES (1, 'AS', '0300000007', 'x', '04', "
                "'2321000032', 'https://x', 1, 'sending', '', '', '2026-01-01T00:00:00Z', "
                "'test')\" && echo ok"),
            "ok\n");
  int status = 0;
  std::string out = deliver(&status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("faktura 0300000007: obekräftad"), std::string::npos) << out;
  EXPECT_NE(out.find("1 levererade nu"), std::string::npos) << out;  // 0300000008
  EXPECT_EQ(requests(), 1u);
  EXPECT_NE(run(bin_ + "deliveries --seller AS").find("obekräftad (svar saknas)"),
            std::string::npos);
  out = deliver(&status, "--again");
  EXPECT_EQ(status, 0) << out;
  EXPECT_EQ(requests(), 3u);
  // Answered now: the listing no longer shows the request as unconfirmed.
  EXPECT_EQ(run(bin_ + "deliveries --seller AS").find("obekräftad"), std::string::npos);
}

}  // namespace
