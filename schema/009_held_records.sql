-- 009: what a billing run knows, so that a re-run with nothing to do need not
-- re-price the billed months (docs/ledger.md#re-running-bill-what-is-billed-is-not-re-priced).
-- Every statement can run again on a database that has it (an upgrade test
-- re-applies the migrations after 005): no ALTER TABLE.

-- The import watermark of a billing run: the highest imports.id when the
-- command began (a run before this migration has none: the next re-run
-- re-prices).
CREATE TABLE IF NOT EXISTS billing_run_watermarks (
  run_id bigint NOT NULL PRIMARY KEY,   -- billing_runs.id
  import_watermark bigint NOT NULL
);

-- The record versions a billing run held (pricing could not price them), with
-- the reason in words. A command's first month re-reads every held version up
-- to that month and replaces the seller's rows; each later month adds its own,
-- in the month's transaction.
CREATE TABLE IF NOT EXISTS held_records (
  seller text NOT NULL,
  record_id text NOT NULL,
  record_version bigint NOT NULL,
  items_version bigint NOT NULL,    -- 0 when the record has no items
  billing_date text NOT NULL,
  reason text NOT NULL,
  run_id bigint NOT NULL            -- the billing run (month) that held it
);
CREATE INDEX IF NOT EXISTS held_records_seller ON held_records (seller, record_id);
