-- 019: a contact registered in error is withdrawn (billing rules §2): a new
-- version of the record with cancelled = 1. The next billing run reverses
-- what was billed on it (credit reason code 9) and bills nothing more. NULL
-- (the rows stored before) is not cancelled, and keeps its content hash.
ALTER TABLE records ADD COLUMN cancelled bigint;

-- records_latest anew, with the column above (see 007: PostgreSQL expands
-- r.* when the view is created).
DROP VIEW records_latest;
CREATE VIEW records_latest AS
  SELECT r.* FROM records r
  WHERE NOT EXISTS (SELECT 1 FROM records n
                    WHERE n.seller = r.seller AND n.record_id = r.record_id
                      AND n.version > r.version);
