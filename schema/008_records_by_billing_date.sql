-- 008: the records by seller and billing date. A billing run reads one month
-- at a time (the record versions of the month not yet posted), so that its
-- memory does not grow with the history; this index keeps each month's read
-- to the month's rows instead of a scan of the seller's records.
CREATE INDEX IF NOT EXISTS records_billing ON records (seller, billing_date);
