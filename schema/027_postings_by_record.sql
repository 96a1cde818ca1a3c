-- 027: postings_record on the record id alone (issue 13). Every care posting
-- adds an entry to it, and a key of two texts (seller, record id) was about
-- 40 % of a PostgreSQL COPY into postings at scale 10 (docs/benchmarks.md,
-- "The record index on its id alone"). A record id is the seller's own, so
-- ids of two sellers can be equal: every query that finds a record's postings
-- compares the seller too, beside the index. The seller's subscription
-- postings are the index's NULL keys (a few per seller and month). Both
-- statements can run again.
DROP INDEX IF EXISTS postings_record;
CREATE INDEX IF NOT EXISTS postings_record ON postings (record_id);
