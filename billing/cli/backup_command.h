// The trust commands of the CLI: `backup` and `restore` (docs/backup.md), a
// consistent copy of the SQLite database, checked with `verify`, and the
// copy put back after the same check; `audit` (docs/audit.md), the trail of
// every change.
#pragma once

#include "billing/cli/args.h"
#include "store/store.h"

namespace vardavtal {

extern const char* const kBackupHelp;
extern const char* const kRestoreHelp;
int cmd_backup(Store& store, const Args& args);
int cmd_restore(Store& store, const Args& args);
extern const char* const kAuditHelp;
int cmd_audit(Store& store, const Args& args);
// `access-log` (docs/audit.md#access-log): who has seen a patient's data.
extern const char* const kAccessLogHelp;
int cmd_access_log(Store& store, const Args& args);

}  // namespace vardavtal
