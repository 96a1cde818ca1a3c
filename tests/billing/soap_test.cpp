// The ProcessClaimSpecification SOAP messages (billing/delivery/soap.h): the
// request's envelope read back by the responder's side, and what each kind of
// answer means for the sender.
#include "billing/delivery/soap.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "billing/app/delivery.h"

namespace vardavtal {
namespace {

const char* kSpec =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ProcessClaimSpecification xmlns=\"urn:riv:financial:billing:claim:"
    "ProcessClaimSpecificationResponder:1\"><claimSpecification>Söder</claimSpecification>"
    "</ProcessClaimSpecification>\n";

TEST(Soap, TheRequestCarriesTheSpecificationAndTheLogicalAddress) {
  const std::string envelope = claim_request(kSpec, "2321000016");
  EXPECT_NE(
      envelope.find("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"),
      std::string::npos)
      << envelope;
  EXPECT_NE(envelope.find("<LogicalAddress xmlns=\"urn:riv:itintegration:registry:1\">2321000016"
                          "</LogicalAddress>"),
            std::string::npos)
      << envelope;
  const ClaimRequest back = read_claim_request(envelope);
  EXPECT_EQ(back.problem, "");
  EXPECT_EQ(back.logical_address, "2321000016");
  EXPECT_NE(back.spec_xml.find("<claimSpecification>Söder</claimSpecification>"), std::string::npos)
      << back.spec_xml;
  EXPECT_THROW(claim_request("<not xml", "2321000016"), std::invalid_argument);
  EXPECT_EQ(read_claim_request("<a/>").problem, "not a SOAP 1.1 envelope");
  EXPECT_EQ(read_claim_request(claim_request(kSpec, "")).problem,
            "no LogicalAddress in the SOAP Header");
}

TEST(Soap, EachAnswerMeansWhatTheContractSays) {
  ClaimAnswer a = read_claim_answer(200, claim_response("OK", ""));
  EXPECT_EQ(a.kind, ClaimAnswer::Kind::ok);
  EXPECT_EQ(a.result_code, "OK");
  a = read_claim_answer(200, claim_response("ERROR", "Error: fel summa\nId: R5"));
  EXPECT_EQ(a.kind, ClaimAnswer::Kind::error);
  EXPECT_EQ(a.comment, "Error: fel summa\nId: R5");
  a = read_claim_answer(500, soap_fault("databasen svarar inte"));
  EXPECT_EQ(a.kind, ClaimAnswer::Kind::technical);
  EXPECT_EQ(a.comment, "SOAP Fault soap:Server: databasen svarar inte");
  a = read_claim_answer(503, "<html>busy</html>");
  EXPECT_EQ(a.kind, ClaimAnswer::Kind::technical);
  EXPECT_EQ(a.comment, "HTTP 503: no ProcessClaimSpecificationResponse in the answer");
  a = read_claim_answer(200, claim_response("MAYBE", ""));
  EXPECT_EQ(a.kind, ClaimAnswer::Kind::technical);
}

TEST(Soap, PersonalIdsInAnAnswerAreMasked) {
  EXPECT_EQ(mask_personal_ids("Element patientId: '191212121212' is not valid; "
                              "19121212-1212, 121212+1212 and 2321000016 ok"),
            "Element patientId: '[personnummer]' is not valid; [personnummer], [personnummer] "
            "and 2321000016 ok");
  // Longer digit runs are not a personnummer.
  EXPECT_EQ(mask_personal_ids("ZVF23210000242103000002"), "ZVF23210000242103000002");
}

}  // namespace
}  // namespace vardavtal
