// Who has seen a patient's data (issue 15 item 7; docs/audit.md#access-log;
// Patientdatalagen 4 kap. 3 §, HSLF-FS 2016:40). Every read of patient-level
// data through the CLI or the server is an audit row with command "read":
// who (OS user or token), when, what (command or route) and which patients,
// inside the audit chain (store/audit.h). Patient ids go only here, never
// into a log line or an error. Not thread-safe per Store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/billing_planner.h"
#include "ledger/invoice.h"
#include "store/store.h"

namespace vardavtal {

// One read of patient data: when (ISO UTC), who, through what, which patients.
struct PatientRead {
  std::string at, who, what;
  std::vector<std::string> patients;
};

// Appends the read in its own write transaction before the data is shown (a
// read that cannot be logged is not answered: the caller lets the error
// through). Nothing is written when `patients` is empty (no patient data).
void log_patient_read(Store& store, const std::string& who, const std::string& what,
                      const std::vector<std::string>& patients);

// Appends reads (those with patients), one row each in order, in one write
// transaction, waiting for the write lock up to the busy timeout.
void append_patient_reads(Store& store, const std::vector<PatientRead>& reads);

// Appends the read only if the write lock can be had at once: true when
// written (or nothing to write), false when another writer holds the database
// (SQLite; nothing written, no wait). On PostgreSQL it writes and waits, as
// its writers do not hold the audit trail for long.
bool try_log_patient_read(Store& store, const PatientRead& read);

// The patients of a care invoice's or credit note's lines (none for the
// other kinds), and of records of a seller by record id.
std::vector<std::string> patients_of_invoice(Store& store, const Invoice& invoice);
std::vector<std::string> patients_of_records(Store& store, const std::string& seller,
                                             const std::vector<std::string>& record_ids);
// The patients of held records (a billing run's or preview's list).
std::vector<std::string> patients_of_held(Store& store, const std::vector<HeldRecord>& held);

struct AccessEntry {
  int64_t audit_id = 0;
  std::string at, who, what;
  int64_t patients = 0;  // how many patients the read showed
};

// The reads that showed `patient`'s data at or after `since` (an ISO date;
// all when empty), in order. A read pruned by retention is no longer found.
std::vector<AccessEntry> access_log(Store& store, const std::string& patient,
                                    const std::string& since = "");

struct PruneResult {
  int64_t reads = 0, patients = 0;  // reads whose ids went, ids removed
};

// Retention: removes the patient ids of reads before `before` (YYYY-MM-DD)
// and appends a "prune" audit row saying so, in one transaction. The read
// rows stay in the chain (without their ids), so `verify` still holds.
PruneResult prune_access_log(Store& store, const std::string& who, const std::string& before);

}  // namespace vardavtal
