// The demo catalogue: a synthetic DRG weight list, item price lists, the LPIK
// series and the municipalities of Sjukvårdsregion Mellansverige (and of the
// three Norra regions NUS sells to). DRG codes and names from the seed (the
// top-10 and per-region tables) are used as written there; the other groups
// are plausible inventions in the same form (MDC letter, two digits, suffix;
// suffix O for outpatient groups). Weights are not Socialstyrelsen's: they are
// chosen so that the seed's DRG points come out.
#include <array>
#include <stdexcept>
#include <string>

#include "billing/demo/demo_data.h"
#include "billing/demo/random.h"
#include "core/decimal.h"

namespace vardavtal::demo {

namespace {

constexpr int kOut = -1;  // mean_los of an outpatient group

// Sorted by code. Weights are 2021 weights in 10^-4 points.
constexpr DrgDef kDrgs[] = {
    {"A03C", "Intrakraniell kirurgi för tumör, komplicerat", 64000, 14, 0},
    {"A03E", "Intrakraniell kirurgi för tumör, ej komplicerat", 39000, 7, 0},
    {"A04N", "Åtgärder vid aneurysm, kärlmissbildning och infarkt", 56000, 12, 0},
    {"A06N", "Epilepsikirurgi", 48000, 8, 0},
    {"A07E", "Ventrikelshuntoperationer, ej komplicerat", 21000, 5, 0},
    {"A08E", "Annan intrakraniell kärlkirurgi, ej komplicerat", 34000, 8, 0},
    {"A09E", "Operationer på ryggmärg och spinalkanal, ej komplicerat", 24000, 6, 0},
    {"A10N", "Implantation av neurostimulator", 26000, 3, 0},
    {"A13E", "Operationer på perifera nerver, ej komplicerat", 12000, 2, 0},
    {"A40C", "Tumörer i nervsystemet, komplicerat", 16000, 9, 0},
    {"A42E", "Epilepsi och kramper, ej komplicerat", 7000, 3, 0},
    {"A44C", "Multipel skleros och cerebellär ataxi, komplicerat", 11000, 7, 0},
    {"A45E", "Cerebrovaskulär sjukdom, ej komplicerat", 9000, 6, 0},
    {"A46C", "Specifika kärlsjukdomar i hjärnan, komplicerat", 19000, 10, 0},
    {"A47E", "Parkinsons sjukdom och andra degenerativa sjukdomar, ej komplicerat", 10000, 5, 0},
    {"A51E", "Skalltrauma, ej komplicerat", 6000, 3, 0},
    {"A62E", "Huvudvärk, ej komplicerat", 4500, 2, 0},
    {"A63E", "Utredning av neurologiska symtom, ej komplicerat", 5500, 2, 0},
    {"A80O", "Neurologisk sjukdom, läkarbesök", 650, kOut, 0},
    {"A81O", "Neurofysiologisk undersökning", 400, kOut, 0},
    {"A82O", "Infusionsbehandling vid neurologisk sjukdom, dagsjukvård", 2400, kOut, 0},
    {"A83O", "Neurokirurgisk bedömning, läkarbesök", 700, kOut, 0},
    {"B01N", "Andra större operationer på ögat", 11500, 2, 0},
    {"B04N", "Operationer på näthinna", 9500, 1, 0},
    {"B05E", "Operationer på orbita och ögonlock, ej komplicerat", 8000, 1, 0},
    {"B62N", "Ögonsjukdomar, medicinsk behandling", 4500, 2, 0},
    {"B80O", "Ögonsjukdom, läkarbesök", 500, kOut, 0},
    {"B81O", "Intravitreal injektion, dagsjukvård", 1200, kOut, 0},
    {"B82O", "Ögonundersökning, övrigt besök", 200, kOut, 0},
    {"C01C",
     "Trakeostomi/mikrovaskulärt transplantat vid öron-, näs- och halssjukdomar, komplicerat",
     62000, 12, 0},
    {"C02N", "Större operationer på huvud och hals", 39000, 9, 0},
    {"C03E", "Operationer på spottkörtlar, ej komplicerat", 12000, 2, 0},
    {"C05N", "Cochleaimplantat", 30000, 2, 0},
    {"C10E", "Tonsillektomi och adenotomi, ej komplicerat", 5500, 1, 0},
    {"C30C", "Maligna och oklara tumörer i öron, näsa, mun och hals, komplicerat", 14500, 5, 0},
    {"C30E", "Maligna och oklara tumörer i öron, näsa, mun och hals, ej komplicerat", 9000, 3, 0},
    {"C62N", "Infektioner i öron, näsa och hals", 4000, 2, 0},
    {"C63E", "Näsblödning, ej komplicerat", 4000, 2, 0},
    {"C80O", "Öron-, näs- och halssjukdom, läkarbesök", 550, kOut, 0},
    {"C81O", "Audiologisk utredning, övrigt besök", 250, kOut, 0},
    {"C82O", "Öron-, näs- och halskirurgi, dagkirurgi", 2400, kOut, 0},
    {"D10C", "Större toraxoperationer, komplicerat", 54000, 11, 0},
    {"D10E", "Större toraxoperationer, ej komplicerat", 36000, 6, 0},
    {"D11N", "Andra operationer på andningsorganen", 15000, 4, 0},
    {"D12N", "Pleuradränage och torakocentes", 7000, 3, 0},
    {"D20N", "Respiratorbehandling för sjukdomar i andningsorganen", 52000, 14, 0},
    {"D40C", "Tumörer i andningsorganen, komplicerat", 13000, 7, 0},
    {"D41E", "Lungemboli, ej komplicerat", 8000, 4, 0},
    {"D60N", "Astma och bronkiolit, 0-17 år", 5500, 3, 0},
    {"D62E", "Lunginflammation, ej komplicerat", 6500, 4, 0},
    {"D80O", "Lungsjukdom, läkarbesök", 600, kOut, 0},
    {"D81O", "Bronkoskopi, dagsjukvård", 2000, kOut, 0},
    {"E01N", "Hjärttransplantation och assisterad cirkulation", 320000, 30, 60},
    {"E02N", "Operation av torakalt aortaaneurysm", 95000, 10, 0},
    {"E03N", "Perkutan implantation av hjärtklaff", 49000, 4, 0},
    {"E04A", "Operationer på hjärtklaffar, mycket komplicerat eller flera med komplikation", 110000,
     16, 0},
    {"E04C", "Operationer på hjärtklaffar, flera eller komplicerat", 74000, 10, 0},
    {"E05N", "Andra hjärt-thoraxoperationer", 31000, 7, 0},
    {"E06E", "Större kärlkirurgiska ingrepp, ej komplicerat", 26000, 6, 0},
    {"E07C", "Koronar bypass, komplicerat", 66000, 12, 0},
    {"E07E", "Koronar bypass, ej komplicerat", 43000, 7, 0},
    {"E09E", "Endovaskulär åtgärd på aorta, ej komplicerat", 34000, 4, 0},
    {"E12N", "Implantation av defibrillator", 29000, 3, 0},
    {"E15E", "Perkutan koronar intervention, ej komplicerat", 17000, 2, 0},
    {"E17N", "Perkutan ablation för hjärtarytmi", 24000, 1, 0},
    {"E40C", "Hjärtsvikt och chock, komplicerat", 12000, 7, 0},
    {"E41E", "Akut hjärtinfarkt, ej komplicerat", 9500, 4, 0},
    {"E60N", "Medfödda hjärtfel, 0-17 år", 14000, 5, 0},
    {"E70N", "Bröstsmärta", 4000, 1, 0},
    {"E71E", "Arytmi och ledningsrubbning, ej komplicerat", 5500, 2, 0},
    {"E75N", "Uppföljning efter hjärtoperation", 6000, 3, 0},
    {"E80O", "Hjärt- och thoraxkirurgisk bedömning, läkarbesök", 700, kOut, 0},
    {"E81O", "Ekokardiografi och arbetsprov, övrigt besök", 350, kOut, 0},
    {"E82O", "Elkonvertering och kardiologisk behandling, dagsjukvård", 1800, kOut, 0},
    {"E83O", "Hjärtsjukdom, läkarbesök", 600, kOut, 0},
    {"E84O", "Pacemaker- och ICD-kontroll, övrigt besök", 250, kOut, 0},
    {"F20C", "Större operationer på tunn- och tjocktarm, komplicerat", 36000, 12, 0},
    {"F20E", "Större operationer på tunn- och tjocktarm, ej komplicerat", 23000, 7, 0},
    {"F21N", "Större operationer på esofagus och magsäck", 55000, 13, 0},
    {"F30E", "Appendektomi, ej komplicerat", 8000, 2, 0},
    {"F60N", "Större bukoperationer, 0-17 år", 20000, 5, 0},
    {"F62E", "Gastroenterit, ej komplicerat", 4500, 2, 0},
    {"F63E", "Buksmärta, ej komplicerat", 4000, 1, 0},
    {"F80O", "Mag- och tarmsjukdom, läkarbesök", 600, kOut, 0},
    {"F81O", "Gastroskopi och koloskopi, dagsjukvård", 1500, kOut, 0},
    {"G05A", "Pankreas-, lever- och shuntoperationer, mycket komplicerat", 125000, 20, 0},
    {"G05C", "Pankreas-, lever- och shuntoperationer, komplicerat", 68000, 12, 0},
    {"G05E", "Pankreas-, lever- och shuntoperationer, ej komplicerat", 41000, 8, 0},
    {"G07E", "Kolecystektomi, ej komplicerat", 11000, 2, 0},
    {"G62E", "Gallvägssjukdom, medicinsk behandling", 6000, 3, 0},
    {"G80O", "Lever- och pankreassjukdom, läkarbesök", 650, kOut, 0},
    {"H03E", "Revision av höft- och knäprotes, ej komplicerat", 27000, 6, 0},
    {"H05N", "Tumörkirurgi i skelett och mjukdelar", 38000, 9, 0},
    {"H10E", "Operationer på hand och handled, ej komplicerat", 8000, 1, 0},
    {"H12E", "Större operationer på fot, knä och underben, ej komplicerat", 13000, 3, 0},
    {"H20N", "Ryggradsfusion vid deformitet", 60000, 8, 0},
    {"H21E", "Annan ryggradsfusion, ej komplicerat", 29000, 5, 0},
    {"H62E", "Frakturer och luxationer, medicinsk behandling", 6000, 3, 0},
    {"H63E", "Ryggsmärta, ej komplicerat", 5500, 3, 0},
    {"H80O", "Ortopedisk sjukdom, läkarbesök", 550, kOut, 0},
    {"H81O", "Handkirurgi, dagkirurgi", 2800, kOut, 0},
    {"H82O", "Ortopedisk behandling och gipsning, övrigt besök", 250, kOut, 0},
    {"J06E", "Bröstrekonstruktion, ej komplicerat", 17000, 3, 0},
    {"J08N", "Hudtransplantation och lambåer", 19000, 6, 0},
    {"J60N", "Diabetes, 0-17 år", 9000, 4, 0},
    {"J80O", "Plastikkirurgi, läkarbesök", 550, kOut, 0},
    {"L01N", "Njurtransplantation", 55000, 9, 0},
    {"L40C", "Njursvikt, komplicerat", 12000, 7, 0},
    {"L80O", "Njursjukdom, läkarbesök", 600, kOut, 0},
    {"L81O", "Hemodialys, dagsjukvård", 1000, kOut, 0},
    {"M02N", "Transuretrala operationer", 9000, 2, 0},
    {"M05C", "Njur-, urinledar- och större blåsoperation för tumörer, komplicerat", 42000, 10, 0},
    {"M05E", "Njur-, urinledar- och större blåsoperation för tumörer, ej komplicerat", 26000, 6, 0},
    {"M40C", "Tumörer i njure och urinvägar, komplicerat", 11000, 5, 0},
    {"M62E", "Urinvägsinfektion, ej komplicerat", 5000, 3, 0},
    {"M63E", "Njursten, ej komplicerat", 4500, 2, 0},
    {"M80O", "Urologisk sjukdom, läkarbesök", 550, kOut, 0},
    {"M81O", "Cystoskopi, dagsjukvård", 1600, kOut, 0},
    {"M82O", "Urologisk behandling, övrigt besök", 250, kOut, 0},
    {"N01N", "Stor bäckenoperation vid sjukdomar i prostata, pung, penis etc", 23000, 4, 0},
    {"N15N", "Penisoperationer", 12500, 2, 0},
    {"N62E", "Sjukdomar i manliga könsorgan, medicinsk behandling", 4500, 2, 0},
    {"O01N", "Radikal hysterektomi, vulvektomi och bäckenutrymning", 30000, 5, 0},
    {"O02E", "Operationer på uterus och adnex för tumör utanför ovarier/adnex, ej komplicerat",
     15000, 3, 0},
    {"O03N", "Operationer på ovarier och adnex för malignitet", 26000, 5, 0},
    {"O40N", "Maligna gynekologiska tumörer, medicinsk behandling", 10000, 4, 0},
    {"O62E", "Gynekologiska sjukdomar, medicinsk behandling", 4500, 2, 0},
    {"O80O", "Gynekologisk tumörsjukdom, läkarbesök", 600, kOut, 0},
    {"O81O", "Brachyterapi, dagsjukvård", 3200, kOut, 0},
    {"Q15N", "Nyfödd, födelsevikt under 1000 g", 380000, 42, 75},
    {"Q16N", "Nyfödd, födelsevikt 1000-1499 g", 160000, 28, 55},
    {"Q18C", "Nyfödd, födelsevikt över 2499 g, komplicerat", 26000, 8, 0},
    {"Q80O", "Neonatal uppföljning, läkarbesök", 800, kOut, 0},
    {"R20N", "Allogen stamcellstransplantation, över 17 år", 165000, 26, 52},
    {"R21N", "Autolog stamcellstransplantation", 65000, 18, 0},
    {"R26C", "Lymfom och leukemi med större operation, komplicerat", 45000, 14, 0},
    {"R30C", "Akut leukemi utan större operation, över 17 år, komplicerat", 42000, 18, 0},
    {"R31C", "Akut leukemi utan större operation, 0-17 år, komplicerat", 34000, 12, 0},
    {"R31E", "Akut leukemi utan större operation, 0-17 år, ej komplicerat", 16000, 6, 0},
    {"R33N", "Solida tumörer hos barn, kemoterapi, 0-17 år", 18000, 5, 0},
    {"R40C", "Lymfom och icke-akut leukemi, komplicerat", 18000, 9, 0},
    {"R41N", "Strålbehandling, slutenvård", 19000, 10, 0},
    {"R50N", "Kemoterapi, slutenvård", 9000, 3, 0},
    {"R51O", "Kemoterapi utan akut leukemi som bidiagnos, öppenvård", 2400, kOut, 0},
    {"R52O", "Strålbehandling, öppenvård", 900, kOut, 0},
    {"R60E", "Utredning och uppföljning vid tumörsjukdom, ej komplicerat", 6000, 3, 0},
    {"R80O", "Tumörsjukdom, läkarbesök", 750, kOut, 0},
    {"R81O", "Hematologisk sjukdom, läkarbesök", 700, kOut, 0},
    {"R82O", "Transfusion och blodbehandling, dagsjukvård", 1500, kOut, 0},
    {"S40C", "Septikemi, komplicerat", 18000, 9, 0},
    {"S60N", "Infektioner och feber, 0-17 år", 5000, 3, 0},
    {"S62E", "Infektionssjukdom, ej komplicerat", 5500, 3, 0},
    {"S80O", "Infektionssjukdom, läkarbesök", 600, kOut, 0},
    {"T60N", "Schizofreni och andra psykoser", 15000, 21, 0},
    {"T61N", "Depressiva och bipolära tillstånd", 11000, 16, 0},
    {"T62N", "Ångest- och anpassningsstörningar", 7000, 9, 0},
    {"T63N", "Ätstörningar", 19000, 28, 0},
    {"T80O", "Psykiatrisk sjukdom, läkarbesök", 650, kOut, 0},
    {"T81O", "Psykiatrisk behandling, övrigt besök", 300, kOut, 0},
    {"V20N", "Multipelt signifikant trauma med större operation", 52000, 12, 0},
    {"W01A", "Trakeostomi ej pga öron-, näs- och halssjukdom, mycket komplicerat", 210000, 28, 0},
    {"W02N", "Respiratorbehandling mer än 96 timmar", 90000, 14, 0},
    {"Y01N", "Omfattande brännskador med operation", 180000, 30, 0},
    {"Y02N", "Brännskador, ej omfattande", 22000, 8, 0},
    {"Z64N", "Observation och utredning", 3500, 1, 0},
    {"Z80O", "Barnmedicinskt läkarbesök, 0-17 år", 700, kOut, 0},
    {"Z81O", "Barnmedicinskt övrigt besök, 0-17 år", 300, kOut, 0},
    {"Z82O", "Barnmedicinsk behandling, dagsjukvård, 0-17 år", 2200, kOut, 0},
};

// National average KPP cost per DRG point at the university hospitals (seed,
// "Totalsumma"), kronor: the base of the cost outlier limits.
constexpr int64_t kReferenceCost[kYears] = {61143, 67410, 70611};

constexpr uint8_t kAS = 1, kUSO = 2, kBoth = 3;
constexpr uint8_t kNUS = 8;  // sellers()[3]; ENK, sellers()[2], carries no items

// Prices in öre per unit for 2019 (before the seller factor). NUS bills its
// expensive drugs at cost (the last column): its price list states no price
// for them, and each item line states the cost, near this list price.
constexpr ItemDef kItems[] = {
    {"B01AD02", "Alteplas 50 mg", 750000, 2, 12, ItemKind::drug, kBoth},
    {"B02BD02", "Koagulationsfaktor VIII 1000 IE", 760000, 10, 10, ItemKind::drug, kBoth},
    {"J02AA01", "Amfotericin B liposomal 50 mg", 190000, 10, 10, ItemKind::drug, kBoth},
    {"J06BA02", "Immunglobulin human normal 10 g", 690000, 6, 30, ItemKind::drug, kBoth | kNUS},
    {"L01BC07", "Azacitidin 100 mg", 310000, 7, 20, ItemKind::drug, kBoth},
    {"L01XC02", "Rituximab 500 mg", 980000, 2, 30, ItemKind::drug, kBoth},
    {"L01XC03", "Trastuzumab 150 mg", 420000, 4, 25, ItemKind::drug, kBoth | kNUS, kNUS},
    {"L01XC07", "Bevacizumab 400 mg", 1190000, 2, 20, ItemKind::drug, kBoth | kNUS, kNUS},
    {"L01XC17", "Nivolumab 100 mg", 1460000, 3, 25, ItemKind::drug, kBoth | kNUS, kNUS},
    {"L01XC18", "Pembrolizumab 100 mg", 3030000, 2, 25, ItemKind::drug, kBoth | kNUS, kNUS},
    {"L01XC19", "Blinatumomab 38,5 mikrogram", 2890000, 7, 3, ItemKind::drug, kAS},
    {"L01XC24", "Daratumumab 400 mg", 2170000, 4, 15, ItemKind::drug, kBoth | kNUS, kNUS},
    {"L01XX32", "Bortezomib 3,5 mg", 530000, 4, 15, ItemKind::drug, kBoth},
    {"L01XX71", "Tisagenlecleucel, CAR-T-cellsbehandling", 280000000, 1, 1, ItemKind::drug, kAS},
    {"L04AA23", "Natalizumab 300 mg", 1740000, 1, 20, ItemKind::drug, kBoth | kNUS, kNUS},
    {"L04AA25", "Eculizumab 300 mg", 5200000, 4, 4, ItemKind::drug, kBoth},
    {"L04AA36", "Okrelizumab 300 mg", 5800000, 2, 10, ItemKind::drug, kBoth | kNUS, kNUS},
    {"M09AX07", "Nusinersen 12 mg", 72000000, 1, 2, ItemKind::drug, kAS},
    {"IMP-CI", "Cochleaimplantat", 24500000, 2, 4, ItemKind::implant, kBoth},
    {"IMP-CRTD", "Biventrikulär defibrillator (CRT-D)", 16500000, 1, 5, ItemKind::implant, kBoth},
    {"IMP-DBS", "Djup hjärnstimulator", 21000000, 1, 3, ItemKind::implant, kAS},
    {"IMP-EVAR", "Stentgraft för aorta", 18500000, 1, 5, ItemKind::implant, kBoth},
    {"IMP-FLOW", "Flödesavledande intrakraniell stent", 9800000, 2, 4, ItemKind::implant, kAS},
    {"IMP-ICD", "Implanterbar defibrillator (ICD)", 11500000, 1, 8, ItemKind::implant, kBoth},
    {"IMP-LVAD", "Vänsterkammarassist (LVAD)", 125000000, 1, 1, ItemKind::implant, kAS},
    {"IMP-MKL", "Mekanisk hjärtklaffprotes", 3800000, 2, 8, ItemKind::implant, kBoth},
    {"IMP-PM", "Pacemaker, tvåkammar", 2800000, 1, 12, ItemKind::implant, kBoth},
    {"IMP-SCS", "Ryggmärgsstimulator", 14000000, 1, 3, ItemKind::implant, kBoth},
    {"IMP-TAVI", "Transkateterburen aortaklaff", 19500000, 1, 10, ItemKind::implant, kBoth},
    {"IMP-TUMP", "Tumörprotes, knä eller höft", 16000000, 1, 3, ItemKind::implant, kBoth},
    {"UND-DIAL", "Hemodialys per behandling", 480000, 10, 25, ItemKind::exception, kBoth},
    {"UND-ECMO", "ECMO-behandling per dygn", 4200000, 10, 4, ItemKind::exception, kBoth},
    {"UND-HLA", "HLA-typning inför transplantation", 920000, 2, 8, ItemKind::exception, kBoth},
    {"UND-HYPO", "Hyperbar oxygenbehandling per session", 640000, 10, 6, ItemKind::exception, kUSO},
    {"UND-PET", "PET-DT-undersökning", 1650000, 2, 25, ItemKind::exception, kBoth | kNUS},
    {"UND-PROT", "Protonstrålbehandling, behandlingsserie", 19500000, 1, 3, ItemKind::exception,
     kAS},
    {"UND-STRL", "Strålbehandling per fraktion", 420000, 10, 20, ItemKind::exception, kBoth | kNUS},
    {"UND-WGS", "Helgenomsekvensering", 2400000, 1, 10, ItemKind::exception, kBoth},
};

// LPIK (landstingsprisindex) yearly change and the same without drugs, 10^-6.
// The 2021 LPIK rate, 1.9 %, is the seed's "Uppräkning med LPIK oktober 2020".
constexpr IndexRow kIndex[] = {
    {"LPIK", 2015, 22000},
    {"LPIK", 2016, 25000},
    {"LPIK", 2017, 27000},
    {"LPIK", 2018, 29000},
    {"LPIK", 2019, 31000},
    {"LPIK", 2020, 28000},
    {"LPIK", 2021, 19000},
    {"LPIK-excl-drugs", 2015, 20000},
    {"LPIK-excl-drugs", 2016, 23000},
    {"LPIK-excl-drugs", 2017, 25000},
    {"LPIK-excl-drugs", 2018, 27000},
    {"LPIK-excl-drugs", 2019, 29000},
    {"LPIK-excl-drugs", 2020, 26000},
    {"LPIK-excl-drugs", 2021, 17000},
};

// SCB municipality codes with rough populations (thousands), per county.
constexpr Municipality kUppsala[] = {{"0305", 22}, {"0319", 9},   {"0330", 19}, {"0331", 14},
                                     {"0360", 21}, {"0380", 233}, {"0381", 46}, {"0382", 22}};
constexpr Municipality kSormland[] = {{"0428", 9},   {"0461", 11}, {"0480", 57},
                                      {"0481", 12},  {"0482", 16}, {"0483", 34},
                                      {"0484", 106}, {"0486", 37}, {"0488", 13}};
constexpr Municipality kVarmland[] = {{"1715", 12}, {"1730", 8},  {"1737", 12}, {"1760", 4},
                                      {"1761", 16}, {"1762", 4},  {"1763", 11}, {"1764", 9},
                                      {"1765", 10}, {"1766", 13}, {"1780", 95}, {"1781", 24},
                                      {"1782", 10}, {"1783", 12}, {"1784", 26}, {"1785", 15}};
constexpr Municipality kOrebro[] = {{"1814", 8},  {"1860", 6},  {"1861", 16},  {"1862", 10},
                                    {"1863", 7},  {"1864", 5},  {"1880", 156}, {"1881", 22},
                                    {"1882", 11}, {"1883", 30}, {"1884", 11},  {"1885", 23}};
constexpr Municipality kVastmanland[] = {{"1904", 4},  {"1907", 10},  {"1960", 9},  {"1961", 16},
                                         {"1962", 6},  {"1980", 155}, {"1981", 23}, {"1982", 13},
                                         {"1983", 26}, {"1984", 14}};
constexpr Municipality kDalarna[] = {{"2021", 7},  {"2023", 10}, {"2026", 10}, {"2029", 16},
                                     {"2031", 11}, {"2034", 7},  {"2039", 7},  {"2061", 11},
                                     {"2062", 20}, {"2080", 59}, {"2081", 52}, {"2082", 11},
                                     {"2083", 15}, {"2084", 23}, {"2085", 26}};
constexpr Municipality kGavleborg[] = {{"2101", 6},  {"2104", 10},  {"2121", 11}, {"2132", 9},
                                       {"2161", 19}, {"2180", 102}, {"2181", 39}, {"2182", 26},
                                       {"2183", 26}, {"2184", 37}};
// Norra: the buyers of Norrlands universitetssjukhus (NUS).
constexpr Municipality kVasternorrland[] = {{"2260", 9},  {"2262", 18}, {"2280", 25}, {"2281", 99},
                                            {"2282", 18}, {"2283", 19}, {"2284", 56}};
constexpr Municipality kJamtland[] = {{"2303", 5},  {"2305", 6}, {"2309", 15}, {"2313", 12},
                                      {"2321", 11}, {"2326", 7}, {"2361", 10}, {"2380", 64}};
constexpr Municipality kNorrbotten[] = {{"2505", 6},  {"2506", 3},  {"2510", 5},  {"2513", 3},
                                        {"2514", 16}, {"2518", 4},  {"2521", 6},  {"2523", 18},
                                        {"2560", 8},  {"2580", 79}, {"2581", 42}, {"2582", 28},
                                        {"2583", 10}, {"2584", 23}};

// Per-year weight drift in 10^-4 of the weight, within ±250 (±2.5 %); 0 for 2021.
int64_t drift(std::string_view code, int year) {
  if (year >= kLastYear) return 0;
  return static_cast<int64_t>(mix64(hash_text(code), static_cast<uint64_t>(year)) % 501) - 250;
}

}  // namespace

std::span<const DrgDef> drg_defs() {
  return kDrgs;
}

const DrgDef* find_drg(std::string_view code) {
  for (const DrgDef& d : kDrgs)
    if (d.code == code) return &d;
  return nullptr;
}

DrgYear drg_year(const DrgDef& d, int year) {
  if (year < kFirstYear || year > kLastYear) throw std::out_of_range("drg_year: year");
  DrgYear y;
  y.weight =
      round_half_away(static_cast<__int128>(d.weight) * (10000 + drift(d.code, year)), 10000);
  if (d.outpatient()) return y;
  int mean = d.mean_los;
  y.los_limit = d.los_limit > 0 ? d.los_limit : (mean + 10 > 2 * mean ? mean + 10 : 2 * mean);
  // 2.5 times the national cost of the group, to whole hundreds of kronor.
  int64_t ref = kReferenceCost[year - kFirstYear];
  y.cost_limit =
      round_half_away(static_cast<__int128>(y.weight) * ref * 25, 10 * 10000 * 100) * 100;
  // 60 % of the group's average weight per care day.
  y.day_weight = round_half_away(static_cast<__int128>(y.weight) * 6, 10 * (mean > 0 ? mean : 1));
  if (y.day_weight < 1) y.day_weight = 1;
  return y;
}

std::span<const ItemDef> item_defs() {
  return kItems;
}

int64_t item_price(const ItemDef& item, size_t seller_index, int year) {
  // A fixed seller factor between 0.950 and 1.050.
  int64_t factor = 950 + static_cast<int64_t>(mix64(hash_text(item.code), seller_index) % 101);
  int64_t p = round_half_away(static_cast<__int128>(item.price_2019) * factor, 1000);
  for (int y = kFirstYear + 1; y <= year; ++y)
    p = round_half_away(static_cast<__int128>(p) * (1000000 + lpik_rate(y)), 1000000);
  return p;
}

std::span<const IndexRow> index_rows() {
  return kIndex;
}

int64_t lpik_rate(int year) {
  for (const IndexRow& r : kIndex)
    if (r.index == "LPIK" && r.year == year) return r.rate;
  throw std::out_of_range("lpik_rate: no LPIK rate for " + std::to_string(year));
}

std::span<const Municipality> municipalities(std::string_view county) {
  if (county == "03") return kUppsala;
  if (county == "04") return kSormland;
  if (county == "17") return kVarmland;
  if (county == "18") return kOrebro;
  if (county == "19") return kVastmanland;
  if (county == "20") return kDalarna;
  if (county == "21") return kGavleborg;
  if (county == "22") return kVasternorrland;
  if (county == "23") return kJamtland;
  if (county == "25") return kNorrbotten;
  return {};
}

}  // namespace vardavtal::demo
