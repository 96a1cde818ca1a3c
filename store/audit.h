// The audit trail (docs/audit.md): one append-only row per change of the
// database (import of a file, bill, settle, token create/rotate/revoke,
// restore, init) and per read of patient data (store/access_log.h), chained
// by SHA-256 digests so that `verify` detects a row deleted, inserted or
// edited. Not thread-safe per Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace vardavtal {

struct AuditEntry {
  int64_t id = 0;
  std::string at, who, command, detail, digest;
  // A read of patient data: the SHA-256 of its sorted patient ids (one per
  // line); empty for other rows. The row's digest covers it.
  std::string patients_digest;
};

// Appends a row inside the caller's open write transaction (WriteTransaction),
// so that it commits, or rolls back, with the change it records: `who` did
// `command`, changing `detail`. `patients`: the patient ids a read showed
// (command "read"; in any order, repeats allowed), kept in audit_patients.
// On PostgreSQL the appenders are serialized by a transaction-level advisory
// lock (held until the caller commits), so that concurrent writers chain in
// turn. `at`: when it happened (ISO UTC); empty: now.
void append_audit_row(Store& store, const std::string& who, const std::string& command,
                      const std::string& detail, const std::vector<std::string>& patients = {},
                      const std::string& at = "");

// append_audit_row in its own transaction (a change that was committed
// without one: restore, whose row goes into the database it put back).
void append_audit(Store& store, const std::string& who, const std::string& command,
                  const std::string& detail);

// The rows at or after `since` (an ISO date or time; all when empty), in order.
std::vector<AuditEntry> audit_entries(Store& store, const std::string& since = "");

// Every break of the chain, one message each in English and Swedish (at most
// `limit`); empty when the trail is whole. A read's patient list must match its digest, unless
// retention removed it (a read older than the latest prune's cutoff).
std::vector<Phrase> verify_audit(Store& store, size_t limit = 20);

// The digest a read's row keeps of its patient ids: SHA-256 of the sorted,
// distinct ids, one per line.
std::string patients_digest(std::vector<std::string> patients);

// The OS user running this process (the CLI's "who").
std::string os_user();

}  // namespace vardavtal
