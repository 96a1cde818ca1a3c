-- 025: the corrected versions of records (issue 13): an index of the rows
-- with a version above 1 only, i.e. of the corrections a later import made.
-- A billing run reads a month's records and keeps each one's latest version;
-- asking "is there a later version of this record?" of this small index,
-- instead of finding the greatest version in the primary key of every
-- record ever imported, costs a probe of a few pages where most records
-- were never corrected. The queries that use it say `version > 1` besides
-- `version > r.version` (which implies it), as both engines need the
-- index's condition written out to use a partial index. Can run again.
CREATE INDEX IF NOT EXISTS records_corrected ON records (seller, record_id, version)
  WHERE version > 1;
