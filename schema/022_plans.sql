-- 022: production plans (issue 17; docs/import.md#plans, docs/followup.md#plan):
-- per seller, buyer region, year and clinic the contacts and DRG points the
-- parties plan. Versioned like every import kind: a changed row is a new
-- version, the latest is in force.
CREATE TABLE IF NOT EXISTS plans (
  seller text NOT NULL, buyer text NOT NULL, year bigint NOT NULL, clinic text NOT NULL,
  version bigint NOT NULL, import_id bigint NOT NULL, content_hash bigint NOT NULL,
  planned_contacts bigint NOT NULL,
  planned_points bigint NOT NULL,   -- 1/10000 DRG points
  PRIMARY KEY (seller, buyer, year, clinic, version)
);
