-- 020: month-end (issue 17; docs/erp.md). A seller's market manager closes a
-- billed month after review; only closed months go to the general ledger
-- (SIE 4i) unless forced. Each SIE file written is remembered, so that the
-- status can say what was exported and a second export of the same months can
-- warn that they are booked already. Append-only, like the ledger.
CREATE TABLE IF NOT EXISTS month_closes (
  seller text NOT NULL,
  period text NOT NULL,             -- YYYY-MM
  closed_at text NOT NULL,          -- ISO UTC
  closed_by text NOT NULL,          -- OS user or "token NAME"
  PRIMARY KEY (seller, period)
);
CREATE TABLE IF NOT EXISTS sie_exports (
  id bigint NOT NULL PRIMARY KEY,   -- 1, 2, ... in the order written
  seller text NOT NULL,
  period_from text NOT NULL,        -- YYYY-MM
  period_to text NOT NULL,          -- YYYY-MM
  verifications bigint NOT NULL,    -- invoices and credit notes in the file
  first_invoice text NOT NULL,      -- the lowest invoice number ('' when none)
  last_invoice text NOT NULL,
  sha256 text NOT NULL,             -- of the file's bytes
  forced bigint NOT NULL,           -- 1: written with --force (a month not closed)
  exported_at text NOT NULL,
  exported_by text NOT NULL
);
CREATE INDEX IF NOT EXISTS sie_exports_seller ON sie_exports (seller, period_from);
