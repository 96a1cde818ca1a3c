// Backup and restore of a SQLite database (docs/backup.md): a consistent
// copy made with SQLite's online backup API while other connections (the
// server, an import) go on, and the copy put back. PostgreSQL has its own
// tools (pg_dump, pg_restore; docs/backup.md): these refuse it. Not
// thread-safe per Store.
#pragma once

#include <string>

#include "store/store.h"

namespace vardavtal {

// Copies the database of `store` to a new file `path` (refused if it
// exists): page by page, a few pages at a time so that writers are not held
// up, restarting when a writer changes the database meanwhile (SQLite does
// this), ending with a copy of one consistent state. Returns the pages copied.
long long backup_sqlite(Store& store, const std::string& path);

// Replaces the database of `store` by the copy at `path`, in one step (the
// backup API into the open database: other connections see the old or the
// new database, never a mix). The caller checks the copy first.
void restore_sqlite(Store& store, const std::string& path);

}  // namespace vardavtal
