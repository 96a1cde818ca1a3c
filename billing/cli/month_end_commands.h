// Month-end commands (docs/erp.md): `close`, `status` and `sie`.
#pragma once

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kCloseHelp;
extern const char* const kStatusHelp;
extern const char* const kSieHelp;

// `vardavtal close --seller S --period YYYY-MM`.
int cmd_close(Store& store, const Args& args);
// `vardavtal status [--seller S] [--format table|csv|csv-sv|json]`.
int cmd_status(Store& store, const Args& args);
// `vardavtal sie --seller S --period YYYY-MM[..YYYY-MM] --accounts FILE --out FILE [--force]`.
int cmd_sie(Store& store, const Args& args);

}  // namespace vardavtal
