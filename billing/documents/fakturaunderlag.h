// The national invoice specification (fakturaunderlag) of a care invoice or
// credit note: RIVTA ProcessClaimSpecification 1.0, Tjänstekontraktsbeskrivning
// Utomlänsfakturering 1.1 (Inera; the schema is vendored in rivta/). How every field is
// filled and how every rule ÖR1–ÖR52 is met: fakturaunderlag.cpp's header
// comment and docs/fakturaunderlag.md.
#pragma once

#include <string>

#include "billing/documents/invoice_document.h"
#include "core/date.h"

namespace vardavtal {

// The ProcessClaimSpecification XML (root `ProcessClaimSpecification` in
// urn:riv:financial:billing:claim:ProcessClaimSpecificationResponder:1 holding
// one `claimSpecification`), UTF-8, indented; one
// healthCareServicesSpecificationLine per DocumentLine. Built with libxml2's
// tree API. The result is valid against the schema and meets every rule of the
// standard that applies to what we send.
//
// Throws std::invalid_argument for a subscription invoice (it has no
// fakturaunderlag) and for a document from which no valid fakturaunderlag can
// be written (inconsistent amounts, a missing mandatory value such as the
// municipality or, for somatic inpatient care, the main diagnosis, a care date
// after the issue date, ...); the message lists every problem with its line
// and rule. Never writes a document the national platform would reject.
std::string write_fakturaunderlag(const InvoiceDocument& doc);

// Same, with `today` as the reference for ÖR2 (the issue date may not be in the
// future); the overload above uses today's local date.
std::string write_fakturaunderlag(const InvoiceDocument& doc, Date today);

}  // namespace vardavtal
