-- 016: the audit trail (issue 15; docs/audit.md). Every command that changes
-- the database appends one row per change: when, who (the OS user), the
-- command, what changed, and a digest over the row and the previous row's
-- digest, so that `verify` finds a row deleted, inserted or edited.
CREATE TABLE IF NOT EXISTS audit_log (
  id bigint NOT NULL PRIMARY KEY,   -- 1, 2, ... without gaps
  at text NOT NULL,                 -- ISO UTC time
  who text NOT NULL,                -- OS user of the CLI
  command text NOT NULL,            -- import, bill, settle, token, restore, init
  detail text NOT NULL,             -- what changed: files and digests, counts, number ranges
  digest text NOT NULL              -- SHA-256 of the previous digest and this row's fields
);
