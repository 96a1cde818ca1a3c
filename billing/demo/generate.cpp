// The demo data generator's writer loop: care records, items, referrals and
// residents, streamed seller by seller, year by year, day by day.
//
// Per seller and billing year the contacts of each care type are exactly the
// seed's count times the scale, spread over the days of the year by fixed
// weekday/month weights (integer apportionment, so the sum is exact and the
// records come out in billing-date order), and their DRGs are drawn without
// replacement from the calibrated plan's counts (so the DRG mix is exact too).
// Everything else (buyer, patient, length of stay, costs, referral, items) is
// drawn from a PRNG seeded by (seed, seller, year).
#include "billing/demo/generate.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "billing/demo/demo_data.h"
#include "billing/demo/demo_writers.h"
#include "billing/demo/patients.h"
#include "billing/demo/random.h"
#include "core/decimal.h"
#include "core/error_text.h"
#include "core/region.h"
#include "importers/csv_writer.h"

namespace vardavtal {

namespace demo {
namespace {

// The fakturaunderlag needs a medical field (Socialstyrelsen's MVO code,
// ÖR49) and, for inpatient care, a main diagnosis (ICD-10-SE, ÖR31). The demo
// maps its clinics to plausible MVO codes and each DRG's major diagnostic
// category (its first letter) to one representative diagnosis.
std::string_view medical_field_of(std::string_view clinic) {
  static const std::pair<std::string_view, std::string_view> kMap[] = {
      {"Neuro", "331"}, {"Thorax", "341"}, {"Kärl-thorax", "341"}, {"Kirurgi", "301"},
      {"Barn", "201"}, {"Blod", "131"}, {"Ortopedi", "311"}, {"Kardiologi", "121"},
      {"Kvinno", "451"}, {"Öron", "521"}, {"ÖNH", "521"}, {"Ög", "511"}, {"Urologi", "321"},
      {"Infektion", "111"}, {"Plastik", "361"}, {"Brännskade", "361"}, {"Lung", "141"},
      {"Njur", "151"}, {"Onkologi", "131"}, {"Psykiatri", "901"}};
  for (const auto& [prefix, code] : kMap)
    if (clinic.find(prefix) != std::string_view::npos) return code;
  return "101";  // internal medicine
}

std::string_view main_diagnosis_of(std::string_view drg) {
  static const char* kByMdc[26] = {
      "G40.9", "H33.0", "J34.2", "J18.9", "I35.0", "K80.2", "K86.1", "M17.1", "L89.3",
      "E11.9", "N18.5", "N40.9", "N81.2", "N81.2", "O80.9", "P07.1", "D50.9", "C83.3",
      "A41.9", "F32.1", "F10.2", "T14.9", "T31.2", "Z51.1", "T31.2", "Z03.9"};
  const char mdc = drg.empty() ? 'Z' : drg[0];
  return mdc >= 'A' && mdc <= 'Z' ? kByMdc[mdc - 'A'] : "Z03.9";
}


constexpr int kEmergencyInpatientPermille = 250;
constexpr int kEmergencyVisitPermille = 30;
constexpr int kLosOutlierPermille = 400;  // of the outliers; the rest are cost outliers
constexpr int kLeavePermille = 150;       // of stays of two weeks or more

Date add_days(Date d, int64_t n) {
  return Date{date::sys_days{d} + date::days{n}};
}

bool is_holiday(Date d) {
  unsigned m = static_cast<unsigned>(d.month()), day = static_cast<unsigned>(d.day());
  if ((m == 1 && (day == 1 || day == 6)) || (m == 5 && day == 1) || (m == 6 && day == 6) ||
      (m == 12 && (day == 24 || day == 25 || day == 26 || day == 31)))
    return true;
  // Midsummer eve: the Friday between 19 and 25 June.
  return m == 6 && day >= 19 && day <= 25 && date::weekday{date::sys_days{d}} == date::Friday;
}

// Relative number of contacts of care type `ct` on day `d`: fewer in July and
// December, few visits at weekends, and the spring 2020 pandemic dip.
int64_t day_weight(Date d, size_t ct) {
  static constexpr int64_t kMonth[12] = {95, 100, 105, 100, 100, 90, 55, 85, 105, 105, 105, 80};
  unsigned m = static_cast<unsigned>(d.month());
  int64_t w = kMonth[m - 1] * 100;
  if (static_cast<int>(d.year()) == 2020 && m >= 3 && m <= 5) {
    static constexpr int64_t kDip[3] = {90, 70, 80};
    w = kMonth[m - 1] * kDip[m - 3];
  }
  date::weekday wd{date::sys_days{d}};
  bool off = wd == date::Saturday || wd == date::Sunday || is_holiday(d);
  if (!off) return w * 100;
  return w * (ct == 0 ? 40 : 3);
}

Sex sex_of(const DrgDef* d) {
  if (!d) return Sex::any;
  if (d->code[0] == 'O') return Sex::female;
  if (d->code[0] == 'N') return Sex::male;
  return Sex::any;
}

// Writes `value` zero-padded to at least `width` digits at the end of `out`.
void append_padded(std::string& out, int64_t value, int width) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (int i = n; i < width; ++i) out += '0';
  while (n > 0) out += tmp[--n];
}

struct LineRuntime {
  const PlanLine* plan;
  DrgYear year;
  Sex sex;
  // The tariff of the year (öre per unit) when the line's clinic is DRG-exempt
  // in the seller's agreement; nullptr: priced by its DRG.
  const TariffDef* tariff;
};

struct ItemChoice {
  const ItemDef* def;
  int64_t price;  // öre, this seller and year; near the stated cost when at_cost
  bool at_cost;   // billed at the cost stated on the item line
};

bool lists(std::span<const std::string_view> xs, std::string_view x) {
  return std::find(xs.begin(), xs.end(), x) != xs.end();
}

// The seller's tariff for a DRG-exempt clinic's care type (the first row whose
// clinic and medical field match, as the seller's rows are no more specific
// than one per care type); nullptr when the clinic is not exempt. Throws
// std::logic_error when an exempt clinic has no tariff for the care type (its
// records would be held).
const TariffDef* exempt_tariff(const SellerDef& s, std::string_view clinic, CareType care) {
  if (!s.terms || !lists(s.terms->drg_exempt_clinics, clinic)) return nullptr;
  for (const TariffDef& t : s.tariffs)
    if (t.care == care && (t.clinic.empty() || t.clinic == clinic) &&
        (t.medical_field.empty() || t.medical_field == medical_field_of(clinic)))
      return &t;
  throw std::logic_error("generate: no tariff of " + std::string(s.code) + " for " +
                         std::string(clinic) + " " + std::string(to_string(care)));
}

class RecordWriter {
 public:
  RecordWriter(const GenerateOptions& opt, const std::filesystem::path& dir,
               const PatientPools& pools)
      : opt_(opt),
        pools_(pools),
        records_(dir / "records.csv",
                 {"record_id", "seller", "patient_id", "county", "municipality", "care_type",
                  "clinic", "admission_date", "discharge_date", "leave_days", "drg", "kpp_cost",
                  "referral_id", "emergency", "patient_fee", "medical_field", "diagnosis",
                  "agreement_type", "riksavtal_chapter", "care_level", "referral_reason"},
                 CsvText::verbatim),
        items_(dir / "items.csv",
               {"record_id", "seller", "item_code", "quantity", "cost", "cost_ref"},
               CsvText::verbatim),
        referrals_(dir / "referrals.csv",
                   {"referral_id", "county", "patient_id", "seller", "valid_from", "valid_to"},
                   CsvText::verbatim),
        residents_(dir / "residents.csv", {"patient_id", "county", "valid_from", "valid_to"},
                   CsvText::verbatim),
        referral_seq_(32, 0) {}

  void seller_year(size_t seller_index, const SellerDef& s, int year);

  void finish(std::vector<GeneratedFile>& files) {
    pools_.write_residents(residents_);
    for (auto [kind, w] :
         {std::pair{"records", &records_}, std::pair{"items", &items_},
          std::pair{"referrals", &referrals_}, std::pair{"residents", &residents_}}) {
      w->close();
      files.push_back(GeneratedFile{kind, w->path(), w->rows()});
    }
  }

 private:
  void contact(size_t ct, Date billing);

  const GenerateOptions& opt_;
  const PatientPools& pools_;
  CsvWriter records_, items_, referrals_, residents_;
  NewbornRegistry newborns_;
  std::vector<int64_t> referral_seq_;  // per county code number

  // State of the current seller and year.
  const SellerDef* seller_ = nullptr;
  int year_ = 0;
  int64_t seq_ = 0;
  Rng rng_{0};
  // Separate streams, so that moving a buyer weight (calibration) changes only
  // the buyers drawn: rng_ picks the DRG line and seeds each contact's stream.
  Rng buyer_rng_{0};
  Rng patient_rng_{0};
  std::vector<PlanLine> plan_;  // lines_ point into it
  std::vector<LineRuntime> lines_[4];
  std::vector<QuotaSampler> samplers_;
  std::vector<int64_t> buyer_weights_;
  std::vector<size_t> buyer_pools_;
  std::vector<ItemChoice> items_all_, items_billable_alone_;
  std::vector<int64_t> weights_all_, weights_alone_;
  std::string id_, ref_, batch_;
  int64_t point_price_ = 0;  // kronor, the seller's agreement of the year
};

void RecordWriter::seller_year(size_t si, const SellerDef& s, int year) {
  const int k = year - kFirstYear;
  seller_ = &s;
  year_ = year;
  seq_ = 0;
  rng_ = Rng(mix64(opt_.seed, hash_text(s.code), static_cast<uint64_t>(year)));
  buyer_rng_ = Rng(mix64(opt_.seed, hash_text(s.code), static_cast<uint64_t>(year) + 0x5eed));
  patient_rng_ = Rng(mix64(opt_.seed, hash_text(s.code), static_cast<uint64_t>(year) + 0x9a71));

  point_price_ = point_price(s, year);
  plan_ = plan_year(s, year);
  samplers_.clear();
  for (size_t ct = 0; ct < 4; ++ct) {
    lines_[ct].clear();
    std::vector<int64_t> quotas;
    for (const PlanLine& p : plan_) {
      if (p.care != kCareTypes[ct] || p.count == 0) continue;
      lines_[ct].push_back({&p, p.drg ? drg_year(*p.drg, year) : DrgYear{}, sex_of(p.drg),
                            exempt_tariff(s, p.clinic, p.care)});
      quotas.push_back(p.count * opt_.scale);
    }
    samplers_.emplace_back(std::move(quotas));
    if (samplers_.back().remaining() != int64_t{s.contacts[k][ct]} * opt_.scale)
      throw std::logic_error("generate: plan does not add up to the seed's contacts");
  }
  buyer_weights_.clear();
  buyer_pools_.clear();
  for (const BuyerWeight& b : s.buyers) {
    buyer_weights_.push_back(b.draw[k]);
    buyer_pools_.push_back(pools_.county_index(b.county));
  }
  items_all_.clear();
  items_billable_alone_.clear();
  weights_all_.clear();
  weights_alone_.clear();
  for (const ItemDef& item : item_defs()) {
    if (!(item.sellers & (1u << si))) continue;
    ItemChoice c{&item, item_price(item, si, year), (item.at_cost & (1u << si)) != 0};
    items_all_.push_back(c);
    weights_all_.push_back(item.frequency);
    if (item.kind != ItemKind::implant) {
      items_billable_alone_.push_back(c);
      weights_alone_.push_back(item.frequency);
    }
  }

  // Contacts per day: exact integer apportionment of the year's count.
  const Date first{date::year{year}, date::January, date::day{1}};
  const int days = days_between(first, Date{date::year{year + 1}, date::January, date::day{1}});
  int64_t total_weight[4] = {0, 0, 0, 0};
  for (int d = 0; d < days; ++d)
    for (size_t ct = 0; ct < 4; ++ct) total_weight[ct] += day_weight(add_days(first, d), ct);
  int64_t cumulative[4] = {0, 0, 0, 0}, emitted[4] = {0, 0, 0, 0};
  for (int d = 0; d < days; ++d) {
    const Date day = add_days(first, d);
    for (size_t ct = 0; ct < 4; ++ct) {
      cumulative[ct] += day_weight(day, ct);
      const int64_t n = int64_t{s.contacts[k][ct]} * opt_.scale;
      const int64_t due =
          static_cast<int64_t>(static_cast<__int128>(n) * cumulative[ct] / total_weight[ct]);
      for (; emitted[ct] < due; ++emitted[ct]) contact(ct, day);
    }
  }
}

void RecordWriter::contact(size_t ct, Date billing) {
  const SellerDef& s = *seller_;
  const int k = year_ - kFirstYear;
  const LineRuntime& line = lines_[ct][samplers_[ct].draw(rng_)];
  const PlanLine& plan = *line.plan;
  const DrgDef* drg = plan.drg;
  const bool inpatient = ct == 0;

  // Buyer.
  size_t bi = s.buyers.size();
  if (!plan.affinity.empty() && rng_.chance(plan.affinity_permille)) {
    for (size_t i = 0; i < s.buyers.size(); ++i)
      if (s.buyers[i].county == plan.affinity) bi = i;
  }
  if (bi == s.buyers.size()) bi = buyer_rng_.pick(buyer_weights_);
  const std::string_view county = s.buyers[bi].county;
  // The contact's own stream: what is drawn below (which may depend on the
  // buyer) never shifts the draws of later contacts.
  Rng rng(rng_.next());

  // Stay, cost and outliers (integer öre; weight 10^-4 x kronor x spread 10^-4).
  // A DRG-exempt (tariff) contact has no outliers; its KPP cost is the tariff
  // amount x the seller's cost per point over its point price x the spread.
  Date admission = billing;
  int64_t los = 0, leave = 0, kpp = 0;
  bool emergency;
  const int64_t cpp = s.cost_per_point[k];
  const TariffDef* tariff = line.tariff;
  auto tariff_cost = [&](int64_t units, int64_t spread) {
    return round_half_away(static_cast<__int128>(tariff->price[k]) * units * cpp * spread,
                           static_cast<__int128>(point_price_) * 10000);
  };
  if (inpatient) {
    const int64_t mean = std::max<int64_t>(0, drg->mean_los);
    const int64_t limit = *line.year.los_limit;
    const int permille = tariff ? 0 : s.outlier_permille * (county == s.outlier_buyer ? 2 : 1);
    const bool outlier = rng.chance(permille);
    const bool los_outlier = outlier && rng.chance(kLosOutlierPermille);
    const int64_t spread = rng.range(7500, 12500);
    const __int128 base = static_cast<__int128>(line.year.weight) * cpp * spread;
    if (los_outlier) {
      los = limit + rng.range(1, std::max<int64_t>(3, limit / 3));
      kpp = round_half_away(base * los, int64_t{1000000} * std::max<int64_t>(1, mean));
    } else {
      // Triangular 40-160 % of the mean; short stays round down, so that
      // same-day stays (admission = discharge) are common among them.
      const int64_t pct = rng.range(20, 80) + rng.range(20, 80);
      los = std::min(limit, mean <= 2 ? mean * pct / 100 : round_half_away(mean * pct, 100));
      if (los >= 14 && rng.chance(kLeavePermille)) leave = rng.range(1, 3);
      if (outlier)
        kpp = *line.year.cost_limit * rng.range(10500, 20000) / 100 + rng.range(0, 99);
      else if (tariff)
        kpp = tariff_cost(
            tariff->unit == TariffUnit::care_day ? std::max<int64_t>(1, los - leave) : 1, spread);
      else
        kpp = round_half_away(base, 1000000);
    }
    admission = add_days(billing, -los);
    emergency = plan.age == Age::newborn || rng.chance(kEmergencyInpatientPermille);
  } else {
    if (tariff)
      kpp = tariff_cost(1, rng.range(6000, 14000));
    else if (drg)
      kpp = round_half_away(static_cast<__int128>(line.year.weight) * cpp * rng.range(6000, 14000),
                            1000000);
    emergency = rng.chance(kEmergencyVisitPermille);
  }
  // Planned visits without a referral, under Riksavtalet 4.1 (§8.6).
  const Classification* cls = s.classification;
  const bool open_access = cls && !inpatient && !emergency && rng.chance(cls->open_access_permille);

  // Patient.
  const size_t pool = buyer_pools_[bi];
  Patient patient;
  if (plan.age == Age::newborn) {
    auto munis = municipalities(county);
    std::vector<int64_t> pops;
    for (const Municipality& m : munis) pops.push_back(m.population);
    patient = newborns_.register_birth(admission, munis[patient_rng_.pick(pops)].code);
    residents_.field(patient.id_view()).field(county).field(patient.birth).empty();
    residents_.end_row();
  } else {
    patient = pools_.pick(patient_rng_, pool, plan.age, line.sex);
  }

  id_.assign(s.code);
  id_ += '-';
  append_padded(id_, year_, 4);
  id_ += '-';
  append_padded(id_, ++seq_, 7);

  // Referral for planned care: issued by the buyer before the contact, valid
  // beyond the billing date.
  ref_.clear();
  if (!emergency && !open_access) {
    ref_ += 'R';
    ref_ += county;
    int64_t& n = referral_seq_[static_cast<size_t>((county[0] - '0') * 10 + (county[1] - '0'))];
    append_padded(ref_, ++n, 8);
    referrals_.field(ref_).field(county).field(patient.id_view()).field(s.code);
    referrals_.field(add_days(admission, -rng.range(0, 120)));
    referrals_.field(add_days(billing, rng.range(30, 400)));
    referrals_.end_row();
  }

  // The national classification (§8.6): the referral's reason, the care level.
  std::string_view referral_reason, chapter;
  if (cls) {
    if (!ref_.empty())
      referral_reason =
          rng.chance(inpatient ? cls->choice_permille_stay : cls->choice_permille_visit)
              ? "choice"
              : "medical";
    chapter = emergency ? "3.1" : open_access ? "4.1" : "";
  }

  // Patient-specific items: always on an item-only contact, sometimes otherwise.
  // An item billed at cost states its cost: the list price x 95-105 %, with
  // the delivery's batch as evidence.
  const bool item_only = drg == nullptr;
  int n_items = 0;
  const int items_permille = plan.items_permille ? plan.items_permille : s.items_permille;
  if (item_only || rng.chance(items_permille)) n_items = static_cast<int>(rng.range(1, 3));
  const ItemChoice* chosen[3] = {nullptr, nullptr, nullptr};
  int64_t quantity[3] = {0, 0, 0}, cost[3] = {0, 0, 0};
  int64_t items_value = 0;
  int used = 0;
  for (int i = 0; i < n_items; ++i) {
    const ItemChoice& c = item_only ? items_billable_alone_[rng.pick(weights_alone_)]
                                    : items_all_[rng.pick(weights_all_)];
    if (std::find(chosen, chosen + used, &c) != chosen + used) continue;
    chosen[used] = &c;
    quantity[used] = rng.range(1, c.def->max_qty);
    if (c.at_cost) {
      cost[used] = round_half_away(
          static_cast<__int128>(quantity[used]) * c.price * rng.range(9500, 10500), 10000);
      items_value += cost[used];
    } else {
      items_value += quantity[used] * c.price;
    }
    ++used;
  }
  if (item_only)
    kpp = items_value * rng.range(100, 120) / 100;
  else if (s.kpp_includes_items)
    kpp += items_value;

  int64_t fee = 0;
  if (!inpatient) {
    int64_t r = static_cast<int64_t>(rng.below(1000));
    if (kCareTypes[ct] == CareType::doctor_visit)
      fee = r < 150 ? 20000 : r < 180 ? 40000 : 0;
    else if (kCareTypes[ct] == CareType::other_visit)
      fee = r < 100 ? 20000 : 0;
    else
      fee = r < 50 ? 20000 : 0;
  }

  CsvWriter& w = records_;
  w.field(id_).field(s.code).field(patient.id_view()).field(county).field(patient.municipality);
  w.field(to_string(kCareTypes[ct])).field(plan.clinic).field(admission);
  if (inpatient)
    w.field(billing);
  else
    w.empty();
  w.field(leave);
  if (drg)
    w.field(drg->code);
  else
    w.empty();
  w.field_fixed(kpp, 2);
  w.field(ref_);
  w.field(int64_t{emergency ? 1 : 0});
  if (fee)
    w.field_fixed(fee, 2);
  else
    w.empty();
  w.field(medical_field_of(plan.clinic));
  w.field(drg ? main_diagnosis_of(drg->code) : std::string_view("Z03.9"));
  if (cls) {
    w.field(open_access ? std::string_view("1") : cls->agreement_type);
    w.field(chapter);
    w.field(emergency ? std::string_view("2") : cls->care_level);
    w.field(referral_reason);
  } else {
    w.empty().empty().empty().empty();
  }
  w.end_row();

  for (int i = 0; i < used; ++i) {
    items_.field(id_).field(s.code).field(chosen[i]->def->code).field(quantity[i]);
    if (chosen[i]->at_cost) {
      items_.field_fixed(cost[i], 2);
      batch_.assign("LOT-");
      batch_ += chosen[i]->def->code;
      batch_ += '-';
      append_padded(batch_, static_cast<int64_t>(rng.below(1000000)), 6);
      items_.field(batch_);
    } else {
      items_.empty().empty();
    }
    items_.end_row();
  }
}

// Contacts expected from each county over the sellers that size the pools
// (all but ENK) and years, for sizing the patient pools.
std::vector<int64_t> expected_contacts(const std::vector<std::string_view>& counties, int scale) {
  std::vector<int64_t> out(counties.size(), 0);
  for (const SellerDef& s : sellers()) {
    if (!s.sizes_pools) continue;
    for (int k = 0; k < kYears; ++k) {
      int64_t total = 0, weights = 0;
      for (int ct = 0; ct < 4; ++ct) total += s.contacts[k][ct];
      for (const BuyerWeight& b : s.buyers) weights += b.draw[k];
      for (const BuyerWeight& b : s.buyers) {
        size_t i = static_cast<size_t>(std::find(counties.begin(), counties.end(), b.county) -
                                       counties.begin());
        out.at(i) += total * scale * b.draw[k] / weights;
      }
    }
  }
  return out;
}

}  // namespace
}  // namespace demo

std::vector<GeneratedFile> generate_demo(const GenerateOptions& options) {
  using namespace demo;
  if (options.scale < 1) throw std::invalid_argument("generate: scale must be at least 1");
  std::error_code ec;
  std::filesystem::create_directories(options.out / "agreements", ec);
  if (ec)
    throw PersonError(
        "generate: cannot create " + (options.out / "agreements").string() + ": " + ec.message(),
        "generate: kan inte skapa " + (options.out / "agreements").string() + ": " + ec.message());

  std::vector<GeneratedFile> files;
  write_catalogue(options.out, files);
  write_agreements(options.out, options.scale, files);

  std::vector<std::string_view> counties;  // every buyer, in county-code order
  for (const Region& r : builtin_regions())
    for (const SellerDef& s : sellers())
      for (const BuyerWeight& b : s.buyers)
        if (b.county == r.code &&
            std::find(counties.begin(), counties.end(), b.county) == counties.end())
          counties.push_back(b.county);
  PatientPools pools(options.seed, counties, expected_contacts(counties, options.scale));

  RecordWriter writer(options, options.out, pools);
  auto all = sellers();
  for (size_t si = 0; si < all.size(); ++si)
    for (int year = kFirstYear; year <= kLastYear; ++year) writer.seller_year(si, all[si], year);
  writer.finish(files);
  return files;
}

}  // namespace vardavtal
