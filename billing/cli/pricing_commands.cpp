#include "billing/cli/pricing_commands.h"

#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <unordered_set>

#include "billing/app/pricing_service.h"
#include "billing/app/resolve.h"
#include "billing/text/text_table.h"
#include "core/decimal.h"
#include "importers/csv_writer.h"
#include "store/access_log.h"
#include "store/audit.h"
#include "store/pricing_reads.h"

namespace vardavtal {

const char* const kPriceHelp =
    "usage: vardavtal [--db PATH|URL] price [--seller S] [--year Y] [--record ID]\n"
    "                 [--format table|csv|json]\n"
    "\n"
    "Dry run: prices the latest version of each stored record under the agreement\n"
    "of its billing year (nothing is posted). Held records show why.\n"
    "CSV/JSON amounts are decimals with a point and two decimals (21572.48; JSON\n"
    "strings); the table uses Swedish style (21 572,48).\n";

const char* const kSubscriptionHelp =
    "usage: vardavtal [--db PATH|URL] subscription --seller S --year Y\n"
    "                 [--format table|csv|json]\n"
    "\n"
    "Per buyer: each base year's DRG-based value, its uplift factor to Y, the\n"
    "yearly subscription S and its 12 monthly installments.\n";

const char* const kExplainHelp =
    "usage: vardavtal [--db PATH|URL] explain --seller S --record ID [--format text|json]\n"
    "\n"
    "The calculation of one record's price in words and numbers, in Swedish.\n"
    "--format json: {\"text\": the English, \"text_sv\": the Swedish}, as GET /api/explain.\n";

namespace {


RecordFilter filter_of(const Args& a) {
  RecordFilter f;
  f.seller = a.get("--seller");
  f.record_id = a.get("--record");
  if (a.has("--year")) f.year = static_cast<int>(a.number("--year", 0, 1990, 2100));
  return f;
}

// Why a record is not billed, "" when it is: for programs (CSV, JSON) the
// code and the English words, for people (the table) the Swedish words.
std::string held_text(const PricedRecord& p, const Record& r, Language lang) {
  const bool sv = lang == Language::sv;
  if (r.cancelled)
    return sv ? "makulerad: registrerad av misstag (cancelled = 1)"
              : "withdrawn: registered in error (cancelled = 1)";
  if (p.held == HeldReason::none) return "";
  return sv ? held_message_sv(p, r) : std::string(to_string(p.held)) + ": " + held_message(p, r);
}

// Priced and billable: neither held nor withdrawn.
bool billable(const PricedRecord& p, const Record& r) {
  return p.held == HeldReason::none && !r.cancelled;
}

}  // namespace

int cmd_price(Store& store, const Args& a) {
  const Format format = format_of(a);
  const RecordFilter filter = filter_of(a);
  store.require_schema();
  require_seller(store, filter.seller);
  if (filter.year)
    require_year(store, YearData::records, *filter.year, filter.seller.value_or(""));
  Catalogue catalogue;
  load_catalogue(store, catalogue);
  long long priced = 0, held = 0;
  Money totals[9];
  {
    // The access log's row before anything is shown (docs/audit.md): the
    // listed records' patients, read without pricing.
    std::unordered_set<std::string> patients;
    for_each_latest_record(store, filter, [&](std::span<const StoredRecord> batch) {
      for (const StoredRecord& s : batch) patients.insert(s.record.patient_id);
    });
    log_patient_read(store, os_user(),
                     "price" + (filter.seller ? " seller " + *filter.seller : std::string()) +
                         (filter.year ? " year " + std::to_string(*filter.year) : std::string()) +
                         (filter.record_id ? " record " + *filter.record_id : std::string()),
                     std::vector<std::string>(patients.begin(), patients.end()));
  }

  if (format == Format::csv) {
    CsvWriter out(stdout, {"seller", "record_id", "version", "buyer", "billing_date", "drg",
                           "weight", "care_days", "outlier", "drg_amount", "los_outlier_amount",
                           "cost_outlier_amount", "items_amount", "patient_fee", "gross",
                           "variable_amount", "agreement", "held_reason", "tariff_amount",
                           "at_cost_amount"});
    price_stored_records(
        store, catalogue, filter, [&](const StoredRecord& s, const PricedRecord& p) {
          const Record& r = s.record;
          out.field(r.seller)
              .field(r.record_id)
              .field(s.version)
              .field(r.county)
              .field(billing_date(r));
          out.field(r.drg);
          if (p.weight_entry)
            out.field_decimal(p.weight, 4);
          else
            out.empty();
          out.field(static_cast<int64_t>(p.care_days));
          if (billable(p, r)) {
            out.field(to_string(p.outlier));
            for (Money m : {p.drg_amount, p.los_outlier_amount, p.cost_outlier_amount,
                            p.items_amount, p.patient_fee, p.gross, p.variable_amount})
              out.field_fixed(m.ore(), 2);
          } else {
            for (int i = 0; i < 8; ++i) out.empty();
          }
          out.field(p.agreement ? std::string_view(p.agreement->terms.id) : std::string_view());
          out.field(held_text(p, r, Language::en));
          // §8's columns come last, so that readers of the earlier columns keep them.
          if (billable(p, r)) {
            out.field_fixed(p.tariff_amount.ore(), 2);
            out.field_fixed(p.at_cost_amount.ore(), 2);
          } else {
            out.empty();
            out.empty();
          }
          out.end_row();
        });
    out.close();
    return 0;
  }

  if (format == Format::json) {
    std::string buf = "[";
    bool first = true;
    auto amount = [](Money m) { return boost::json::value(m.to_string()); };
    price_stored_records(
        store, catalogue, filter, [&](const StoredRecord& s, const PricedRecord& p) {
          const Record& r = s.record;
          const bool ok = p.held == HeldReason::none;
          boost::json::object o;
          o["seller"] = r.seller;
          o["record_id"] = r.record_id;
          o["version"] = s.version;
          o["buyer"] = r.county;
          o["billing_date"] = format_iso(billing_date(r));
          o["drg"] = r.drg.empty() ? boost::json::value(nullptr) : boost::json::value(r.drg);
          o["weight"] = p.weight_entry ? boost::json::value(format_scaled(p.weight, 4))
                                       : boost::json::value(nullptr);
          o["care_days"] = p.care_days;
          o["outlier"] = ok ? boost::json::value(std::string(to_string(p.outlier))) : nullptr;
          o["drg_amount"] = ok ? amount(p.drg_amount) : nullptr;
          o["los_outlier_amount"] = ok ? amount(p.los_outlier_amount) : nullptr;
          o["cost_outlier_amount"] = ok ? amount(p.cost_outlier_amount) : nullptr;
          o["items_amount"] = ok ? amount(p.items_amount) : nullptr;
          o["tariff_amount"] = ok ? amount(p.tariff_amount) : nullptr;
          o["at_cost_amount"] = ok ? amount(p.at_cost_amount) : nullptr;
          o["tariff_version"] = p.tariff ? boost::json::value(p.tariff->version) : nullptr;
          o["patient_fee"] = ok ? amount(p.patient_fee) : nullptr;
          o["gross"] = ok ? amount(p.gross) : nullptr;
          o["variable_amount"] = ok ? amount(p.variable_amount) : nullptr;
          o["agreement"] = p.agreement ? boost::json::value(p.agreement->terms.id) : nullptr;
          o["agreement_version"] = p.agreement ? boost::json::value(p.agreement->version) : nullptr;
          o["weights_year"] =
              p.agreement ? boost::json::value(p.agreement->terms.weights_year) : nullptr;
          o["weight_version"] =
              p.weight_entry ? boost::json::value(p.weight_entry->version) : nullptr;
          o["price_list_version"] =
              p.price_list_version ? boost::json::value(p.price_list_version) : nullptr;
          o["held_reason"] =
              ok ? boost::json::value(nullptr) : boost::json::value(std::string(to_string(p.held)));
          o["held_message"] =
              ok ? boost::json::value(nullptr) : boost::json::value(held_message(p, r));
          buf += first ? "\n" : ",\n";
          first = false;
          buf += boost::json::serialize(o);
          if (buf.size() > (1 << 20)) {
            std::fwrite(buf.data(), 1, buf.size(), stdout);
            buf.clear();
          }
        });
    buf += first ? "]\n" : "\n]\n";
    std::fwrite(buf.data(), 1, buf.size(), stdout);
    return 0;
  }

  TextTable t({"säljare",
               "journal",
               ">ver",
               "köpare",
               "vårddatum",
               "DRG",
               ">vikt",
               ">dagar",
               "ytterfall",
               ">DRG-belopp",
               ">vårdtidsytterfall",
               ">kostnadsytterfall",
               ">artiklar",
               ">taxa",
               ">efter kostnad",
               ">avgift",
               ">brutto",
               ">rörligt",
               "avtal",
               "spärrad"});
  price_stored_records(store, catalogue, filter, [&](const StoredRecord& s, const PricedRecord& p) {
    const Record& r = s.record;
    std::vector<std::string> row = {r.seller, r.record_id, std::to_string(s.version), r.county,
                                    format_iso(billing_date(r)), r.drg,
                                    p.weight_entry ? swedish_decimal(p.weight, 4) : "",
                                    std::to_string(p.care_days)};
    if (billable(p, r)) {
      ++priced;
      row.push_back(p.outlier == OutlierKind::los    ? "vårdtid"
                    : p.outlier == OutlierKind::cost ? "kostnad"
                                                     : "");
      int i = 0;
      for (Money m : {p.drg_amount, p.los_outlier_amount, p.cost_outlier_amount, p.items_amount,
                      p.tariff_amount, p.at_cost_amount, p.patient_fee, p.gross,
                      p.variable_amount}) {
        row.push_back(m.to_swedish());
        totals[i++] += m;
      }
    } else {
      ++held;
      row.resize(18);
    }
    row.push_back(p.agreement ? p.agreement->terms.id : "");
    row.push_back(held_text(p, r, Language::sv));
    t.add(std::move(row));
  });
  std::vector<std::string> total = {
      "Totalt", std::to_string(priced) + " prissatta", "", "", "", "", "", "", ""};
  for (Money m : totals) total.push_back(m.to_swedish());
  total.push_back("");
  total.push_back(held ? std::to_string(held) + " spärrade" : "");
  t.add(std::move(total));
  std::cout << t.render();
  return 0;
}

int cmd_subscription(Store& store, const Args& a) {
  const Format format = format_of(a);
  auto seller = a.get("--seller");
  if (!seller || !a.has("--year"))
    throw UsageError("subscription needs --seller S and --year Y",
                     "subscription behöver --seller S och --year Y");
  const int year = static_cast<int>(a.number("--year", 0, 1990, 2100));
  store.require_schema();
  require_seller(store, *seller);
  require_year(store, YearData::agreements, year, *seller);
  Catalogue catalogue;
  load_catalogue(store, catalogue);
  SellerSubscriptions subs = compute_subscriptions(store, catalogue, *seller, year);
  const Agreement& t = subs.agreement->terms;

  // One row per base year (or one for a base_value), S and installments repeated.
  struct Row {
    const BuyerSubscription* s;
    std::string base_year, uplift;
    Money base_value;
  };
  std::vector<Row> rows;
  for (const auto& s : subs.buyers) {
    if (s.base_value) rows.push_back({&s, "", "1", *s.base_value});
    for (const auto& b : s.base) rows.push_back({&s, std::to_string(b.year), b.uplift.to_string(), b.value});
  }

  if (format == Format::csv) {
    CsvWriter out(stdout, {"seller", "buyer", "year", "base_year", "base_value", "uplift_factor",
                           "subscription", "installment_1", "installment_2", "installment_3",
                           "installment_4", "installment_5", "installment_6", "installment_7",
                           "installment_8", "installment_9", "installment_10", "installment_11",
                           "installment_12"});
    for (const Row& r : rows) {
      out.field(*seller).field(r.s->buyer).field(static_cast<int64_t>(year)).number(r.base_year);
      out.field_fixed(r.base_value.ore(), 2).number(r.uplift).field_fixed(r.s->amount.ore(), 2);
      for (Money m : r.s->installments) out.field_fixed(m.ore(), 2);
      out.end_row();
    }
    out.close();
    return 0;
  }
  if (format == Format::json) {
    boost::json::array buyers;
    for (const auto& s : subs.buyers) {
      boost::json::array base, inst;
      for (const auto& b : s.base)
        base.push_back({{"base_year", b.year},
                        {"base_value", b.value.to_string()},
                        {"uplift_factor", b.uplift.to_string()},
                        {"held_records", s.held_in_base}});
      for (Money m : s.installments) inst.push_back(boost::json::value(m.to_string()));
      buyers.push_back({{"buyer", s.buyer},
                        {"base_years", base},
                        {"base_value", s.base_value ? boost::json::value(s.base_value->to_string())
                                                    : boost::json::value(nullptr)},
                        {"subscription", s.amount.to_string()},
                        {"installments", inst}});
    }
    boost::json::object o{{"seller", *seller},
                          {"year", year},
                          {"agreement", t.id},
                          {"share", format_scaled(*t.subscription_share, 4)},
                          {"buyers", buyers}};
    std::cout << boost::json::serialize(o) << "\n";
    return 0;
  }
  std::cout << "Agreement " << t.id << ": subscription share " << swedish_decimal(*t.subscription_share, 4)
            << ", uplift index " << (t.uplift_index.empty() ? "none" : t.uplift_index) << "\n\n";
  TextTable table({"buyer", ">base year", ">base value", ">uplift", ">subscription S",
                   ">Jan-Nov each", ">December"});
  for (const Row& r : rows)
    table.add({r.s->buyer, r.base_year, r.base_value.to_swedish(), r.uplift,
               r.s->amount.to_swedish(), r.s->installments[0].to_swedish(),
               r.s->installments[11].to_swedish()});
  std::cout << table.render();
  return 0;
}

int cmd_explain(Store& store, const Args& a) {
  auto seller = a.get("--seller");
  auto record = a.get("--record");
  if (!seller || !record)
    throw UsageError("explain needs --seller S and --record ID",
                     "explain behöver --seller S och --record ID");
  const bool json = format_option(a, {"text", "json"}) == "json";
  auto text = explain_record(store, *seller, *record);
  if (!text) {
    std::cerr << "vardavtal: ingen vårdkontakt " << *record << " hos säljaren " << *seller << "\n";
    return 1;
  }
  log_patient_read(store, os_user(), "explain seller " + *seller + " record " + *record,
                   patients_of_records(store, *seller, {*record}));
  std::cout << (json ? explanation_json(*text) : text->sv);
  return 0;
}

}  // namespace vardavtal
