// check_peppol: validates Peppol BIS Billing 3.0 invoices and credit notes
// (UBL 2.1) from any sender, as an access point would: the UBL 2.1 schema
// (libxml2) and both Schematron rule sets compiled to XSLT, CEN EN 16931 and
// Peppol (incl. the Swedish SE-R rules), run by Saxon-HE from Debian
// (`java -cp /usr/share/java/Saxon-HE.jar net.sf.saxon.Transform`). The schema
// and rule sets are the files vendored in third_party/peppol/ (docs/peppol.md
// says how they are found). Decisions (where the rules are, what an SVRL
// report says, what is printed) are pure functions; check_peppol runs Saxon.
// Not thread-safe (libxml2's schema cache and temporary files per call).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace vardavtal {

// The environment variable that overrides the compiled-in rules directory.
inline constexpr char kPeppolRulesEnv[] = "VARDAVTAL_PEPPOL_RULES";
// Debian's Saxon-HE (package libsaxonhe-java).
inline constexpr char kSaxonJar[] = "/usr/share/java/Saxon-HE.jar";

// The vendored rule sets below the rules directory, in the order they run,
// with the short names the report uses.
struct PeppolRuleSet {
  const char* name;  // "EN16931", "PEPPOL-EN16931"
  const char* xslt;  // relative to the rules directory
};
inline constexpr PeppolRuleSet kPeppolRuleSets[] = {
    {"EN16931", "xslt/EN16931-UBL-validation-1.3.16.xslt"},
    {"PEPPOL-EN16931", "xslt/PEPPOL-EN16931-UBL-3.0.21.xslt"}};

// The rules directory: `flag` (--rules) when given, else `env` (the value of
// VARDAVTAL_PEPPOL_RULES, null or empty = unset), else `compiled_default`.
std::string peppol_rules_dir(const std::optional<std::string>& flag, const char* env,
                             const std::string& compiled_default);

// The compiled-in default: the source tree's third_party/peppol.
std::string default_peppol_rules_dir();

// The files below `rules_dir` that check_peppol needs and that are missing
// (relative names); empty when it is complete.
std::vector<std::string> missing_rule_files(const std::string& rules_dir);

// One failed assertion of a rule set (svrl:failed-assert).
struct FailedAssert {
  std::string id;        // e.g. "BR-CO-15"
  std::string flag;      // "fatal" or "warning"
  std::string location;  // the XPath of the offending element
  std::string text;      // the rule's text
};

// The failed assertions in an SVRL report, in document order; nullopt when
// `svrl` is not well-formed XML.
std::optional<std::vector<FailedAssert>> parse_svrl(std::string_view svrl);

struct RuleSetResult {
  std::string name;                // PeppolRuleSet::name
  std::string error;               // non-empty: the rule set could not run (Saxon's message)
  std::vector<FailedAssert> fatal;  // fatal failed assertions only (warnings do not fail)
};

struct SchemaError {
  long line = 0;  // 0 when unknown
  std::string message;
};

// The result for one file.
struct PeppolResult {
  std::string file;
  std::string root;     // "Invoice" or "CreditNote"; else the file was not checked
  std::string problem;  // why it was not checked (unreadable, not XML, other root)
  std::vector<SchemaError> schema_errors;
  std::vector<RuleSetResult> rule_sets;
  // True when the schema and both rule sets ran and found nothing fatal.
  bool passed() const;
};

// The report of one file: a summary line
//   FILE [Invoice] schema=ok EN16931=0 PEPPOL-EN16931=1
// (schema=FAILED, a rule set that did not run as NAME=ERROR), then one
// indented line per schema error ("  line 12: schema: ...") and per fatal
// assertion ("  PEPPOL-EN16931 BR-CO-15: text [at location]"), or
// "FILE: problem" for a file that was not checked.
std::string format_peppol_result(const PeppolResult& r);

// Checks `files` against the rules in `rules_dir` (which must be complete)
// with `java` (a path or a name on PATH) and Saxon's jar: parses each file,
// validates it against UBL-Invoice-2.1.xsd or UBL-CreditNote-2.1.xsd by its
// root, and runs both rule sets over every file with a Peppol root (one Saxon
// run per rule set for all files, in a private temporary directory removed
// afterwards). One result per file, in order. Never throws for bad input.
std::vector<PeppolResult> check_peppol(const std::vector<std::string>& files,
                                       const std::string& rules_dir, const std::string& java,
                                       const std::string& saxon_jar);

// `vardavtal check-peppol`: finds the rules (peppol_rules_dir with the
// environment), Java on PATH and Saxon, checks `files` and prints one report
// per file to `out`. Exit status: 0 when every file passed, 1 when one failed,
// 2 when the rules, Java or Saxon are missing (a message naming the Debian
// packages or the rules directory goes to `err`).
int run_check_peppol(const std::vector<std::string>& files,
                     const std::optional<std::string>& rules_flag, std::ostream& out,
                     std::ostream& err);

}  // namespace vardavtal
