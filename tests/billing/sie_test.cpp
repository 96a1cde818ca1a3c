// SIE 4i (docs/erp.md): the file's exact text for a hand-made verification,
// code page 437, balancing, and how an invoice and a credit note are booked.
#include "billing/documents/sie.h"

#include <gtest/gtest.h>

#include "billing/app/month_end.h"

namespace vardavtal {
namespace {

Money kr(int64_t ore) {
  return Money::from_ore(ore);
}

AccountMap account_map() {
  AccountMap m;
  m.receivable = {"1510", "Kundfordringar"};
  m.revenue[RevenueKind::care] = {"3611", "Såld vård"};
  m.revenue[RevenueKind::items] = {"3612", ""};
  m.dimension = 8;
  m.dimension_name = "Kund";
  m.objects["20"] = "K20";
  return m;
}

TEST(Sie, TheFileIsTheStandardsTextInCodePage437) {
  SieFile f;
  f.generated = *parse_iso_date("2021-04-01");
  f.company_name = "Region Uppsala";
  f.org_number = "232100-0024";
  f.years = {2021, 2020};
  f.prosa = "vardavtal AS";
  f.dimension = 8;
  f.dimension_name = "Kund";
  f.accounts = {{"1510", "Kundfordringar"}, {"3611", "Såld vård \"utom\""}};
  f.objects = {{"K20", "Region Dalarna"}};
  f.verifications.push_back({"F",
                             "0300000008",
                             *parse_iso_date("2021-04-01"),
                             "Faktura 0300000008",
                             {{"1510", "K20", kr(5000000)}, {"3611", "K20", kr(-5000000)}}});
  const std::string text = render_sie(f);
  EXPECT_EQ(text,
            "#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#PROGRAM \"vardavtal\" 1\r\n"
            "#GEN 20210401\r\n#PROSA \"vardavtal AS\"\r\n#FNAMN \"Region Uppsala\"\r\n"
            "#ORGNR 232100-0024\r\n#RAR 0 20210101 20211231\r\n#RAR -1 20200101 20201231\r\n"
            "#DIM 8 \"Kund\"\r\n#KONTO 1510 \"Kundfordringar\"\r\n"
            "#KONTO 3611 \"Såld vård \\\"utom\\\"\"\r\n#OBJEKT 8 \"K20\" \"Region Dalarna\"\r\n"
            "#VER \"F\" \"0300000008\" 20210401 \"Faktura 0300000008\"\r\n{\r\n"
            "   #TRANS 1510 {8 \"K20\"} 50000.00\r\n   #TRANS 3611 {8 \"K20\"} -50000.00\r\n}\r\n");
  // å is 0x86 and ä 0x84 in code page 437; a dash it lacks becomes '-'.
  EXPECT_EQ(to_pc8("Såld vård – Ö"), "S\x86ld v\x86rd - \x99");
  EXPECT_EQ(from_pc8("S\x86ld \x84 \x94"), "Såld ä ö");
  // A character code page 437 lacks is transliterated before quoting, so a
  // typographic quote becomes an escaped one; a backslash becomes '/'.
  SieFile g = f;
  g.company_name = "Region ”Test” a\\b";
  g.verifications.clear();
  EXPECT_NE(render_sie(g).find("#FNAMN \"Region \\\"Test\\\" a/b\"\r\n"), std::string::npos)
      << render_sie(g);
  // A verification that does not balance is never written.
  f.verifications[0].transactions[1].amount = kr(-4999999);
  EXPECT_THROW(render_sie(f), std::invalid_argument);
}

Posting care(Money amount, Money items) {
  Posting p;
  p.kind = PostingKind::care;
  p.drg_amount = amount - items;
  p.items_amount = items;
  p.gross = amount;
  p.amount = amount;
  return p;
}

TEST(Sie, AnInvoiceDebitsTheReceivableAndCreditsRevenueByKind) {
  Invoice inv;
  inv.number = "0300000007";
  inv.buyer = "20";
  inv.period = *Period::parse("2021-03");
  inv.issue_date = *parse_iso_date("2021-04-01");
  inv.total = kr(1530850);
  // R3 of the billing fixture, fully variable here: DRG 12 307.50 + items 3 001.00.
  const std::vector<Posting> postings = {care(kr(1530850), kr(300100))};
  const SieVerification v = book_invoice(inv, postings, account_map(), "Region Dalarna");
  EXPECT_EQ(v.number, "0300000007");
  EXPECT_EQ(v.text, "Faktura 0300000007 Region Dalarna vård 2021-03");
  ASSERT_EQ(v.transactions.size(), 3u);
  EXPECT_EQ(v.transactions[0].account, "1510");
  EXPECT_EQ(v.transactions[0].object, "K20");
  EXPECT_EQ(v.transactions[0].amount, kr(1530850));
  EXPECT_EQ(v.transactions[1].account, "3611");
  EXPECT_EQ(v.transactions[1].amount, kr(-1230750));
  EXPECT_EQ(v.transactions[2].account, "3612");
  EXPECT_EQ(v.transactions[2].amount, kr(-300100));
  EXPECT_EQ(v.balance(), Money());

  // Its credit note: the reversal's negative amounts book the other way round.
  Invoice credit = inv;
  credit.number = "0300000013";
  credit.type = InvoiceType::credit;
  credit.reference_number = "0300000007";
  const SieVerification c =
      book_invoice(credit, {reversal_of(postings[0], 2)}, account_map(), "Region Dalarna");
  EXPECT_EQ(c.text, "Kreditfaktura 0300000013 Region Dalarna vård 2021-03 avser 0300000007");
  EXPECT_EQ(c.transactions[0].amount, kr(-1530850));
  EXPECT_EQ(c.transactions[1].amount, kr(1230750));
  EXPECT_EQ(c.transactions[2].amount, kr(300100));

  // Postings that do not make the total are a broken ledger, not a file.
  inv.total = kr(1530851);
  EXPECT_THROW(book_invoice(inv, postings, account_map(), "x"), std::logic_error);
  // A kind without an account in the map is refused, naming it.
  Invoice sub = inv;
  sub.kind = BillingKind::subscription;
  sub.total = kr(104187);
  Posting installment;
  installment.kind = PostingKind::subscription;
  installment.amount = kr(104187);
  try {
    book_invoice(sub, {installment}, account_map(), "x");
    ADD_FAILURE() << "no subscription account, yet booked";
  } catch (const MonthEndRefused& e) {
    EXPECT_NE(std::string(e.what()).find("[revenue.subscription]"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vardavtal
