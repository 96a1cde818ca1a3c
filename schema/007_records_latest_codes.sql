-- 007: records_latest anew, so that it carries the columns 003 added
-- (medical_field, diagnosis). PostgreSQL expands a view's `*` once, when the
-- view is created; SQLite expands it at every query. Same text on both.
DROP VIEW records_latest;
CREATE VIEW records_latest AS
  SELECT r.* FROM records r
  WHERE NOT EXISTS (SELECT 1 FROM records n
                    WHERE n.seller = r.seller AND n.record_id = r.record_id
                      AND n.version > r.version);
