-- 024: the two ledger indexes that only credit notes use hold only the rows
-- that have the column (issue 13): postings_reverses the reversals (most
-- postings reverse nothing), invoice_lines_reference the credit lines (most
-- lines reference nothing). A billing run then updates neither for a care
-- or subscription line, a B-tree insert less for each. Every query that
-- reads them compares the column with `=`, which both engines take to imply
-- IS NOT NULL, so they still use the index (docs/postgresql.md). Both
-- statements of each pair can run again.
DROP INDEX IF EXISTS postings_reverses;
CREATE INDEX IF NOT EXISTS postings_reverses ON postings (reverses) WHERE reverses IS NOT NULL;
DROP INDEX IF EXISTS invoice_lines_reference;
CREATE INDEX IF NOT EXISTS invoice_lines_reference
  ON invoice_lines (seller, reference_number, reference_line) WHERE reference_number IS NOT NULL;
