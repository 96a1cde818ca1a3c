-- 027: an invoice line is kept in its posting's row (issue 13). Every
-- posting is the line of exactly one invoice, written with it, and every line
-- bills exactly one posting (verify), so the line's columns go into the
-- posting's row: a billing run writes one row per line instead of two, and
-- one unique index fewer (invoice_lines_posting). A PostgreSQL `bill` spent
-- about a fifth of its time writing invoice_lines (docs/benchmarks.md).
-- `invoice_lines` is now a view with the table's columns, which every read
-- uses as before. The postings' content hash covers the posting's own
-- columns, not these (verify checks the line against its posting and its
-- invoice as before). Existing lines move into their postings' rows.
-- Can run again: a second run finds the columns (the migration runner skips
-- them), updates the rows from the view with their own values, and, as
-- invoice_lines is then a view, skips `DROP TABLE invoice_lines`, the view
-- and the older migrations' indexes on the table (Store::migrate).
ALTER TABLE postings ADD COLUMN number text;              -- the invoice the posting is a line of
ALTER TABLE postings ADD COLUMN line_no bigint;           -- 1.. per invoice
ALTER TABLE postings ADD COLUMN line_amount bigint;       -- positive
ALTER TABLE postings ADD COLUMN late bigint;              -- 1: invoiced more than six months after
ALTER TABLE postings ADD COLUMN reference_number text;    -- credit lines: the original invoice and line
ALTER TABLE postings ADD COLUMN reference_line bigint;
ALTER TABLE postings ADD COLUMN line_reason_code bigint;
UPDATE postings SET number = l.number, line_no = l.line_no, line_amount = l.amount, late = l.late,
  reference_number = l.reference_number, reference_line = l.reference_line,
  line_reason_code = l.reason_code
  FROM invoice_lines l WHERE l.posting_id = postings.id;
DROP TABLE invoice_lines;
CREATE VIEW invoice_lines AS
  SELECT seller, number, line_no, id AS posting_id, line_amount AS amount, late,
         reference_number, reference_line, line_reason_code AS reason_code
    FROM postings WHERE number IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS postings_line ON postings (seller, number, line_no);
CREATE INDEX IF NOT EXISTS postings_line_reference
  ON postings (seller, reference_number, reference_line) WHERE reference_number IS NOT NULL;
