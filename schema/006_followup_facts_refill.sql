-- 006: the follow-up aggregates recomputed from the postings. `init` used to
-- fill them in after the migrations, in a transaction of its own, and only
-- when the table was empty: a crash between the two left a ledger whose next
-- billing run added its own aggregates and hid the loss for good. The store
-- runs this step's code part (LedgerStore::refill_facts) in the same
-- transaction as this SQL and every other migration of the upgrade, and every
-- reader and `bill` require schema 006.
DELETE FROM followup_facts;
