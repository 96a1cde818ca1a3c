// Delivery commands (docs/delivery.md): `deliver`, `deliveries` and `respond`.
#pragma once

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kDeliverHelp;
extern const char* const kDeliveriesHelp;
extern const char* const kRespondHelp;

// `vardavtal deliver --seller S --period M --endpoint URL --cert F --key F [--ca F] ...`.
int cmd_deliver(Store& store, const Args& args);
// `vardavtal deliveries [--seller S] [--buyer B] [--period M] [--format F]`.
int cmd_deliveries(Store& store, const Args& args);
// `vardavtal respond --cert F --key F --ca F [--listen ADDR:PORT] ...` (no database).
int cmd_respond(const Args& args);

}  // namespace vardavtal
