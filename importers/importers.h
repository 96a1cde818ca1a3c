// Importers: one function per kind of input file. Each streams the file,
// validates every value (docs/import.md) and hands validated rows to the
// caller in batches; it never prices and never touches the database. Errors
// go to `errors`; when it is non-empty after the call the caller must commit
// nothing of the file. Batches are only valid during the sink call. Files are
// independent: functions may run on different threads for different files.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/agreement.h"
#include "core/catalogue.h"
#include "core/hospital.h"
#include "core/plan.h"
#include "core/record.h"
#include "core/referral.h"
#include "core/region.h"
#include "importers/import_error.h"
#include "importers/table_reader.h"

namespace vardavtal {

// What the importers check codes against (normally the database's latest rows).
struct KnownCodes {
  std::function<bool(std::string_view)> region;    // county code
  std::function<bool(std::string_view)> hospital;  // hospital code
};

// A row and where it came from: its line and the column of its identity.
template <class T>
struct Located {
  T row;
  long line = 0;
  long column = 0;
};

template <class T>
using BatchSink = std::function<void(std::span<Located<T>>)>;

// Each returns the number of data rows read.
long read_regions(const std::string& path, const ImportOptions&, ErrorList&,
                  const BatchSink<Region>&);
long read_hospitals(const std::string& path, const ImportOptions&, const KnownCodes&, ErrorList&,
                    const BatchSink<Hospital>&);
long read_records(const std::string& path, const ImportOptions&, const KnownCodes&, ErrorList&,
                  const BatchSink<Record>&);
// Items are grouped per record (a record's lines may be spread over the
// file); a negative quantity is a correction and the net quantity per item
// code of a record must not be negative.
long read_item_sets(const std::string& path, const ImportOptions&, const KnownCodes&, ErrorList&,
                    const BatchSink<ItemSet>&);
long read_weights(const std::string& path, const ImportOptions&, ErrorList&,
                  const BatchSink<WeightRow>&);
long read_prices(const std::string& path, const ImportOptions&, const KnownCodes&, ErrorList&,
                 const BatchSink<PriceRow>&);
// tariffs.csv (§8.1): identity (seller, year, care_type, clinic, medical_field, unit).
long read_tariffs(const std::string& path, const ImportOptions&, const KnownCodes&, ErrorList&,
                  const BatchSink<TariffRow>&);
long read_index(const std::string& path, const ImportOptions&, ErrorList&,
                const BatchSink<IndexRow>&);
// plans.csv: production plans per seller, buyer, year and clinic (docs/import.md#plans).
long read_plans(const std::string& path, const ImportOptions&, const KnownCodes&, ErrorList&,
                const BatchSink<PlanRow>&);
long read_referrals(const std::string& path, const ImportOptions&, const KnownCodes&, ErrorList&,
                    const BatchSink<Referral>&);
long read_residents(const std::string& path, const ImportOptions&, const KnownCodes&, ErrorList&,
                    const BatchSink<Residence>&);
// One agreement per TOML file (docs/import.md#agreements). nullopt when `errors` got any.
std::optional<Agreement> read_agreement(const std::string& path, const KnownCodes&, ErrorList&);

}  // namespace vardavtal
