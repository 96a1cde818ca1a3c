// CSV cells as this product writes them: the one place that escapes a cell,
// used by every CSV output (CsvWriter, the follow-up tables' CSV).
//
// Text that came in through imports (a clinic, a record id, a pseudonym) can
// look like a spreadsheet formula; a purchaser opening the file in Excel would
// run it (CSV injection). OWASP's rule: a text cell that starts with '=', '+',
// '-', '@', tab or carriage return gets a leading apostrophe, so the
// spreadsheet shows it as text. Numbers the product writes itself (-123.45)
// are not text cells and are never guarded. Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>

namespace vardavtal {

// Whether a spreadsheet would read `text` as a formula: it starts with one of
// = + - @ tab CR, possibly after leading apostrophes (those are guarded too,
// so that csv_text_unguarded restores every text exactly).
bool csv_text_needs_guard(std::string_view text);

// Appends `text` as one text cell: guarded (above), then quoted when it holds
// the separator (',' or, in the Swedish Excel dialect, ';'), a quotation mark
// or a line break (quotation marks doubled).
void append_csv_text(std::string& out, std::string_view text, char separator = ',');

// Appends `text` quoted as above but never guarded: for files a program reads
// literally (the demo generator's import files), never for files people open.
void append_csv_verbatim(std::string& out, std::string_view text, char separator = ',');

// The text of a text cell this product wrote, its guard removed: "'=A1" ->
// "=A1", "''=A1" -> "'=A1"; any other cell unchanged. For readers of this
// product's own CSV (reconcile reading `invoice N --format csv`).
std::string_view csv_text_unguarded(std::string_view cell);

}  // namespace vardavtal
