// The ledger's persistence: append postings, invoices and invoice lines (never
// update or delete), and the reads that billing, the invoice listing and
// `verify` need. All SQL of the ledger lives here; the columns of postings,
// invoices and invoice lines are their column maps (store/columns.h). Not
// thread-safe per Store.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/period.h"
#include "core/record.h"
#include "ledger/billing_planner.h"
#include "ledger/followup_facts.h"
#include "ledger/invoice.h"
#include "ledger/posting.h"
#include "store/store.h"

namespace vardavtal {

// A party as the documents name it (latest versions of hospital and region).
struct PartyRow {
  std::string code, name, org_number, county, hsa_id, bankgiro;
};

class LedgerStore {
 public:
  explicit LedgerStore(Store& store) : store_(store) {}

  int64_t next_run_id();
  int64_t next_posting_id();
  // `import_watermark`: Store::imports_seen when the run began (what it
  // saw), stored in billing_run_watermarks.
  void record_run(int64_t run_id, Period through,
                  const std::optional<std::string>& seller,
                  std::optional<int64_t> import_watermark = std::nullopt);
  // The import watermark of the seller's latest billing run; nullopt when the
  // seller has no run or its latest recorded none (a run before migration 009).
  std::optional<int64_t> last_run_watermark(const std::string& seller);
  // The seller's last billed (closed) period: the latest month a billing run
  // billed through, or invoiced; nullopt when none.
  std::optional<Period> last_period(const std::string& seller);
  // The last sequence number of the invoice series of region `county`, which
  // all its hospitals share (they bill under its organisation number).
  int64_t last_seq(const std::string& county);
  // The highest specification counter used by `spec_prefix` ("ZVF"+org+YYMM).
  int64_t last_spec_counter(const std::string& spec_prefix);
  // The earliest billing date among the seller's latest record versions (its
  // first care; the first billed month also depends on its subscriptions).
  std::optional<Date> first_billing_date(const std::string& seller);
  // One posting with the invoice line that billed it.
  OpenPosting open_posting(int64_t posting_id);

  // The subscription amounts S fixed for (seller, year), by buyer.
  std::map<std::string, Money> subscription_terms(const std::string& seller, int year);
  // The months (1-12) of `year` whose subscription installment is posted, by buyer.
  std::map<std::string, std::set<unsigned>> subscription_months(const std::string& seller,
                                                                int year);
  void fix_subscription_terms(const std::string& seller, int year, int64_t run_id,
                              const std::map<std::string, Money>& by_buyer);

  // Appends in the caller's transaction; lines[i] is the line of
  // postings[i] (BillingPlan), else std::logic_error.
  void append(const std::vector<Posting>& postings, const std::vector<Invoice>& invoices,
              const std::vector<InvoiceLine>& lines);

  // The held record versions a billing run leaves (held_records), in the
  // caller's transaction: `replace` drops the seller's stored ones first (a
  // run's first month re-reads them all), else `held` is added to them.
  void store_held(const std::string& seller, int64_t run_id, const std::vector<HeldRecord>& held,
                  bool replace);
  // The seller's stored held record versions, in no particular order.
  std::vector<HeldRecord> stored_held(const std::string& seller);

  // Appends follow-up aggregates under `run_id` (a commit of `bill`: the run
  // of its last month; `init`'s recomputation: 0), in the caller's
  // transaction; none: nothing.
  void append_facts(int64_t run_id, const FollowupFacts& facts);
  // The follow-up aggregates recomputed from every posting (with its invoice's
  // year and its record version's care type, clinic, referral and KPP cost).
  FollowupFacts recompute_facts();
  // The stored follow-up aggregates summed over runs.
  FollowupFacts stored_facts();
  // Replaces the stored aggregates by those recomputed from the postings, as
  // run 0, in the caller's transaction (migration 006); returns the rows.
  size_t refill_facts();

  struct Filter {
    std::optional<std::string> seller, buyer;
    std::optional<Period> period;
  };
  std::vector<Invoice> invoices(const Filter& f);
  // The invoice (by number; seller needed only when the number is ambiguous).
  std::optional<Invoice> invoice(const std::string& number,
                                 const std::optional<std::string>& seller);
  std::vector<InvoiceLine> lines(const Invoice& invoice);
  std::vector<Posting> postings_of(const Invoice& invoice);  // in line order

  // For documents: the parties, a record version and an item-set version.
  std::optional<PartyRow> seller_party(const std::string& hospital);
  std::optional<PartyRow> buyer_party(const std::string& county);
  std::optional<Record> record_version(const std::string& seller, const std::string& record_id,
                                       int64_t version);
  std::vector<ItemLine> item_set(const std::string& seller, const std::string& record_id,
                                 int64_t version);

  // Every violation of the ledger's invariants, one message each in English
  // and Swedish (at most `limit` per kind); empty when the ledger is sound.
  std::vector<Phrase> verify(size_t limit = 20);

 private:
  Store& store_;
};

class VersionedWriter;
class WriteChain;

// Appends the postings and invoice lines of the invoices a billing run
// issues, one invoice at a time, through one writer for the whole run (a
// posting's row holds its line, schema 027): it prepares its statements and
// allocates its buffers once, not once per invoice. Appended rows are
// buffered (one bounded batch, and one batch being written) and are written,
// in the caller's transaction, when the buffer fills (in the background, on
// the session) or by flush(): call flush() before any other use of the
// session (a read, another write, a commit); rows not flushed are lost.
// Other writes of the run may follow the rows on the session in the
// background (then()), in order (a WriteChain): appending waits only when
// the previous batch is still being written. Not thread-safe; the Store
// outlives it.
class LedgerAppender {
 public:
  explicit LedgerAppender(Store& store);
  ~LedgerAppender();
  LedgerAppender(const LedgerAppender&) = delete;
  LedgerAppender& operator=(const LedgerAppender&) = delete;
  // lines[i] is the line of postings[i] (BillingPlan); throws
  // std::logic_error when they do not pair up so.
  void append(const std::vector<Posting>& postings, const std::vector<InvoiceLine>& lines);
  // Writes every appended row, and waits for the tasks given to then();
  // rethrows the failure of any of them. The session is then free.
  void flush();
  // Starts writing the rows appended so far, then runs `task` on the session
  // in the background after them (WriteChain::then): the caller goes on
  // appending (the next rows are written after `task`) but uses the session
  // otherwise only after flush().
  void then(std::function<void()> task);
  // The postings appended so far.
  size_t postings() const { return postings_count_; }

 private:
  std::unique_ptr<WriteChain> chain_;
  std::unique_ptr<VersionedWriter> postings_;
  size_t postings_count_ = 0;
};

}  // namespace vardavtal
