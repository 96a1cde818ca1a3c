-- 013: the year-end true-ups of `vardavtal settle` (billing rules §8.4, §8.5;
-- docs/ledger.md#year-end-settlement). Their postings and invoices are the
-- ledger's (kinds settlement and commitment); this table keeps, beside each
-- such posting, what it was computed from, so that its documents and the
-- follow-up show the computation and a later run issues only the
-- difference. Append-only, one row per posting.
CREATE TABLE IF NOT EXISTS settlement_bases (
  posting_id bigint NOT NULL PRIMARY KEY,
  seller text NOT NULL,
  buyer text NOT NULL,
  year bigint NOT NULL,             -- the agreement year settled
  kind text NOT NULL,               -- settlement | commitment
  agreement_id text NOT NULL,
  agreement_version bigint NOT NULL,
  kpp_cost bigint,                  -- settlement: C, öre
  invoiced bigint,                  -- settlement: I, öre
  share text,                       -- settlement: the share, "1/3"
  point_price bigint,               -- commitment: P, öre
  committed_points bigint,          -- commitment: points, 10^-4
  cap_points bigint,                -- commitment: NULL without a cap
  delivered_points bigint,          -- commitment: D
  shortfall_amount bigint,          -- commitment: invoiced for the shortfall
  above_cap_credit bigint,          -- commitment: credited above the cap
  due bigint NOT NULL,              -- the year's true-up on this basis
  settled_before bigint NOT NULL    -- issued by earlier runs; the posting is due − settled_before
);
CREATE INDEX IF NOT EXISTS settlement_bases_year ON settlement_bases (seller, year);
