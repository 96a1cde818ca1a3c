// The two Mellansverige university hospitals as the seed (003_227b0b4c3106f3b2,
// the follow-up meeting of 2022-03-18) describes them: contacts per care type,
// DRG points (top 10, per clinic, total), KPP cost per DRG point and the buyer
// split by invoiced amount. 2019 contacts are not in the seed: they are chosen
// a little above 2020 (before the pandemic). Filler lines (shares, not counts)
// give each clinic its DRG mix; demo_plan.cpp turns them into yearly counts.
// Two sellers not in the seed follow: Region Uppsala's county hospital ENK and
// Norra's university hospital NUS.
#include "billing/demo/demo_data.h"

namespace vardavtal::demo {

namespace {

using CT = CareType;
constexpr CT IN = CT::inpatient, DOC = CT::doctor_visit, DAY = CT::day_care, OTH = CT::other_visit;

// ---- Akademiska sjukhuset (AS), Region Uppsala ----------------------------

constexpr std::string_view kNeuro = "Neuro";
constexpr std::string_view kThorax = "Thoraxkirurgi och -anestesi";
constexpr std::string_view kKirurgi = "Kirurgi";
constexpr std::string_view kBarn = "Akademiska Barnsjukhuset";
constexpr std::string_view kBlod = "Blod- och tumörsjukdomar";
constexpr std::string_view kOrto = "Ortopedi och handkirurgi";

constexpr TopLine kAsTop[] = {
    {"E03N", kThorax, {783, 656, 851}},
    {"E04C", kThorax, {715, 664, 789}},
    {"A03E", kNeuro, {645, 547, 646}},
    {"E07E", kThorax, {439, 387, 456}},
    {"Q15N", kBarn, {377, 615, 454}, Age::newborn},
    {"G05C", kKirurgi, {418, 388, 439}},
    {"R20N", kBlod, {404, 361, 405}, Age::adult},
    {"W01A", kNeuro, {412, 372, 364}},
    {"D10E", kThorax, {519, 355, 363}},
    {"G05A", kKirurgi, {179, 255, 332}},
};

constexpr ClinicTarget kAsClinics[] = {
    {kNeuro, {5145, 4344, 4501}}, {kThorax, {3666, 3186, 3690}}, {kKirurgi, {3070, 2644, 2969}},
    {kBarn, {2531, 2702, 2632}},  {kBlod, {1896, 1670, 1782}},   {kOrto, {1163, 957, 872}},
};

constexpr Age C = Age::child, A = Age::adult, N = Age::newborn;

constexpr FillLine kAsFill[] = {
    // Neuro
    {"A03C", kNeuro, IN, 4},
    {"A04N", kNeuro, IN, 5, Age::any, "21", 350},
    {"A07E", kNeuro, IN, 10},
    {"A08E", kNeuro, IN, 8, Age::any, "20", 400},
    {"A09E", kNeuro, IN, 12},
    {"A10N", kNeuro, IN, 8},
    {"A40C", kNeuro, IN, 14},
    {"A42E", kNeuro, IN, 14},
    {"A44C", kNeuro, IN, 10},
    {"A45E", kNeuro, IN, 12},
    {"A46C", kNeuro, IN, 10},
    {"A51E", kNeuro, IN, 6},
    {"A62E", kNeuro, IN, 10},
    {"A63E", kNeuro, IN, 12},
    {"A06N", kNeuro, IN, 3},
    {"A13E", kNeuro, IN, 10},
    {"A47E", kNeuro, IN, 10},
    {"A80O", kNeuro, DOC, 90},
    {"A83O", kNeuro, DOC, 30},
    {"A82O", kNeuro, DAY, 45},
    {"A81O", kNeuro, OTH, 90},
    {"", kNeuro, DAY, 3},
    // Thoraxkirurgi och -anestesi
    {"E04A", kThorax, IN, 6, Age::any, "20", 350},
    {"E07C", kThorax, IN, 10},
    {"E01N", kThorax, IN, 1, Age::any, "21", 300},
    {"E02N", kThorax, IN, 4},
    {"E05N", kThorax, IN, 16},
    {"D10C", kThorax, IN, 8},
    {"D11N", kThorax, IN, 12},
    {"E80O", kThorax, DOC, 30},
    {"E81O", kThorax, OTH, 20},
    {"D12N", kThorax, IN, 10},
    {"E75N", kThorax, IN, 12},
    // Kirurgi
    {"G05E", kKirurgi, IN, 10, Age::any, "20", 350},
    {"F20C", kKirurgi, IN, 14},
    {"F20E", kKirurgi, IN, 18},
    {"F21N", kKirurgi, IN, 8},
    {"G07E", kKirurgi, IN, 16},
    {"F30E", kKirurgi, IN, 10},
    {"L01N", kKirurgi, IN, 8},
    {"V20N", kKirurgi, IN, 6},
    {"E06E", kKirurgi, IN, 10},
    {"E09E", kKirurgi, IN, 6},
    {"F62E", kKirurgi, IN, 10},
    {"F63E", kKirurgi, IN, 12},
    {"G62E", kKirurgi, IN, 10},
    {"F80O", kKirurgi, DOC, 40},
    {"G80O", kKirurgi, DOC, 30},
    {"F81O", kKirurgi, DAY, 60},
    // Akademiska Barnsjukhuset
    {"Q16N", kBarn, IN, 1, N},
    {"Q18C", kBarn, IN, 10, N},
    {"R31C", kBarn, IN, 6, C},
    {"R31E", kBarn, IN, 10, C},
    {"R33N", kBarn, IN, 12, C},
    {"D60N", kBarn, IN, 30, C},
    {"S60N", kBarn, IN, 30, C},
    {"J60N", kBarn, IN, 14, C},
    {"E60N", kBarn, IN, 10, C},
    {"F60N", kBarn, IN, 10, C},
    {"Z80O", kBarn, DOC, 60, C},
    {"Q80O", kBarn, DOC, 10, C},
    {"Z82O", kBarn, DAY, 30, C},
    {"Z81O", kBarn, OTH, 40, C},
    // Blod- och tumörsjukdomar
    {"R21N", kBlod, IN, 10},
    {"R26C", kBlod, IN, 8},
    {"R30C", kBlod, IN, 8, A},
    {"R40C", kBlod, IN, 14},
    {"R41N", kBlod, IN, 12},
    {"R50N", kBlod, IN, 30},
    {"R60E", kBlod, IN, 16},
    {"R80O", kBlod, DOC, 40},
    {"R81O", kBlod, DOC, 30},
    {"R51O", kBlod, DAY, 50},
    {"R82O", kBlod, DAY, 30},
    {"R52O", kBlod, OTH, 40},
    {"", kBlod, DAY, 6},
    // Ortopedi och handkirurgi
    {"H03E", kOrto, IN, 20},
    {"H05N", kOrto, IN, 8},
    {"H10E", kOrto, IN, 20},
    {"H12E", kOrto, IN, 20},
    {"H20N", kOrto, IN, 6},
    {"H21E", kOrto, IN, 12},
    {"H80O", kOrto, DOC, 45},
    {"H81O", kOrto, DAY, 35},
    {"H82O", kOrto, OTH, 30},
    {"H62E", kOrto, IN, 15},
    {"H63E", kOrto, IN, 12},
    // Other clinics
    {"O01N", "Kvinnosjukvård", IN, 15},
    {"O02E", "Kvinnosjukvård", IN, 12},
    {"O03N", "Kvinnosjukvård", IN, 12},
    {"O40N", "Kvinnosjukvård", IN, 14},
    {"O80O", "Kvinnosjukvård", DOC, 25},
    {"O81O", "Kvinnosjukvård", DAY, 10},
    {"O62E", "Kvinnosjukvård", IN, 10},
    {"B62N", "Ögonsjukdomar", IN, 8},
    {"B04N", "Ögonsjukdomar", IN, 30, Age::any, "21", 450},
    {"B01N", "Ögonsjukdomar", IN, 10},
    {"B05E", "Ögonsjukdomar", IN, 10},
    {"B80O", "Ögonsjukdomar", DOC, 40},
    {"B81O", "Ögonsjukdomar", DAY, 40},
    {"B82O", "Ögonsjukdomar", OTH, 30},
    {"E17N", "Kardiologi", IN, 25, Age::any, "20", 400},
    {"E15E", "Kardiologi", IN, 20},
    {"E12N", "Kardiologi", IN, 15},
    {"E40C", "Kardiologi", IN, 12},
    {"E41E", "Kardiologi", IN, 10},
    {"E83O", "Kardiologi", DOC, 40},
    {"E82O", "Kardiologi", DAY, 20},
    {"E84O", "Kardiologi", OTH, 40},
    {"E71E", "Kardiologi", IN, 15},
    {"C02N", "Öron-, näs- och halssjukdomar", IN, 10},
    {"C03E", "Öron-, näs- och halssjukdomar", IN, 8},
    {"C05N", "Öron-, näs- och halssjukdomar", IN, 6},
    {"C30E", "Öron-, näs- och halssjukdomar", IN, 10},
    {"C80O", "Öron-, näs- och halssjukdomar", DOC, 30},
    {"C81O", "Öron-, näs- och halssjukdomar", OTH, 15},
    {"C82O", "Öron-, näs- och halssjukdomar", DAY, 15},
    {"M05E", "Urologi", IN, 10},
    {"M05C", "Urologi", IN, 10},
    {"M02N", "Urologi", IN, 14},
    {"N01N", "Urologi", IN, 8},
    {"N15N", "Urologi", IN, 6},
    {"M80O", "Urologi", DOC, 30},
    {"M81O", "Urologi", DAY, 20},
    {"M82O", "Urologi", OTH, 15},
    {"M62E", "Urologi", IN, 10},
    {"J06E", "Plastikkirurgi", IN, 10},
    {"J08N", "Plastikkirurgi", IN, 12},
    {"J80O", "Plastikkirurgi", DOC, 20},
    {"D20N", "Lung- och allergisjukdomar", IN, 10},
    {"D40C", "Lung- och allergisjukdomar", IN, 12},
    {"D41E", "Lung- och allergisjukdomar", IN, 8},
    {"D80O", "Lung- och allergisjukdomar", DOC, 30},
    {"D81O", "Lung- och allergisjukdomar", DAY, 15},
    {"D62E", "Lung- och allergisjukdomar", IN, 12},
    {"S40C", "Infektion", IN, 12},
    {"S80O", "Infektion", DOC, 20},
    {"S62E", "Infektion", IN, 14},
    {"Y01N", "Brännskadecentrum", IN, 3},
    {"Y02N", "Brännskadecentrum", IN, 10},
    {"W02N", "Anestesi- och intensivvård", IN, 8},
    {"L40C", "Njurmedicin", IN, 10},
    {"L80O", "Njurmedicin", DOC, 20},
    {"L81O", "Njurmedicin", DAY, 25},
    {"", "Njurmedicin", OTH, 3},
};

// CAL-BEGIN AS
constexpr BuyerWeight kAsBuyers[] = {
    {"04", 355467, 393656, {355467, 355467, 543423}, 800},
    {"17", 162916, 166887, {162916, 162916, 211797}, 789},
    {"18", 101475, 132888, {101475, 101475, 210116}, 881},
    {"19", 294183, 382165, {294183, 294183, 487590}, 683},
    {"20", 419079, 482258, {419079, 419079, 612627}, 758},
    {"21", 440320, 501572, {440320, 440320, 657849}, 744},
};
// CAL-END AS

// ---- Universitetssjukhuset Örebro (USO), Region Örebro län -----------------

constexpr std::string_view kKt = "Kärl-thorax";
constexpr std::string_view kOnh = "ÖNH";
constexpr std::string_view kOgon = "Ögon";
constexpr std::string_view kUro = "Urologi";
constexpr std::string_view kOrt = "Ortopedi";
constexpr std::string_view kUNeuro = "Neuro";

constexpr TopLine kUsoTop[] = {
    {"B04N", kOgon, {419, 373, 385}},   {"E03N", kKt, {265, 268, 287}},
    {"E07E", kKt, {230, 259, 264}},     {"E04C", kKt, {282, 277, 171}},
    {"W01A", kUNeuro, {148, 159, 127}}, {"C01C", kOnh, {71, 71, 117}},
    {"E04A", kKt, {146, 101, 106}},     {"D10E", kKt, {82, 82, 98}},
    {"C30C", kOnh, {65, 65, 91}},       {"E02N", kKt, {73, 73, 85}},
};

constexpr ClinicTarget kUsoClinics[] = {
    {kKt, {1248, 1259, 1324}}, {kOnh, {651, 536, 663}}, {kOgon, {624, 529, 584}},
    {kUro, {638, 326, 423}},   {kOrt, {507, 407, 476}},
};

constexpr std::string_view kOnk = "Onkologi", kHem = "Hematologi", kKard = "Kardiologi",
                           kKvinn = "Kvinnosjukvård", kKir = "Kirurgi",
                           kUBarn = "Barn- och ungdomsmedicin",
                           kLung = "Lung- och allergisjukdomar", kNjur = "Njurmedicin";

constexpr FillLine kUsoFill[] = {
    // Kärl-thorax
    {"E07C", kKt, IN, 6},
    {"E05N", kKt, IN, 8},
    {"D10C", kKt, IN, 4},
    {"D11N", kKt, IN, 10},
    {"E06E", kKt, IN, 12},
    {"E09E", kKt, IN, 8},
    {"E80O", kKt, DOC, 40},
    {"E81O", kKt, OTH, 20},
    {"E75N", kKt, IN, 10},
    {"D12N", kKt, IN, 8},
    // ÖNH
    {"C02N", kOnh, IN, 3},
    {"C03E", kOnh, IN, 12},
    {"C05N", kOnh, IN, 4},
    {"C30E", kOnh, IN, 12, Age::any, "04", 350},
    {"C80O", kOnh, DOC, 60},
    {"C81O", kOnh, OTH, 35},
    {"C82O", kOnh, DAY, 30},
    {"C62N", kOnh, IN, 12},
    {"C63E", kOnh, IN, 10},
    {"C10E", kOnh, IN, 12},
    // Ögon
    {"B01N", kOgon, IN, 20, Age::any, "04", 300},
    {"B05E", kOgon, IN, 20},
    {"B80O", kOgon, DOC, 60},
    {"B81O", kOgon, DAY, 40},
    {"B82O", kOgon, OTH, 40},
    {"B62N", kOgon, IN, 12},
    // Urologi
    {"M05E", kUro, IN, 10, Age::any, "04", 300},
    {"M05C", kUro, IN, 5},
    {"M02N", kUro, IN, 16},
    {"M40C", kUro, IN, 10},
    {"N01N", kUro, IN, 8, Age::any, "03", 60},
    {"N15N", kUro, IN, 10, Age::any, "03", 80},
    {"M80O", kUro, DOC, 45},
    {"M81O", kUro, DAY, 25},
    {"M82O", kUro, OTH, 25},
    {"M62E", kUro, IN, 14},
    {"M63E", kUro, IN, 14},
    {"N62E", kUro, IN, 8},
    // Ortopedi
    {"H03E", kOrt, IN, 12},
    {"H05N", kOrt, IN, 8},
    {"H10E", kOrt, IN, 20},
    {"H12E", kOrt, IN, 20},
    {"H21E", kOrt, IN, 12, Age::any, "03", 40},
    {"H80O", kOrt, DOC, 50},
    {"H81O", kOrt, DAY, 25},
    {"H82O", kOrt, OTH, 30},
    {"H62E", kOrt, IN, 15},
    {"H63E", kOrt, IN, 15},
    // Other clinics
    {"R50N", kOnk, IN, 20},
    {"R41N", kOnk, IN, 12},
    {"R40C", kOnk, IN, 8},
    {"R80O", kOnk, DOC, 60},
    {"R51O", kOnk, DAY, 55, Age::any, "04", 300},
    {"R52O", kOnk, OTH, 60},
    {"", kOnk, DAY, 6},
    {"R60E", kOnk, IN, 15},
    {"R26C", kHem, IN, 8, Age::any, "03", 30},
    {"R30C", kHem, IN, 6, A},
    {"R21N", kHem, IN, 4},
    {"R81O", kHem, DOC, 30},
    {"R82O", kHem, DAY, 30},
    {"E17N", kKard, IN, 14},
    {"E15E", kKard, IN, 18},
    {"E12N", kKard, IN, 10},
    {"E40C", kKard, IN, 14},
    {"E41E", kKard, IN, 10},
    {"E83O", kKard, DOC, 60},
    {"E82O", kKard, DAY, 25},
    {"E84O", kKard, OTH, 50},
    {"E70N", kKard, IN, 20},
    {"E71E", kKard, IN, 15},
    {"A03E", kUNeuro, IN, 6},
    {"A46C", kUNeuro, IN, 10, Age::any, "03", 40},
    {"A04N", kUNeuro, IN, 4},
    {"A09E", kUNeuro, IN, 8},
    {"A07E", kUNeuro, IN, 6},
    {"A42E", kUNeuro, IN, 10},
    {"A44C", kUNeuro, IN, 8},
    {"A45E", kUNeuro, IN, 12},
    {"A80O", kUNeuro, DOC, 50},
    {"A83O", kUNeuro, DOC, 25},
    {"A82O", kUNeuro, DAY, 20},
    {"A81O", kUNeuro, OTH, 40},
    {"A62E", kUNeuro, IN, 10},
    {"A63E", kUNeuro, IN, 12},
    {"O01N", kKvinn, IN, 10, Age::any, "04", 600},
    {"O02E", kKvinn, IN, 12, Age::any, "04", 600},
    {"O03N", kKvinn, IN, 6},
    {"O40N", kKvinn, IN, 10},
    {"O80O", kKvinn, DOC, 30},
    {"O81O", kKvinn, DAY, 15},
    {"O62E", kKvinn, IN, 10},
    {"F20C", kKir, IN, 8},
    {"F20E", kKir, IN, 12},
    {"F30E", kKir, IN, 16, Age::any, "03", 30},
    {"G05E", kKir, IN, 6},
    {"G07E", kKir, IN, 16},
    {"F80O", kKir, DOC, 40},
    {"F81O", kKir, DAY, 30},
    {"F62E", kKir, IN, 10},
    {"F63E", kKir, IN, 12},
    {"G62E", kKir, IN, 8},
    {"R31E", kUBarn, IN, 6, C, "03", 50},
    {"S60N", kUBarn, IN, 20, C},
    {"D60N", kUBarn, IN, 20, C},
    {"J60N", kUBarn, IN, 10, C},
    {"Z80O", kUBarn, DOC, 40, C},
    {"Z81O", kUBarn, OTH, 30, C},
    {"Z82O", kUBarn, DAY, 10, C},
    {"D20N", kLung, IN, 5, Age::any, "03", 50},
    {"D40C", kLung, IN, 12},
    {"D41E", kLung, IN, 8},
    {"D80O", kLung, DOC, 30},
    {"D81O", kLung, DAY, 10},
    {"D62E", kLung, IN, 12},
    {"Z64N", "Akutsjukvård", IN, 12},
    {"S62E", "Infektion", IN, 12},
    {"L40C", kNjur, IN, 10},
    {"L80O", kNjur, DOC, 20},
    {"L81O", kNjur, DAY, 30},
    {"", kNjur, OTH, 4},
};

// CAL-BEGIN USO
constexpr BuyerWeight kUsoBuyers[] = {
    {"03", 10482, 8578, {10482, 10482, 6214}, 853},
    {"04", 72917, 83587, {72917, 72917, 79475}, 741},
    {"17", 194984, 225398, {194984, 194984, 274343}, 978},
    {"19", 58228, 60739, {58228, 58228, 68476}, 1031},
    {"20", 64622, 62641, {64622, 64622, 60207}, 835},
    {"21", 20661, 23889, {20661, 20661, 24077}, 1102},
};
// CAL-END USO

// ---- Lasarettet i Enköping (ENK), Region Uppsala --------------------------
// Not in the seed: a county hospital selling a little (some 350 contacts a
// year, common DRGs of medicine, surgery and orthopaedics, no items) to
// Västmanland under an agreement of its own, fully variable. It shows a
// region with two selling hospitals under one organisation number.

constexpr std::string_view kEMed = "Medicin", kEKir = "Kirurgi", kEOrt = "Ortopedi";

constexpr FillLine kEnkFill[] = {
    {"F62E", kEMed, IN, 20},  {"E71E", kEMed, IN, 15},  {"D41E", kEMed, IN, 10},
    {"G07E", kEKir, IN, 15},  {"H62E", kEOrt, IN, 15},  {"H10E", kEOrt, IN, 10},
    {"E83O", kEMed, DOC, 60}, {"F80O", kEKir, DOC, 60}, {"H80O", kEOrt, DOC, 60},
    {"F81O", kEKir, DAY, 20}, {"H81O", kEOrt, DAY, 20}, {"E84O", kEMed, OTH, 40},
    {"H82O", kEOrt, OTH, 40},
};

constexpr BuyerWeight kEnkBuyers[] = {{"19", 0, 0, {1, 1, 1}, 0}};

// A Mellanlänsavtal (agreement type 3) with a volume commitment (billing
// rules §8.5): Västmanland commits to 67 DRG points a year, half of a
// shortfall is invoiced and half of the points above the cap of 69 are
// credited. Against ENK's delivered points (69.58 / 61.54 / 66.04 at scale 1,
// seed-independent) 2019 lies above the cap and 2020 and 2021 fall short.
constexpr CommitmentDef kEnkCommitment[] = {{"19", 67, 69}};
constexpr AgreementTerms kEnkTerms{.agreement_type = 3,
                                   .commitment = kEnkCommitment,
                                   .shortfall_share = "0.5",
                                   .above_cap_share = "0.5"};

// ---- Norrlands universitetssjukhus (NUS), Region Västerbotten -------------
// Not in the seed: the university hospital of Sjukvårdsregion Norra, selling
// some 3 000 contacts a year to Västernorrland (22), Jämtland Härjedalen (23)
// and Norrbotten (25) under Norra's model (billing rules §8), all of it data:
// psychiatry is DRG-exempt and priced per care day or contact by tariff;
// expensive drugs are billed at their stated cost above a threshold per
// contact; only oncology has a subscription (from 2021, on the 2019-2020
// production); and the year's cost difference, KPP cost minus invoiced, is
// settled by a third. Its records carry the national classification (§8.6).

constexpr std::string_view kNOnk = "Onkologi", kNPsy = "Psykiatri", kNNeuro = "Neurocentrum",
                           kNKard = "Kardiologi", kNThorax = "Thoraxkirurgi", kNKir = "Kirurgi",
                           kNOrt = "Ortopedi", kNOnh = "Öron-, näs- och halssjukdomar",
                           kNBarn = "Barn- och ungdomsmedicin", kNOgon = "Ögon";

constexpr FillLine kNusFill[] = {
    // Onkologi: the subscription's clinic; expensive drugs at its visits.
    {"R50N", kNOnk, IN, 20},
    {"R41N", kNOnk, IN, 10},
    {"R40C", kNOnk, IN, 8},
    {"R60E", kNOnk, IN, 10},
    {"R80O", kNOnk, DOC, 60, Age::any, {}, 0, 100},
    {"R51O", kNOnk, DAY, 60, Age::any, {}, 0, 400},
    {"R82O", kNOnk, DAY, 10},
    {"R52O", kNOnk, OTH, 40},
    // Psykiatri: DRG-exempt, priced by tariff.
    {"T60N", kNPsy, IN, 14, A},
    {"T61N", kNPsy, IN, 12, A},
    {"T62N", kNPsy, IN, 8, A},
    {"T63N", kNPsy, IN, 4, A, "25", 300},
    {"T80O", kNPsy, DOC, 50, A},
    {"T81O", kNPsy, OTH, 40, A},
    // Neurocentrum: infusions of MS drugs at day care.
    {"A03C", kNNeuro, IN, 3},
    {"A03E", kNNeuro, IN, 8},
    {"A04N", kNNeuro, IN, 5},
    {"A09E", kNNeuro, IN, 10},
    {"A45E", kNNeuro, IN, 10},
    {"A46C", kNNeuro, IN, 6},
    {"A80O", kNNeuro, DOC, 40},
    {"A82O", kNNeuro, DAY, 20, Age::any, {}, 0, 350},
    // Heart, surgery and the rest.
    {"E15E", kNKard, IN, 15},
    {"E17N", kNKard, IN, 12, Age::any, "23", 350},
    {"E12N", kNKard, IN, 6},
    {"E83O", kNKard, DOC, 40},
    {"E84O", kNKard, OTH, 20},
    {"E02N", kNThorax, IN, 2},
    {"E03N", kNThorax, IN, 8},
    {"E04C", kNThorax, IN, 6},
    {"E07E", kNThorax, IN, 8},
    {"F20E", kNKir, IN, 10},
    {"F21N", kNKir, IN, 4},
    {"G05C", kNKir, IN, 5},
    {"G07E", kNKir, IN, 10},
    {"F80O", kNKir, DOC, 25},
    {"F81O", kNKir, DAY, 15},
    {"H03E", kNOrt, IN, 8},
    {"H20N", kNOrt, IN, 2},
    {"H21E", kNOrt, IN, 8},
    {"H80O", kNOrt, DOC, 25},
    {"C01C", kNOnh, IN, 3},
    {"C02N", kNOnh, IN, 4},
    {"C05N", kNOnh, IN, 4},
    {"C80O", kNOnh, DOC, 20},
    {"C81O", kNOnh, OTH, 15},
    {"R31E", kNBarn, IN, 4, C},
    {"R33N", kNBarn, IN, 4, C},
    {"Z80O", kNBarn, DOC, 10, C},
    {"B01N", kNOgon, IN, 6},
    {"B04N", kNOgon, IN, 15, Age::any, "22", 300},
    {"B80O", kNOgon, DOC, 30},
    {"B81O", kNOgon, DAY, 25},
    {"B82O", kNOgon, OTH, 15},
};

// The three Norra regions by rough share of NUS's referred care; Jämtland
// Härjedalen sends less in 2021.
constexpr BuyerWeight kNusBuyers[] = {
    {"22", 0, 0, {40, 40, 40}, 0}, {"23", 0, 0, {22, 22, 16}, 0}, {"25", 0, 0, {38, 38, 40}, 0}};

constexpr std::string_view kNusExempt[] = {kNPsy};
constexpr std::string_view kNusSubscribed[] = {kNOnk};

constexpr AgreementTerms kNusTerms{
    .note =
        "# Demo data written by `vardavtal generate`: synthetic, modelled on Norra's\n"
        "# regional price list and its settlement of the cost difference (billing rules §8).\n",
    .agreement_type = 2,
    .drg_exempt_clinics = kNusExempt,
    .extra_billing_threshold = 50000,
    .subscription_from = 2021,
    .subscription_share = "0.5",
    .subscription_clinics = kNusSubscribed,
    .settlement_share = "1/3"};

// Psychiatry's prices (öre), 2019-2021, uplifted about as LPIK. They name the
// medical field (MVO 901, psykiatri) rather than the clinic: a received
// fakturaunderlag carries the field but no clinic, so the purchaser's
// reconciliation re-prices these lines too (docs/reconcile.md).
constexpr TariffDef kNusTariffs[] = {
    {IN, {}, "901", TariffUnit::care_day, {695000, 714500, 728000},
     "Psykiatrisk heldygnsvård, vårddygn"},
    {DOC, {}, "901", TariffUnit::contact, {265000, 272500, 277500}, "Psykiatriskt läkarbesök"},
    {OTH, {}, "901", TariffUnit::contact, {128000, 131500, 134000},
     "Psykiatriskt besök, övrig personal"},
};

constexpr Classification kNusClassification{"2", "3", 150, 40, 40};

// Region Västerbotten's university hospital. HSA id in the national form and
// bankgiro (valid check digit): demo values, as ENK's.
const Hospital kNusHospital{"NUS", "Norrlands universitetssjukhus", "24",
                            HospitalKind::university, "SE2321000222-NUS1", "5053-2415"};

const SellerDef kSellers[] = {
    {"AS",
     "03",
     {{8712, 25046, 9637, 7388}, {8066, 23710, 9218, 6914}, {8590, 24196, 9634, 7409}},
     {22722, 20008, 21409},
     {61620, 68634, 70194},
     69927,
     70,
     45,
     kAsTop,
     kAsClinics,
     kAsFill,
     kAsBuyers,
     "19"},
    {"USO",
     "18",
     {{3084, 10127, 2152, 4396}, {2910, 9589, 2086, 4211}, {3129, 9783, 2043, 4442}},
     {5873, 5269, 6006},
     {56446, 63567, 66250},
     66156,
     35,
     20,
     kUsoTop,
     kUsoClinics,
     kUsoFill,
     kUsoBuyers,
     "21"},
    // After AS and USO: their referral numbers stay as they were.
    {"ENK",
     "03",
     {{70, 190, 40, 80}, {62, 170, 35, 73}, {66, 182, 38, 78}},
     {70, 62, 66},
     {48000, 53000, 55000},
     56000,
     20,
     0,
     {},
     {},
     kEnkFill,
     kEnkBuyers,
     "",
     "MSV-lans",
     "Avtal om länssjukvård vid Lasarettet i Enköping",
     false,
     false,
     2,
     &kEnkTerms},
    // After ENK: the others' streams and referral numbers stay as they were.
    {"NUS",
     "24",
     {{950, 1300, 520, 330}, {880, 1200, 480, 300}, {920, 1260, 500, 320}},
     {2100, 1940, 2040},
     {64000, 65800, 67050},
     63850,
     40,
     0,
     {},
     {},
     kNusFill,
     kNusBuyers,
     "25",
     "NRF-rv",
     "Avtal om regionvård vid Norrlands universitetssjukhus",
     false,
     true,
     1,
     &kNusTerms,
     kNusTariffs,
     &kNusClassification,
     true,
     &kNusHospital},
};

}  // namespace

std::span<const SellerDef> sellers() {
  return kSellers;
}

}  // namespace vardavtal::demo
