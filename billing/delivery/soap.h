// The national platform's ProcessClaimSpecification service contract as SOAP
// 1.1 messages (RIVTA BP 2.1; the WSDL in third_party/rivta and
// docs/delivery.md): the request a seller sends (the fakturaunderlag in the
// Body, the buying region's organisation number as the LogicalAddress header),
// the answer it reads back, and the same two from the responder's side. Pure
// functions on text (libxml2); any thread.
#pragma once

#include <string>
#include <string_view>

namespace vardavtal {

inline constexpr const char* kClaimSoapAction =
    "urn:riv:financial:billing:claim:ProcessClaimSpecificationResponder:1:"
    "ProcessClaimSpecification";

// The request envelope around `spec_xml` (a whole fakturaunderlag document:
// its root element ProcessClaimSpecification goes into the Body). Throws
// std::invalid_argument when `spec_xml` is not well-formed XML.
std::string claim_request(std::string_view spec_xml, std::string_view logical_address);

// What an answer means for the sender (TKB 4.2.1, 4.3): OK, delivered; a
// logical ERROR, not received, with the platform's comment (schema or
// Schematron report), to be corrected and sent again when asked; anything
// else (a SOAP Fault, another HTTP status, an unreadable body) a technical
// error, to retry with back-off.
struct ClaimAnswer {
  enum class Kind { ok, error, technical };
  Kind kind = Kind::technical;
  std::string result_code;  // "OK", "ERROR"; empty for a technical error
  std::string comment;      // the answer's comment, the fault's text, or what was wrong
};
ClaimAnswer read_claim_answer(unsigned http_status, std::string_view body);

// The responder's side: the LogicalAddress and the fakturaunderlag (as a
// document of its own) of a request; `problem` says what is wrong when it is
// not a ProcessClaimSpecification request.
struct ClaimRequest {
  std::string logical_address;
  std::string spec_xml;
  std::string problem;
};
ClaimRequest read_claim_request(std::string_view envelope);
// A ProcessClaimSpecificationResponse with `result_code` (OK, ERROR) and `comment`.
std::string claim_response(std::string_view result_code, std::string_view comment);
// A SOAP 1.1 Fault (a technical error) saying `text`.
std::string soap_fault(std::string_view text);

}  // namespace vardavtal
