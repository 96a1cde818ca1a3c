// The audit trail (docs/audit.md): one append-only row per change of the
// database (import of a file, bill, settle, token create/rotate/revoke,
// restore, init), chained by SHA-256 digests so that `verify` detects a row
// deleted, inserted or edited. Not thread-safe per Store.
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
};

// Appends a row in its own transaction: `who` did `command`, changing `detail`.
void append_audit(Store& store, const std::string& who, const std::string& command,
                  const std::string& detail);

// The rows at or after `since` (an ISO date or time; all when empty), in order.
std::vector<AuditEntry> audit_entries(Store& store, const std::string& since = "");

// Every break of the chain, one message each (at most `limit`); empty when
// the trail is whole.
std::vector<std::string> verify_audit(Store& store, size_t limit = 20);

// The SHA-256 (hex) of a file's bytes, as the trail records imported and
// restored files.
std::string file_sha256(const std::string& path);

// The OS user running this process (the CLI's "who").
std::string os_user();

}  // namespace vardavtal
