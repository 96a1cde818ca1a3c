// The `referred` follow-up table (billing rules §8.6; docs/followup.md#referred).
#include <array>

#include "billing/followup/tables.h"
#include "core/money.h"
#include "store/followup_reads.h"

namespace vardavtal {

namespace {
struct Group {
  const char* code;
  const char* label;
  int64_t referred = 0, bought = 0;
};

// The group of a seller: university hospital or not, inside the buyer's
// healthcare region or not.
size_t group_of(const ReferredRow& r, const std::string& home) {
  return (r.kind == "university" ? 0 : 2) + (r.healthcare_region == home ? 0 : 1);
}
}  // namespace

FollowupTable referred_table(Store& store, const FollowupOptions& o, const std::string& buyer) {
  const std::string home = healthcare_region_of(store, buyer);
  std::array<Group, 4> groups{{{"university_inside", "Regionsjukhus inom sjukvårdsregionen"},
                               {"university_outside", "Regionsjukhus utom sjukvårdsregionen"},
                               {"other_inside", "Övriga sjukhus inom sjukvårdsregionen"},
                               {"other_outside", "Övriga sjukhus utom sjukvårdsregionen"}}};
  for (const ReferredRow& r : referred_by_seller(store, buyer, o.year)) {
    Group& g = groups[group_of(r, home)];
    add_ore(g.referred, r.referred_medical);
    add_ore(g.bought, r.bought);
  }
  auto names = region_names(store);
  const std::string ys = std::to_string(o.year);
  FollowupTable t;
  t.name = "referred";
  t.title = "Köpt vård remitterad av medicinska skäl, " +
            short_region_name(names.count(buyer) ? names[buyer] : buyer) + " " + ys + " (tkr)";
  t.buyer = buyer;
  t.buyer_name = short_region_name(names.count(buyer) ? names[buyer] : buyer);
  t.year = o.year;
  t.columns = {{"group", "Vårdgivare"},
               {"referred_medical_" + ys, "Remitterad av medicinska skäl " + ys},
               {"bought_" + ys, "Köpt vård totalt " + ys},
               {"share_pct", "Andel %"},
               code_column("group_code")};
  Group total{"", "total"};
  const CellRef referred{t.columns[1].key}, bought{t.columns[2].key};
  for (const Group& g : groups) {
    t.rows.push_back({Cell::of_text(g.label), Cell::money(g.referred), Cell::money(g.bought),
                      Cell::share(g.referred, g.bought).from(referred, bought), code_cell(g.code)});
    add_ore(total.referred, g.referred);
    add_ore(total.bought, g.bought);
  }
  t.rows.push_back({Cell::of_text("total"), Cell::money(total.referred), Cell::money(total.bought),
                    Cell::share(total.referred, total.bought).from(referred, bought),
                    code_cell("")});
  t.note =
      "Remitterad av medicinska skäl: vårdkontakter med referral_reason = medical. Köpt vård "
      "totalt omfattar även abonnemang.";
  return t;
}

}  // namespace vardavtal
