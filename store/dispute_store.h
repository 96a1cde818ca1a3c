// The purchaser's disputes (issue 16 item 2; docs/reconcile.md#disputes): the
// findings of a saved reconciliation, each with a status the buying region
// owns and a comment. A dispute whose invoice line a credit note of the
// seller references reads as krediterad (with that note's number) whatever
// status is stored, so a credit note closes it without anyone setting it.
// Every change appends an audit row in its own transaction. Not thread-safe
// per Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "store/store.h"

namespace vardavtal {

// The statuses, in Swedish as users set and read them.
inline constexpr const char* kDisputed = "bestridd";
inline constexpr const char* kAccepted = "godkänd";
inline constexpr const char* kCredited = "krediterad";
// True for one of the three statuses above.
bool is_dispute_status(const std::string& s);
// A comment is one line of at most kMaxCommentBytes bytes: throws
// std::invalid_argument for a longer one or one with control characters.
inline constexpr size_t kMaxCommentBytes = 2000;
void check_comment(const std::string& comment);

// A finding to save (billing/reconcile's Finding without the file).
struct DisputeFinding {
  std::string seller, invoice, spec_id;
  int64_t line_id = 0;
  std::string patient_id, care_contact_id;
  int64_t reason_code = 0;
  Money billed;
  std::optional<Money> expected;
  Money disputed, counted;
  std::string message, message_en;
};

// A saved dispute: its finding, whose it is and where it stands.
struct Dispute : DisputeFinding {
  int64_t id = 0;
  std::string buyer;
  std::string status;       // as read: krediterad when a credit note references the line
  std::string credit_note;  // that credit note's number, else empty
  std::string comment, found_at, updated_at, updated_by;
};

struct SavedDisputes {
  int64_t added = 0;    // new disputes (status bestridd)
  int64_t updated = 0;  // found again: amounts and message refreshed, status and comment kept
};

// Saves the findings of `buyer`'s reconciliation (those with a reason code;
// a finding of code 0 claims nothing and is not a dispute) in one write
// transaction with its audit row (`who`, command "dispute"). One dispute per
// seller, invoice, line and code: several findings of one code on a line are
// merged (the largest claim, their counted amounts added, messages joined). A
// dispute saved before keeps its status and comment. A database error is a
// StoreError naming no value (patient ids stay out of messages).
SavedDisputes save_disputes(Store& store, const std::string& buyer,
                            const std::vector<DisputeFinding>& findings, const std::string& who);

struct DisputeFilter {
  std::optional<std::string> buyer, seller, status;
};

// The disputes matching `filter` (status as read), by buyer, seller,
// invoice, line and code.
std::vector<Dispute> list_disputes(Store& store, const DisputeFilter& filter);

// The dispute `id`, or nullopt.
std::optional<Dispute> find_dispute(Store& store, int64_t id);

// Sets the status (one of the three) and/or the comment of dispute `id`, with
// its audit row. Throws std::invalid_argument for an unknown status or id.
void update_dispute(Store& store, int64_t id, const std::optional<std::string>& status,
                    const std::optional<std::string>& comment, const std::string& who);

}  // namespace vardavtal
