// check_spec: validates a fakturaunderlag (RIVTA ProcessClaimSpecification)
// from any sender, as the national platform would: the schema first, then the
// "Övriga regler" ÖR1–ÖR52 of TKB Utomlänsfakturering 1.1 (schematron R1–R52)
// that can be decided from the document alone. docs/fakturaunderlag.md lists
// how each rule is checked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace vardavtal {

struct SpecViolation {
  std::string rule;     // "XML" (not well-formed), "XSD" (schema) or the rule, e.g. "ÖR27"
  long line = 0;        // line of the offending element in the file; 0 when unknown
  std::string message;  // what was expected and what was found
};

// Parses `path`; a file that cannot be read or is not well-formed XML gives one
// "XML" violation with libxml2's message. Otherwise validates it against the
// embedded RIVTA schema (one "XSD" violation per schema error) and then checks
// every ÖR rule (also when the schema check failed). Amounts are compared
// exactly (decimal text parsed into integers, integer arithmetic only), rounded to
// öre half-to-even where the schematron rounds. Schema violations first, then
// rule violations by line. Empty: the document is valid. Never throws for bad
// input.
std::vector<SpecViolation> check_spec(const std::string& path);

// Same, with `today` as the reference for ÖR2 (issueDate not in the future);
// the overload above uses today's local date.
std::vector<SpecViolation> check_spec(const std::string& path, Date today);

// Same for a document in memory.
std::vector<SpecViolation> check_spec_text(std::string_view xml, Date today);

}  // namespace vardavtal
