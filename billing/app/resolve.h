// The one check of the seller, buyer and year options of every command and API
// route against what the database holds: an unknown code or a year without data
// is an error naming what exists, never an empty table.
#pragma once

#include <optional>
#include <string>

#include "billing/app/usage_error.h"
#include "store/store.h"
#include "store/summary.h"

namespace vardavtal {

// A code the database does not know (CLI exit status 2; API 400).
struct UnknownCode : UsageError {
  using UsageError::UsageError;
};

// A year of which the database holds no data (CLI exit status 2; API 404).
struct NoDataInYear : UsageError {
  using UsageError::UsageError;
};

// A hospital code, exactly as stored ("AS"); else UnknownCode naming the sellers.
void require_seller(Store& store, const std::string& code);
// A county code ("20"); else UnknownCode naming the codes (and the code of a
// region whose name holds the text, e.g. "Dalarna").
void require_buyer(Store& store, const std::string& code);
// Each when given.
void require_seller(Store& store, const std::optional<std::string>& code);
void require_buyer(Store& store, const std::optional<std::string>& code);

// `year` has `data` of `seller` (of any seller when empty); else NoDataInYear
// naming the years that have it.
void require_year(Store& store, YearData data, int year, const std::string& seller = "");

}  // namespace vardavtal
