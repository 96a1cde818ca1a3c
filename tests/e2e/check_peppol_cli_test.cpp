// `vardavtal check-peppol` through the real binary, on the product's own
// Peppol documents (the golden care invoice and credit note) and on edits of
// them that break the schema or a CEN rule; and its usage errors. Saxon runs
// once per rule set for all files of a call, so each test makes one call.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/e2e/billing_fixture.h"
#include "tests/e2e/run_command.h"

namespace vardavtal {
namespace {

namespace fs = std::filesystem;
using testing::run;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `text` with the first `from` replaced by `to`; fails the test when absent.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class CheckPeppolCli : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::fresh_test_dir("check-peppol"); }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes `text` as dir_/name; its path.
  std::string file(const std::string& name, const std::string& text) {
    testing::write(dir_ / name, text);
    return (dir_ / name).string();
  }
  static std::string golden(const std::string& name) {
    return read_file(fs::path(VARDAVTAL_SOURCE_DIR) / "tests/e2e/golden" / name);
  }
  static std::string bin() { return std::string(VARDAVTAL_BINARY) + " check-peppol "; }

  fs::path dir_;
};

TEST_F(CheckPeppolCli, TheProductsInvoiceAndCreditNotePass) {
  const std::string invoice = file("invoice.xml", golden("0300000007.peppol.xml"));
  const std::string credit = file("credit.xml", golden("0300000012.peppol.xml"));
  int status = -1;
  const std::string out = run(bin() + invoice + " " + credit, &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_EQ(out, invoice + " [Invoice] schema=ok EN16931=0 PEPPOL-EN16931=0\n" + credit +
                     " [CreditNote] schema=ok EN16931=0 PEPPOL-EN16931=0\n");
}

TEST_F(CheckPeppolCli, BrokenDocumentsFailWithTheLineAndTheRule) {
  const std::string good = golden("0300000007.peppol.xml");
  // PayableAmount 15 308.60 while the total with VAT is 15 308.50: BR-CO-16.
  const std::string wrong_total = file(
      "wrong-total.xml",
      replaced(good, "<cbc:PayableAmount currencyID=\"SEK\">15308.50</cbc:PayableAmount>",
               "<cbc:PayableAmount currencyID=\"SEK\">15308.60</cbc:PayableAmount>"));
  // No IssueDate (mandatory, BT-2; line 6 is now a comment): a schema error
  // on line 7, the next element, DueDate, and BR-03.
  const std::string no_date = file(
      "no-issue-date.xml",
      replaced(good, "  <cbc:IssueDate>2021-04-02</cbc:IssueDate>\n", "  <!-- removed -->\n"));
  const std::string spec = file("spec.xml", golden("0300000007.fakturaunderlag.xml"));
  const std::string broken = file("broken.xml", "<Invoice>");
  const std::string missing = (dir_ / "missing.xml").string();
  const std::string passing = file("ok.xml", good);
  int status = -1;
  const std::string out = run(bin() + wrong_total + " " + no_date + " " + spec + " " + broken +
                                  " " + missing + " " + passing,
                              &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find(wrong_total + " [Invoice] schema=ok EN16931=1 PEPPOL-EN16931=0\n  EN16931 "
                                   "BR-CO-16: [BR-CO-16]-Amount due for payment (BT-115) = "),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(no_date + " [Invoice] schema=FAILED EN16931=1 PEPPOL-EN16931=0\n  line 7: "
                               "schema: Element '{urn:oasis:names:specification:ubl:schema:"
                               "xsd:CommonBasicComponents-2}DueDate': This element is not "
                               "expected."),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  EN16931 BR-03: [BR-03]-An Invoice shall have an Invoice issue date (BT-2)."),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(spec + ": root element is 'ProcessClaimSpecification', not Invoice or "
                            "CreditNote\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(broken + ": not well-formed XML: line 1: "), std::string::npos) << out;
  EXPECT_NE(out.find(missing + ": cannot read the file\n"), std::string::npos) << out;
  EXPECT_NE(out.find(passing + " [Invoice] schema=ok EN16931=0 PEPPOL-EN16931=0\n"),
            std::string::npos)
      << out;
}

TEST_F(CheckPeppolCli, UsageErrorsExitWithStatusTwo) {
  const std::string invoice = file("invoice.xml", golden("0300000007.peppol.xml"));
  int status = -1;
  std::string out = run(bin(), &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("vardavtal: check-peppol behöver minst en FIL"), std::string::npos) << out;

  out = run(bin() + "--strict " + invoice, &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("vardavtal: okänd flagga --strict"), std::string::npos) << out;

  out = run(bin() + "--rules " + dir_.string() + " " + invoice, &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("the Peppol rules directory '" + dir_.string() +
                     "' lacks xsd/xsdrt/maindoc/UBL-Invoice-2.1.xsd"),
            std::string::npos)
      << out;

  // The environment variable names the rules too; --rules wins over it.
  out = run("VARDAVTAL_PEPPOL_RULES=" + dir_.string() + " " + bin() + invoice, &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("rules directory '" + dir_.string() + "'"), std::string::npos) << out;
  out = run("VARDAVTAL_PEPPOL_RULES=" + std::string(VARDAVTAL_SOURCE_DIR) + "/third_party/peppol " +
                bin() + "--rules " + dir_.string() + " " + invoice,
            &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("rules directory '" + dir_.string() + "'"), std::string::npos) << out;

  // No Java on PATH: the Debian packages are named.
  out = run("PATH=" + dir_.string() + " " + bin() + invoice, &status);
  EXPECT_EQ(status, 2);
  EXPECT_NE(out.find("apt-get install default-jre-headless libsaxonhe-java"), std::string::npos)
      << out;

  out = run(bin() + "--help", &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(out.find("usage: vardavtal check-peppol [--rules DIR] FILE..."), std::string::npos);
}

}  // namespace
}  // namespace vardavtal
