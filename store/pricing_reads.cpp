#include "store/pricing_reads.h"

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/columns.h"

namespace vardavtal {

namespace {

constexpr ColType T = ColType::text;
constexpr ColType I = ColType::integer;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size() && !s.empty()) {
    size_t next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  return out;
}

// "FROM postings p WHERE" the care postings in force (never reversed) of the
// record `alias`: found through the index postings_record.
std::string care_in_force(const std::string& p, const std::string& alias) {
  return "FROM postings " + p + " WHERE " + p + ".seller = " + alias + "seller AND " + p +
         ".record_id = " + alias + "record_id AND " + p + ".kind = 'care' AND NOT EXISTS " +
         "(SELECT 1 FROM postings x WHERE x.reverses = " + p + ".id)";
}

// The care posting in force of the record r as
// "id:record_version:items_version", NULL when none: one correlated index
// probe per record on both engines (a LEFT JOIN would let PostgreSQL hash
// every posting of the seller for each month's read). A record has at most
// one; no ORDER BY, which would let SQLite walk the postings by id.
std::string posting_in_force(const RecordFilter& f) {
  const std::string probe =
      "(SELECT p.id || ':' || p.record_version || ':' || coalesce(p.items_version, 0) " +
      care_in_force("p", "r.") + " LIMIT 1)";
  if (!f.unposted || !f.unposted_after) return probe;
  return "CASE WHEN r.version = 1 AND r.billing_date > :unposted_after THEN NULL ELSE " + probe +
         " END";
}

std::optional<BilledVersion> parse_in_force(const std::string& s) {
  if (s.empty()) return std::nullopt;
  BilledVersion b;
  const size_t a = s.find(':'), c = s.find(':', a + 1);
  if (a == std::string::npos || c == std::string::npos)
    throw StoreError("unexpected posting in force '" + s + "'",
                     "internt fel: oväntad gällande kontering '" + s + "'");
  b.posting_id = std::stoll(s.substr(0, a));
  b.record_version = std::stoll(s.substr(a + 1, c - a - 1));
  b.items_version = std::stoll(s.substr(c + 1));
  return b;
}

// Whether `unposted` keeps the record: its posting in force (if any) billed
// another version or item set. (`billed` is a condition of the query.)
bool keeps(const RecordFilter& f, const StoredRecord& s) {
  return !(f.unposted && s.in_force && s.in_force->record_version == s.version &&
           s.in_force->items_version == s.items_version);
}

// Only records with a care posting in force.
std::string billed_condition(const std::string& alias) {
  return " AND EXISTS (SELECT 1 " + care_in_force("bp", alias) + ")";
}

std::string order_by(RecordFilter::Order order) {
  switch (order) {
    case RecordFilter::Order::record_id:
      return " ORDER BY r.seller, r.record_id";
    case RecordFilter::Order::billing_date:
      return " ORDER BY r.seller, r.billing_date, r.record_id";
    case RecordFilter::Order::any:
      break;
  }
  return "";
}

// "AND col = :x" conditions shared by the record queries.
std::string record_conditions(const RecordFilter& f, const std::string& alias) {
  std::string w;
  if (f.seller) w += " AND " + alias + "seller = :seller";
  if (f.record_id) w += " AND " + alias + "record_id = :record_id";
  if (f.year) w += " AND " + alias + "billing_date >= :from AND " + alias + "billing_date <= :to";
  if (f.billing_from) w += " AND " + alias + "billing_date >= :billing_from";
  if (f.billing_to) w += " AND " + alias + "billing_date <= :billing_to";
  if (f.county_from) w += " AND " + alias + "county >= :county_from";
  if (f.county_before) w += " AND " + alias + "county < :county_before";
  if (f.billed) w += billed_condition(alias);
  if (f.withdrawn) w += " AND " + alias + "cancelled = 1";
  return w;
}

// The latest version of each record that `cond` (record_conditions) selects,
// as "FROM ... WHERE ..." to append conditions to. With conditions, each
// record in scope is probed for a later version (one index probe per row on
// both engines) in records_corrected, which holds only the versions above 1
// (migration 025; `n.version > 1`, implied by `n.version > r.version`, lets
// both engines use that partial index): the view records_latest is an
// anti-join that PostgreSQL, once it has statistics, runs as a hash of all
// the seller's records for every month's read (a run's reads then grow with
// the seller's history).
std::string latest_records(const std::string& cond) {
  if (cond.empty()) return " FROM records_latest r WHERE 1 = 1";
  return " FROM records r WHERE NOT EXISTS (SELECT 1 FROM records n WHERE n.seller = r.seller "
         "AND n.record_id = r.record_id AND n.version > r.version AND n.version > 1)" +
         cond;
}

// An item line as read, its cost and cost_ref NULL when not given.
ItemLine item_line(const std::string& code, int64_t qty, int64_t cost, soci::indicator i_cost,
                   const std::string& ref, soci::indicator i_ref) {
  return ItemLine(code, qty,
                  i_cost == soci::i_ok ? std::optional(Money::from_ore(cost)) : std::nullopt,
                  i_ref == soci::i_ok ? ref : std::string());
}

// 1 when the record `alias` has an item set (of any version), else 0: a probe
// of record_items' primary key per record, in the records' own read. A
// scalar subquery with LIMIT, not EXISTS, which PostgreSQL would run as a
// hash of every item set for each read (growing with the history).
std::string has_item_set(const std::string& alias) {
  return "coalesce((SELECT 1 FROM record_items i WHERE i.seller = " + alias +
         "seller AND i.record_id = " + alias + "record_id LIMIT 1), 0)";
}

// Reads the latest item sets of the records a fetch flagged (has_item_set),
// kChunk record ids of one seller per query. Only the records with items are
// looked up: reading the item sets of every record in scope with a semi-join
// cost a second pass over the month's records and a sort of their keys, for
// the 2 to 10 per cent of them that have items. Not thread-safe.
class ItemSetReader {
 public:
  explicit ItemSetReader(soci::session& sql) : ids_(kChunk), st_(sql) {}
  // Sets items and items_version of batch[i] for each i in `which`.
  void read(std::vector<StoredRecord>& batch, std::vector<size_t>& which);

 private:
  static constexpr size_t kChunk = 64;
  void prepare();
  void read_chunk(std::vector<StoredRecord>& batch, std::span<const size_t> chunk);
  bool prepared_ = false;
  std::string seller_;
  std::vector<std::string> ids_;  // the chunk's record ids, the last repeated to fill it
  std::string id_, code_, ref_;   // the row fetched
  long long version_ = 0, qty_ = 0, cost_ = 0;
  soci::indicator i_cost_ = soci::i_null, i_ref_ = soci::i_null;
  soci::statement st_;  // last: destroyed before the values it binds
};

void ItemSetReader::prepare() {
  st_.exchange(soci::into(id_));
  st_.exchange(soci::into(version_));
  st_.exchange(soci::into(code_));
  st_.exchange(soci::into(qty_));
  st_.exchange(soci::into(cost_, i_cost_));
  st_.exchange(soci::into(ref_, i_ref_));
  st_.exchange(soci::use(seller_, "seller"));
  std::string list;
  for (size_t k = 0; k < kChunk; ++k) {
    const std::string name = "k" + std::to_string(k);
    st_.exchange(soci::use(ids_[k], name));
    list += (k ? ", :" : ":") + name;
  }
  st_.alloc();
  st_.prepare(
      "SELECT i.record_id, i.version, i.item_code, i.quantity, i.cost, i.cost_ref "
      "FROM record_items i WHERE i.seller = :seller AND i.record_id IN (" +
      list +
      ") AND i.version = (SELECT max(n.version) FROM record_items n WHERE n.seller = i.seller "
      "AND n.record_id = i.record_id) ORDER BY i.record_id, i.line_no");
  st_.define_and_bind();
  prepared_ = true;
}

void ItemSetReader::read(std::vector<StoredRecord>& batch, std::vector<size_t>& which) {
  if (which.empty()) return;
  if (!prepared_) prepare();
  auto seller_of = [&](size_t i) -> const std::string& { return batch[i].record.seller; };
  std::stable_sort(which.begin(), which.end(),
                   [&](size_t a, size_t b) { return seller_of(a) < seller_of(b); });
  for (size_t from = 0; from < which.size();) {
    size_t to = from + 1;
    while (to < which.size() && to - from < kChunk &&
           seller_of(which[to]) == seller_of(which[from]))
      ++to;
    read_chunk(batch, std::span<const size_t>(which).subspan(from, to - from));
    from = to;
  }
}

void ItemSetReader::read_chunk(std::vector<StoredRecord>& batch, std::span<const size_t> chunk) {
  seller_ = batch[chunk.front()].record.seller;
  for (size_t k = 0; k < kChunk; ++k)
    ids_[k] = batch[chunk[std::min(k, chunk.size() - 1)]].record.record_id;
  st_.execute();
  size_t at = 0;  // the chunk's record of the last row: rows come record by record
  while (st_.fetch()) {
    if (batch[chunk[at]].record.record_id != id_) {
      at = 0;
      while (at < chunk.size() && batch[chunk[at]].record.record_id != id_) ++at;
      if (at == chunk.size()) throw std::logic_error("item set of an unasked record '" + id_ + "'");
    }
    StoredRecord& s = batch[chunk[at]];
    s.items_version = version_;
    s.items.push_back(item_line(code_, qty_, cost_, i_cost_, ref_, i_ref_));
  }
}

// The latest version of each tariff row.
void load_tariffs(soci::session& sql, Catalogue& c) {
  RowReader rows(sql, {T, I, T, T, T, T, T, I, I}, 256);
  rows.run(
      "SELECT seller, year, care_type, clinic, medical_field, unit, name, price, version FROM "
      "tariffs t WHERE NOT EXISTS (SELECT 1 FROM tariffs n WHERE n.seller = t.seller AND n.year "
      "= t.year AND n.care_type = t.care_type AND n.clinic = t.clinic AND n.medical_field = "
      "t.medical_field AND n.unit = t.unit AND n.version > t.version)");
  while (rows.fetch()) {
    for (size_t i = 0; i < rows.size(); ++i) {
      TariffRow t;
      t.seller = rows.text(0, i);
      t.year = static_cast<int>(rows.integer(1, i));
      auto care_type = parse_care_type(rows.text(2, i));
      auto unit = parse_tariff_unit(rows.text(5, i));
      if (!care_type || !unit)
        throw StoreError("tariff of " + t.seller + ": the database holds an unknown care type '" +
                             rows.text(2, i) + "' or unit '" + rows.text(5, i) + "'",
                         "prislista för " + t.seller + ": databasen har en okänd vårdtyp '" +
                             rows.text(2, i) + "' eller enhet '" + rows.text(5, i) + "'");
      t.care_type = *care_type;
      t.clinic = rows.text(3, i);
      t.medical_field = rows.text(4, i);
      t.unit = *unit;
      t.name = rows.text(6, i);
      t.price = Money::from_ore(rows.integer(7, i));
      c.add_tariff(t, rows.integer(8, i));
    }
  }
}

// "county=units,..." as written by store/kinds.cpp.
std::map<std::string, int64_t> county_units(const std::string& s) {
  std::map<std::string, int64_t> out;
  for (const auto& kv : split(s, ',')) {
    auto eq = kv.find('=');
    if (eq == std::string::npos)
      throw StoreError("the database holds a malformed '" + s + "'",
                       "databasen har ett felaktigt värde '" + s + "'");
    out[kv.substr(0, eq)] = std::stoll(kv.substr(eq + 1));
  }
  return out;
}

// The §8 terms of one agreement row (columns 2.. of load_model_terms' query).
Agreement model_terms(const RowReader& rows, size_t i) {
  Agreement a;
  a.agreement_type = rows.null(2, i) ? 2 : static_cast<int>(rows.integer(2, i));
  a.drg_exempt_clinics = split(rows.text(3, i), '\n');
  a.drg_exempt_fields = split(rows.text(4, i), ',');
  a.extra_billing_threshold = Money::from_ore(rows.integer(5, i));
  a.subscription_clinics = split(rows.text(6, i), '\n');
  a.subscription_include_items = rows.integer(7, i) != 0;
  if (!rows.null(8, i)) {
    a.settlement_share = Fraction::parse(rows.text(8, i));
    if (!a.settlement_share)
      throw StoreError("the database holds a malformed share '" + rows.text(8, i) + "'",
                       "databasen har en felaktig andel '" + rows.text(8, i) + "'");
  }
  a.settlement_basis = rows.text(9, i);
  a.commitment_points = county_units(rows.text(10, i));
  a.commitment_shortfall_share = rows.integer(11, i);
  a.commitment_cap_points = county_units(rows.text(12, i));
  a.commitment_above_cap_share = rows.integer(13, i);
  if (!rows.null(14, i)) a.max_contact_amount = Money::from_ore(rows.integer(14, i));
  return a;
}

// The agreements' §8 terms (schema 011) by (id, version).
std::map<std::pair<std::string, int64_t>, Agreement> load_model_terms(soci::session& sql) {
  std::map<std::pair<std::string, int64_t>, Agreement> out;
  RowReader rows(sql, {T, I, I, T, T, I, T, I, T, T, T, I, T, I, I}, 64);
  rows.run(
      "SELECT id, version, agreement_type, drg_exempt_clinics, drg_exempt_fields, "
      "extra_billing_threshold, subscription_clinics, subscription_include_items, "
      "settlement_share, settlement_basis, commitment_points, commitment_shortfall_share, "
      "commitment_cap_points, commitment_above_cap_share, max_contact_amount FROM agreements");
  while (rows.fetch())
    for (size_t i = 0; i < rows.size(); ++i)
      out[{rows.text(0, i), rows.integer(1, i)}] = model_terms(rows, i);
  return out;
}

// Copies the §8 terms of `from` into `to`.
void set_model_terms(Agreement& to, const Agreement& from) {
  to.agreement_type = from.agreement_type;
  to.drg_exempt_clinics = from.drg_exempt_clinics;
  to.drg_exempt_fields = from.drg_exempt_fields;
  to.extra_billing_threshold = from.extra_billing_threshold;
  to.subscription_clinics = from.subscription_clinics;
  to.subscription_include_items = from.subscription_include_items;
  to.settlement_share = from.settlement_share;
  to.settlement_basis = from.settlement_basis;
  to.commitment_points = from.commitment_points;
  to.commitment_shortfall_share = from.commitment_shortfall_share;
  to.commitment_cap_points = from.commitment_cap_points;
  to.commitment_above_cap_share = from.commitment_above_cap_share;
  to.max_contact_amount = from.max_contact_amount;
}

}  // namespace

void load_catalogue(Store& store, Catalogue& c) {
  soci::session& sql = store.sql();
  {
    std::string code, region;
    soci::statement st = (sql.prepare << "SELECT code, region FROM hospitals h WHERE NOT EXISTS "
                                         "(SELECT 1 FROM hospitals n WHERE n.code = h.code AND "
                                         "n.version > h.version)",
                          soci::into(code), soci::into(region));
    st.execute();
    while (st.fetch()) c.set_hospital_region(code, region);
  }
  {
    WeightRow w;
    long long year = 0, weight = 0, los = 0, cost = 0, day = 0, version = 0;
    soci::indicator i_los, i_cost;
    soci::statement st =
        (sql.prepare << "SELECT year, drg, name, weight, los_limit, cost_limit, day_weight, "
                        "version FROM weights w WHERE NOT EXISTS (SELECT 1 FROM weights n WHERE "
                        "n.year = w.year AND n.drg = w.drg AND n.version > w.version)",
         soci::into(year), soci::into(w.drg), soci::into(w.name), soci::into(weight),
         soci::into(los, i_los), soci::into(cost, i_cost), soci::into(day), soci::into(version));
    st.execute();
    while (st.fetch()) {
      w.year = static_cast<int>(year);
      w.weight = weight;
      w.los_limit = i_los == soci::i_ok ? std::optional<int>(static_cast<int>(los)) : std::nullopt;
      w.cost_limit =
          i_cost == soci::i_ok ? std::optional<Money>(Money::from_ore(cost)) : std::nullopt;
      w.day_weight = day;
      c.add_weight(w, version);
    }
  }
  {
    PriceRow p;
    long long year = 0, price = 0, version = 0, at_cost = 0;
    soci::indicator i_at_cost = soci::i_null;
    soci::statement st =
        (sql.prepare << "SELECT seller, year, item_code, name, price, version, at_cost FROM "
                        "prices p WHERE NOT EXISTS (SELECT 1 FROM prices n WHERE n.seller = "
                        "p.seller AND n.year = p.year AND n.item_code = p.item_code AND "
                        "n.version > p.version)",
         soci::into(p.seller), soci::into(year), soci::into(p.item_code), soci::into(p.name),
         soci::into(price), soci::into(version), soci::into(at_cost, i_at_cost));
    st.execute();
    while (st.fetch()) {
      p.year = static_cast<int>(year);
      p.price = Money::from_ore(price);
      p.at_cost = i_at_cost == soci::i_ok && at_cost != 0;
      c.add_price(p, version);
    }
  }
  load_tariffs(sql, c);
  {
    IndexRow r;
    long long year = 0, rate = 0;
    soci::statement st =
        (sql.prepare << "SELECT series, year, rate FROM price_index x WHERE NOT EXISTS (SELECT 1 "
                        "FROM price_index n WHERE n.series = x.series AND n.year = x.year AND "
                        "n.version > x.version)",
         soci::into(r.index), soci::into(year), soci::into(rate));
    st.execute();
    while (st.fetch()) {
      r.year = static_cast<int>(year);
      r.rate = rate;
      c.add_index(r);
    }
  }
  {
    Agreement a;
    std::string buyers, outliers, base_years, base_values, uplift;
    const std::map<std::pair<std::string, int64_t>, Agreement> terms = load_model_terms(sql);
    long long year = 0, price_list = 0, point = 0, weights = 0, cos = 0, share = 0, version = 0;
    soci::indicator i_point, i_share;
    soci::statement st =
        (sql.prepare << "SELECT id, name, seller, year, buyers, price_list, point_price, "
                        "weights_year, outliers, cost_outlier_share, subscription_share, "
                        "base_years, base_values, uplift_index, version FROM agreements a WHERE "
                        "NOT EXISTS (SELECT 1 FROM agreements n WHERE n.id = a.id AND n.version > "
                        "a.version)",
         soci::into(a.id), soci::into(a.name), soci::into(a.seller), soci::into(year),
         soci::into(buyers), soci::into(price_list), soci::into(point, i_point),
         soci::into(weights), soci::into(outliers), soci::into(cos), soci::into(share, i_share),
         soci::into(base_years), soci::into(base_values), soci::into(uplift), soci::into(version));
    st.execute();
    while (st.fetch()) {
      a.year = static_cast<int>(year);
      a.buyers = split(buyers, ',');
      a.price_list = static_cast<int>(price_list);
      a.point_price =
          i_point == soci::i_ok ? std::optional<Money>(Money::from_ore(point)) : std::nullopt;
      a.weights_year = static_cast<int>(weights);
      auto method = parse_outlier_method(outliers);
      if (!method)
        throw StoreError(
            "agreement " + a.id + ": the database holds an unknown outlier method '" + outliers +
                "'",
            "avtal " + a.id + ": databasen har en okänd ytterfallsmetod '" + outliers + "'");
      a.outliers = *method;
      a.cost_outlier_share = cos;
      a.subscription_share = i_share == soci::i_ok ? std::optional<int64_t>(share) : std::nullopt;
      a.base_years.clear();
      for (const auto& y : split(base_years, ',')) a.base_years.push_back(std::stoi(y));
      a.base_values.clear();
      for (const auto& kv : split(base_values, ',')) {
        auto eq = kv.find('=');
        a.base_values[kv.substr(0, eq)] = Money::from_ore(std::stoll(kv.substr(eq + 1)));
      }
      a.uplift_index = uplift;
      auto t = terms.find({a.id, static_cast<int64_t>(version)});
      set_model_terms(a, t != terms.end() ? t->second : Agreement{});
      c.add_agreement(a, version);
    }
  }
  c.finalize();
}

std::map<std::string, int64_t> record_rows_by_county(Store& store, const std::string& seller,
                                                     Date from, Date to) {
  std::map<std::string, int64_t> out;
  const std::string f = format_iso(from), t = format_iso(to);
  const std::string where =
      " FROM records WHERE seller = :s AND billing_date >= :f AND "
      "billing_date <= :t";
  soci::session& sql = store.sql();
  if (!store.is_sqlite()) {  // PostgreSQL aggregates in a hash on the server
    std::string county;
    long long rows = 0;
    soci::statement st =
        (sql.prepare << "SELECT county, count(*)" + where + " GROUP BY county", soci::use(seller),
         soci::use(f), soci::use(t), soci::into(county), soci::into(rows));
    st.execute();
    while (st.fetch()) out[county] = rows;
    return out;
  }
  // SQLite would sort the range's rows for GROUP BY (the index is in billing
  // date order: a sorter of a year's rows held 140 MiB at scale 100); the
  // counties are counted as the index gives them, read by a RowReader
  // (SOCI's fetch into a vector allocated for every value: a twentieth of a
  // scale-1 bill's CPU time went to this count).
  RowReader rows(sql, {ColType::text}, 1024);
  rows.statement().exchange(soci::use(seller));
  rows.statement().exchange(soci::use(f));
  rows.statement().exchange(soci::use(t));
  rows.run("SELECT county" + where);
  while (rows.fetch())
    for (size_t i = 0; i < rows.size(); ++i) ++out[rows.text(0, i)];
  return out;
}

void for_each_latest_record(Store& store, const RecordFilter& f,
                            const std::function<void(std::span<const StoredRecord>)>& sink) {
  soci::session& sql = store.sql();
  std::string seller = f.seller.value_or(""), record_id = f.record_id.value_or("");
  std::string from = f.year ? std::to_string(*f.year) + "-01-01" : "";
  std::string to = f.year ? std::to_string(*f.year) + "-12-31" : "";
  const std::string billing_from = f.billing_from ? format_iso(*f.billing_from) : "";
  const std::string billing_to = f.billing_to ? format_iso(*f.billing_to) : "";
  const std::string unposted_after = f.unposted_after ? format_iso(*f.unposted_after) : "";
  auto bind_filter = [&](soci::statement& st) {
    if (f.billing_from) st.exchange(soci::use(billing_from, "billing_from"));
    if (f.billing_to) st.exchange(soci::use(billing_to, "billing_to"));
    if (f.county_from) st.exchange(soci::use(*f.county_from, "county_from"));
    if (f.county_before) st.exchange(soci::use(*f.county_before, "county_before"));
    if (f.seller) st.exchange(soci::use(seller, "seller"));
    if (f.record_id) st.exchange(soci::use(record_id, "record_id"));
    if (f.year) {
      st.exchange(soci::use(from, "from"));
      st.exchange(soci::use(to, "to"));
    }
  };

  constexpr size_t kBatch = 2048;
  const TableMap<Record>& map = record_columns();
  const bool with_posting = f.unposted || f.billed;
  std::vector<ColType> types = map.types();
  types.push_back(ColType::integer);  // version
  const size_t version_col = types.size() - 1;
  types.push_back(ColType::integer);  // 1 when the record has an item set
  const size_t has_items_col = types.size() - 1;
  if (with_posting) types.push_back(ColType::text);  // the posting in force
  RowReader rows(sql, types, kBatch);
  bind_filter(rows.statement());
  if (f.unposted && f.unposted_after)
    rows.statement().exchange(soci::use(unposted_after, "unposted_after"));
  rows.run("SELECT " + map.select_list("r.") + ", r.version, " + has_item_set("r.") +
           (with_posting ? ", " + posting_in_force(f) : std::string()) +
           latest_records(record_conditions(f, "r.")) + order_by(f.order));
  ItemSetReader item_sets(sql);
  std::vector<StoredRecord> batch;
  std::vector<size_t> with_items;
  while (rows.fetch()) {
    batch.resize(rows.size());
    with_items.clear();
    for (size_t i = 0; i < rows.size(); ++i) {
      StoredRecord& s = batch[i];
      map.decode(rows, i, s.record);
      s.version = rows.integer(version_col, i);
      s.in_force = with_posting ? parse_in_force(rows.text(has_items_col + 1, i)) : std::nullopt;
      s.items_version = 0;
      s.items.clear();
      if (rows.integer(has_items_col, i)) with_items.push_back(i);
    }
    item_sets.read(batch, with_items);
    size_t kept = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!keeps(f, batch[i])) continue;
      if (kept != i) std::swap(batch[kept], batch[i]);
      ++kept;
    }
    batch.resize(kept);
    if (kept) sink(batch);
  }
}

std::shared_ptr<const Catalogue> current_catalogue(Store& store) {
  const int64_t stamp = store.imports_seen();
  Store::CacheSlot& slot = store.cache_slot("catalogue");
  if (!slot.value || slot.stamp != stamp) {
    auto c = std::make_shared<Catalogue>();
    load_catalogue(store, *c);
    slot.value = std::shared_ptr<const Catalogue>(std::move(c));
    slot.stamp = stamp;
  }
  return std::static_pointer_cast<const Catalogue>(slot.value);
}

}  // namespace vardavtal
