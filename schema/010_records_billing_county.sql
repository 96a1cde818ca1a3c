-- 010: the records by seller, billing date and county (the buyer). A billing
-- run plans a large month in parts by buyer range (docs/ledger.md): each
-- part reads the month's index entries and fetches only the rows of its
-- counties; the month's count of records per county, which decides the
-- parts, is read from this index alone. It replaces records_billing (008),
-- whose columns it starts with. Both statements can run again.
CREATE INDEX IF NOT EXISTS records_billing_county ON records (seller, billing_date, county);
DROP INDEX IF EXISTS records_billing;
