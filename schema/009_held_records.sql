-- 009: what a billing run knows, so that a re-run with nothing to do need not
-- re-price the billed months (docs/ledger.md#re-running-bill).
-- The import watermark a billing run saw: the highest imports.id when it
-- began (NULL for the runs before this migration: the next re-run re-prices).
ALTER TABLE billing_runs ADD COLUMN import_watermark bigint;

-- The record versions a billing run held (pricing could not price them), with
-- the reason in words. A run's first month re-reads every held version up to
-- that month and replaces the seller's rows; each later month of the run adds
-- its own, in the month's transaction.
CREATE TABLE held_records (
  seller text NOT NULL,
  record_id text NOT NULL,
  record_version bigint NOT NULL,
  items_version bigint NOT NULL,    -- 0 when the record has no items
  billing_date text NOT NULL,
  reason text NOT NULL,
  run_id bigint NOT NULL            -- the billing run (month) that held it
);
CREATE INDEX held_records_seller ON held_records (seller, record_id);
