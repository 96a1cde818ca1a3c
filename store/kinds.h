// The mapping of each kind of input row onto its append-only table: the
// TableSpec (identity and content columns) and put_row, which writes one
// row's values in that order. The records table's come from its column map
// (store/columns.h). Stateless; any thread.
#pragma once

#include "core/agreement.h"
#include "core/catalogue.h"
#include "core/hospital.h"
#include "core/plan.h"
#include "core/record.h"
#include "core/referral.h"
#include "core/region.h"
#include "store/versioned_writer.h"

namespace vardavtal {

const TableSpec& region_table();
const TableSpec& hospital_table();
const TableSpec& record_table();
const TableSpec& record_items_table();  // identity (seller, record_id); line_no, item, qty, cost
const TableSpec& weight_table();
const TableSpec& price_table();
const TableSpec& tariff_table();  // identity (seller, year, care_type, clinic, field, unit)
const TableSpec& index_table();
const TableSpec& agreement_table();
const TableSpec& referral_table();
const TableSpec& resident_table();
const TableSpec& plan_table();  // identity (seller, buyer, year, clinic)

void put_row(const Region& r, RowValues& v);
void put_row(const Hospital& h, RowValues& v);
void put_row(const Record& r, RowValues& v);
void put_row(const WeightRow& w, RowValues& v);
void put_row(const PriceRow& p, RowValues& v);
void put_row(const TariffRow& t, RowValues& v);
void put_row(const IndexRow& i, RowValues& v);
void put_row(const Agreement& a, RowValues& v);
void put_row(const Referral& r, RowValues& v);
void put_row(const Residence& r, RowValues& v);
void put_row(const PlanRow& p, RowValues& v);

// The content hash of a record's item set (its lines in order): each line's
// item code and quantity, and its cost and cost_ref only when given, so that
// a set without them keeps the hash it had before schema 011.
int64_t item_set_hash(const std::vector<ItemLine>& lines);

}  // namespace vardavtal
