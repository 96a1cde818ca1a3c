// SIE 4i (docs/erp.md): the file a billing system gives the general ledger,
// one verification (#VER) per invoice or credit note, in the SIE standard's
// text format (SIE filformat, utgåva 4B): #FLAGGA first, fields separated by
// spaces, text in quotes, amounts in kronor with a decimal point (debit
// positive, credit negative), dates YYYYMMDD, lines ending CR LF, and the
// whole file in code page 437 (#FORMAT PC8). Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "importers/account_map.h"

namespace vardavtal {

struct SieTransaction {
  std::string account;
  std::string object;  // in the file's dimension; empty: none
  Money amount;        // debit positive, credit negative
};

struct SieVerification {
  std::string series, number;
  Date date{};
  std::string text;
  std::vector<SieTransaction> transactions;
  // The sum of the transactions (zero when balanced).
  Money balance() const;
};

struct SieFile {
  Date generated{};                      // #GEN
  std::string company_name, org_number;  // org_number NNNNNN-NNNN
  std::vector<int> years;  // fiscal years, newest first (#RAR 0, -1, ...); calendar years
  std::string prosa;       // #PROSA: what the file covers
  int dimension = 0;
  std::string dimension_name;
  std::vector<LedgerAccount> accounts;                       // #KONTO, in this order
  std::vector<std::pair<std::string, std::string>> objects;  // #OBJEKT id, name
  std::vector<SieVerification> verifications;
};

// The file as UTF-8 text (what to_pc8 then encodes). Throws
// std::invalid_argument when a verification does not balance.
std::string render_sie(const SieFile& file);

// UTF-8 to code page 437. A character that code page lacks becomes its
// nearest ASCII form (iconv's transliteration: "–" becomes "-"), else "?".
std::string to_pc8(std::string_view utf8);
// Code page 437 back to UTF-8 (for readers and tests).
std::string from_pc8(std::string_view pc8);

// "2321000016" as SIE writes an organisation number: "232100-0016".
std::string sie_org_number(std::string_view ten_digits);

}  // namespace vardavtal
