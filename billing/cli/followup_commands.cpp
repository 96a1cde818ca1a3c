#include "billing/cli/followup_commands.h"

#include <cstdio>
#include <iostream>

#include "billing/app/followup.h"
#include "billing/followup/followup_xlsx.h"
#include "core/error_text.h"

namespace vardavtal {

const char* const kFollowupHelp =
    "usage: vardavtal [--db PATH|URL] followup TABLE --seller S --year Y [--buyer B]\n"
    "                 [--restate INDEX] [--format table|csv|json|xlsx] [--out FILE]\n"
    "       vardavtal [--db PATH|URL] followup all --seller S --year Y --out FILE.xlsx\n"
    "\n"
    "The annual agreement follow-up tables, from issued invoices and credit notes\n"
    "(amounts) and the records billed (counts):\n"
    "  invoiced   invoiced per buyer region, this year vs last year (--restate LPIK\n"
    "             restates last year at this year's price level)\n"
    "  contacts   contacts per care type, this year vs last year\n"
    "  top-drg    the year's top 10 DRGs by points, over three years, with the top-10\n"
    "             sum, share and total\n"
    "  clinics    DRG points per clinic over three years: top 6, others, total\n"
    "  buyer-top-drg  (with --buyer B) one region's top 10 DRGs by points, sum, share\n"
    "  invoiced-split invoiced per region as variable part, subscription, outliers and\n"
    "                 items, this year vs last year\n"
    "  decomposition  change in invoiced per region: volume effect (change in points at\n"
    "                 last year's price per point) and price and model effect\n"
    "  cost-per-point KPP cost of non-outlier records per DRG point, per hospital\n"
    "  commitment     the agreement's volume commitment per region: committed points,\n"
    "                 delivered so far, the run-rate forecast and the expected true-up\n"
    "  plan           the production plan (import plans) per region and clinic: planned\n"
    "                 contacts and points, delivered so far, the run-rate forecast and\n"
    "                 its deviation from the plan\n"
    "  bought         (with --buyer B instead of --seller) the buyer's view: bought care\n"
    "                 per seller, inside/outside its healthcare region, with and without\n"
    "                 referral, this year vs last year (--restate as for invoiced)\n"
    "  referred       (with --buyer B) bought care referred for medical reasons at\n"
    "                 university hospitals and others, inside/outside the region\n"
    "The table format shows thousands of kronor and whole per cent with a total\n"
    "row; CSV and JSON carry exact values (amounts in öre, counts as integers) and\n"
    "the codes of the regions and sellers named (region_code, seller_code).\n";

int cmd_followup(Store& store, const Args& a) {
  if (a.positional.size() != 1)
    throw UsageError("followup needs one TABLE (invoiced, contacts, top-drg, clinics, ...)",
                     "followup behöver en TABELL (invoiced, contacts, top-drg, clinics, ...)");
  const std::string& name = a.positional[0];
  auto seller = a.get("--seller");
  if (!a.has("--year")) throw UsageError("followup needs --year Y", "followup behöver --year Y");
  if (name == "all" && !seller)
    throw UsageError("followup needs --seller S", "followup behöver --seller S");
  FollowupOptions o;
  o.seller = seller.value_or("");
  o.year = static_cast<int>(a.number("--year", 0, 1990, 2100));
  o.restate = a.get("--restate");
  const std::string f = format_option(a, {"table", "csv", "csv-sv", "json", "xlsx"});
  const bool xlsx = f == "xlsx";
  const Format format = listing_format(f);
  if (xlsx && !a.has("--out"))
    throw UsageError("--format xlsx needs --out FILE.xlsx", "--format xlsx behöver --out FIL.xlsx");
  store.require_schema();
  if (name == "all") {
    if (!a.has("--out"))
      throw UsageError("followup all needs --out FILE.xlsx", "followup all behöver --out FIL.xlsx");
    write_followup_xlsx(all_tables(store, o), *a.get("--out"));
    return 0;
  }
  FollowupTable t = followup_table(store, name, o, a.get("--buyer"));
  if (xlsx) {
    write_followup_xlsx({t}, *a.get("--out"));
    return 0;
  }
  std::string text = format == Format::csv      ? render_csv(t)
                     : format == Format::csv_sv ? render_csv_sv(t)
                     : format == Format::json   ? render_json(t)
                                                : render_table(t);
  std::FILE* out = stdout;
  if (auto path = a.get("--out")) {
    out = std::fopen(path->c_str(), "wb");
    if (!out) throw cannot_write(*path);
  }
  std::fwrite(text.data(), 1, text.size(), out);
  if (out != stdout) std::fclose(out);
  return 0;
}

}  // namespace vardavtal
