#include "billing/app/summary.h"

#include "billing/text/text_table.h"
#include "store/summary.h"

namespace vardavtal {

std::string render_summary(Store& store) {
  TextTable t({"slag", "säljare/grupp", "år", "detalj", ">rader", ">versioner"});
  for (const SummaryRow& r : summarize(store))
    t.add({r.kind, r.party, r.year, r.detail, format_thousands(r.rows),
           format_thousands(r.versions)});
  return t.render();
}

}  // namespace vardavtal
