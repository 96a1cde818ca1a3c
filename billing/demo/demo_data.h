// Internal to the demo data generator: the synthetic catalogue (DRG weight list,
// item price lists, index series, municipalities), the per-seller targets taken
// from the 2022 follow-up meeting of Sjukvårdsregion Mellansverige (seed
// 003_227b0b4c3106f3b2.txt) and the calibrated yearly plan. All tables are
// constant data with static storage; the functions are pure and thread-safe.
// Weights are in 10^-4 DRG points, money in öre, rates in 10^-6: integers only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/catalogue.h"
#include "core/codes.h"
#include "core/hospital.h"

namespace vardavtal::demo {

inline constexpr int kFirstYear = 2019;
inline constexpr int kLastYear = 2021;
inline constexpr int kYears = kLastYear - kFirstYear + 1;

// ---- DRG weight list (demo_catalogue.cpp) ----------------------------------

struct DrgDef {
  std::string_view code;
  std::string_view name;
  int32_t weight;     // 2021 weight, 10^-4 points
  int16_t mean_los;   // mean length of stay in days; -1 marks an outpatient group
  int16_t los_limit;  // trimpunkt in care days; 0 = derived, max(mean + 10, 2 * mean)
  bool outpatient() const { return mean_los < 0; }
};

struct DrgYear {
  int64_t weight = 0;                 // 10^-4 points
  std::optional<int> los_limit;       // care days
  std::optional<int64_t> cost_limit;  // whole kronor
  int64_t day_weight = 0;             // 10^-4 points per care day beyond los_limit
};

std::span<const DrgDef> drg_defs();
const DrgDef* find_drg(std::string_view code);  // nullptr when unknown
// The weight list row of `d` for `year` (weights drift by at most ±2.5 % a year).
DrgYear drg_year(const DrgDef& d, int year);

// ---- Item price lists (demo_catalogue.cpp) ---------------------------------

enum class ItemKind : char { drug = 'D', implant = 'I', exception = 'X' };

struct ItemDef {
  std::string_view code;
  std::string_view name;
  int64_t price_2019;  // öre per unit, before the seller's factor
  int max_qty;
  int frequency;  // relative weight when an item is drawn
  ItemKind kind;
  uint8_t sellers;  // bit i: carried by sellers()[i]
  // Bit i: sellers()[i] bills it at the cost stated on each item line
  // (tilläggsdebitering, billing rules §8.2): its price-list row has at_cost
  // = 1 and no price, and the generator states a cost near item_price().
  uint8_t at_cost = 0;
};

std::span<const ItemDef> item_defs();
// Price in öre of `item` on seller `seller_index`'s list for `year`: the 2019
// price times a fixed seller factor, uplifted by LPIK each later year.
int64_t item_price(const ItemDef& item, size_t seller_index, int year);

// ---- Price index series (demo_catalogue.cpp) -------------------------------

struct IndexRow {
  std::string_view index;
  int year;
  int64_t rate;  // 10^-6
};
std::span<const IndexRow> index_rows();
int64_t lpik_rate(int year);  // 10^-6; throws std::out_of_range outside the series

// ---- Municipalities (demo_catalogue.cpp) -----------------------------------

struct Municipality {
  std::string_view code;  // SCB municipality code, first two digits = county
  int population;         // thousands, rough; used as a weight
};
// The municipalities of a buyer county of the demo (Mellansverige, and
// Västernorrland, Jämtland Härjedalen and Norrbotten of Norra); empty for any
// other county.
std::span<const Municipality> municipalities(std::string_view county);

// ---- Sellers and their targets (demo_sellers.cpp) --------------------------

enum class Age : uint8_t { any, child, adult, newborn };

// A top-10 DRG of the seed with its DRG points per year.
struct TopLine {
  std::string_view drg;
  std::string_view clinic;
  int points[kYears];
  Age age = Age::any;
};

// DRG points of a clinic in the seed's clinic table.
struct ClinicTarget {
  std::string_view clinic;
  int points[kYears];
};

// A filler line: a DRG (empty = item-only contact) a clinic produces in a care
// type, with a relative share. `affinity` optionally sends `affinity_permille`
// of the line's contacts to one buyer (echoing the seed's per-region tables).
struct FillLine {
  std::string_view drg;
  std::string_view clinic;
  CareType care;
  int share;
  Age age = Age::any;
  std::string_view affinity = {};
  int affinity_permille = 0;
  int items_permille = 0;  // share of the line's contacts with items; 0: the seller's
};

// A buyer of the seller. `invoiced` holds the seed's targets; `draw` and
// `base_permille` are calibrated (see README.md) so that the billed demo lands
// on them.
struct BuyerWeight {
  std::string_view county;
  int invoiced_2020_restated;  // seed: invoiced 2020 at 2021 prices (LPIK 1.9 %), tkr
  int invoiced_2021;           // seed: invoiced 2021, tkr
  int draw[kYears];            // relative weight of the buyer in the contact draw
  int base_permille;           // 2020 base value: ‰ of the 2020 invoice at 2020 prices
};

// A tariff of the seller (tariffs.csv; billing rules §8.1): a price per
// contact or care day for one care type, narrowed by clinic and/or medical
// field, in öre per year.
struct TariffDef {
  CareType care;
  std::string_view clinic;         // empty: any clinic
  std::string_view medical_field;  // MVO code; empty: any field
  TariffUnit unit;
  int64_t price[kYears];
  std::string_view name;
};

// A volume commitment to one buyer (billing rules §8.5): DRG points a year at
// scale 1, and the cap (0: none).
struct CommitmentDef {
  std::string_view buyer;
  int points;
  int cap_points;
};

// The agreement terms of the other healthcare regions' models (billing rules
// §8, docs/import.md#agreements), written into every year's agreement as given.
// Each empty or zero term is left out (the agreement then prices as §4).
struct AgreementTerms {
  // Replaces the agreements' opening comment (the Mellansverige seed) when set.
  std::string_view note = {};
  int agreement_type = 0;  // 0: not written (the default, 2 Regionavtal)
  std::span<const std::string_view> drg_exempt_clinics = {};
  int64_t extra_billing_threshold = 0;  // kronor per contact; 0: no [extra_billing]
  // A subscription on the production of the two years before
  // `subscription_from` (base_years), from that year on, limited to
  // `subscription_clinics`; 0: none (see SellerDef::subscription for
  // Mellansverige's).
  int subscription_from = 0;
  std::string_view subscription_share = {};
  std::span<const std::string_view> subscription_clinics = {};
  std::string_view settlement_share = {};  // "1/3"; empty: no [settlement]
  std::span<const CommitmentDef> commitment = {};
  std::string_view shortfall_share = {}, above_cap_share = {};
};

// The national classification a seller writes on its records (billing rules
// §8.6). Without it the columns stay empty.
struct Classification {
  std::string_view agreement_type;  // "2" Regionavtal, but for the open-access visits
  std::string_view care_level;      // "3" Regionsjukvård; emergencies "2" Länssjukvård
  int choice_permille_visit;        // referred visits by the patient's own choice
  int choice_permille_stay;         // referred stays by the patient's own choice
  // Planned visits without a referral, under Riksavtalet 4.1 (öppen vård utan
  // krav på remiss), agreement type 1.
  int open_access_permille;
};

struct SellerDef {
  std::string_view code;
  std::string_view region;
  int contacts[kYears][4];     // billing-year contacts in kCareTypes order, scale 1
  int total_points[kYears];    // seed: "Summa Totalt"
  int cost_per_point[kYears];  // seed: KPP cost per DRG point, kronor
  int64_t point_price_2021;    // kronor
  int outlier_permille;        // share of inpatient episodes that are outliers
  int items_permille;          // share of contacts with patient-specific items
  std::span<const TopLine> top;
  std::span<const ClinicTarget> clinics;  // the seed's named clinics; the rest is "others"
  std::span<const FillLine> fill;
  std::span<const BuyerWeight> buyers;
  std::string_view outlier_buyer;  // a buyer with twice the outlier share
  // The seller's agreements: "<agreement_prefix>-<code>-<year>", named
  // `agreement_name`; `subscription` false: fully variable (no [subscription]).
  std::string_view agreement_prefix = "MSV-2a";
  std::string_view agreement_name = "Avtal om vård vid Universitetssjukhus (2a)";
  bool subscription = true;
  // Counted when sizing the patient pools. A small seller that is not (ENK)
  // draws from the same pools, so adding it moves no other seller's patients.
  bool sizes_pools = true;
  // The agreements' national price-list code (1 Norra, 2 Uppsala/Örebro).
  int price_list = 2;
  const AgreementTerms* terms = nullptr;  // nullptr: Mellansverige's model only
  // The seller's tariffs; the records of its DRG-exempt clinics are priced by
  // them, and their KPP cost follows the tariff (see generate.cpp).
  std::span<const TariffDef> tariffs = {};
  const Classification* classification = nullptr;
  // The KPP cost of a contact includes its items (their price-list value or
  // stated cost), as in a cost-per-patient system; false: the DRG's cost only.
  bool kpp_includes_items = false;
  // A hospital the built-in reference data lacks: written to hospitals.csv.
  const Hospital* hospital = nullptr;
};

std::span<const SellerDef> sellers();

// ---- Calibrated plan (demo_plan.cpp) ---------------------------------------

struct PlanLine {
  const DrgDef* drg = nullptr;  // nullptr: item-only contact
  std::string_view clinic;
  CareType care = CareType::inpatient;
  Age age = Age::any;
  int64_t count = 0;  // contacts in the billing year at scale 1
  std::string_view affinity;
  int affinity_permille = 0;
  int items_permille = 0;  // 0: the seller's
};

// The seller's DRG mix for `year` at scale 1: per care type the counts add up
// to the seed's contacts exactly, and the DRG points come out near the seed's
// top-10, clinic and total points.
std::vector<PlanLine> plan_year(const SellerDef& seller, int year);

}  // namespace vardavtal::demo
