-- 004: the follow-up aggregates (docs/followup.md), appended by each billing
-- run beside its postings (ledger/followup_facts.h): signed sums per seller,
-- buyer, billed year (of the invoice period), care year (of the billing date),
-- kind, care type, DRG, clinic, outlier and referral. The rows of all runs
-- sum to the aggregates of the postings in force; `verify` recomputes them.
-- Ledgers billed before 004 are filled in by migration 006.
CREATE TABLE followup_facts (
  run_id bigint NOT NULL,
  seller text NOT NULL,
  buyer text NOT NULL,
  period_year bigint NOT NULL,
  billing_year bigint NOT NULL,
  subscription bigint NOT NULL,     -- 1: subscription installments, 0: care
  care_type text NOT NULL,          -- '' for subscription
  drg text NOT NULL,                -- '' for subscription and item-only care
  clinic text NOT NULL,
  outlier bigint NOT NULL,
  referral bigint NOT NULL,
  contacts bigint NOT NULL,
  points bigint NOT NULL,           -- 10^-4
  inlier_kpp bigint NOT NULL,       -- öre
  inlier_points bigint NOT NULL,    -- 10^-4
  amount bigint NOT NULL,           -- öre: variable + outliers + items (care), installments
  variable bigint NOT NULL,
  outliers bigint NOT NULL,
  items bigint NOT NULL
);
CREATE INDEX followup_facts_seller ON followup_facts (seller, billing_year);
CREATE INDEX followup_facts_buyer ON followup_facts (buyer, period_year);
