-- 011: the other healthcare regions' agreement models (billing rules §8,
-- docs/import.md). Every new column is nullable, and NULL is what a row
-- that does not use it holds: such a row keeps its content hash (the new
-- columns are hashed only when not NULL), so re-importing a file of before
-- this migration changes nothing. Every statement can run again on a
-- database that has it: migrate skips an ADD COLUMN whose column exists.

-- The national classification of a contact (§8.6): agreement type 1-3,
-- the Riksavtal chapter and point (ÖR50: 3.1, 3.2, 4.1, 4.3, 4.4), care
-- level 1-4, why the patient was referred ('medical' or 'choice').
ALTER TABLE records ADD COLUMN agreement_type bigint;
ALTER TABLE records ADD COLUMN riksavtal_chapter text;
ALTER TABLE records ADD COLUMN care_level bigint;
ALTER TABLE records ADD COLUMN referral_reason text;

-- An item line's stated cost (öre, for its whole quantity) and its evidence
-- (§8.2), for items billed at cost.
ALTER TABLE record_items ADD COLUMN cost bigint;
ALTER TABLE record_items ADD COLUMN cost_ref text;

-- 1: the item is billed at the cost on each item line (price 0); NULL: by price.
ALTER TABLE prices ADD COLUMN at_cost bigint;

-- The agreement's §8 terms; NULL = not used (or the default).
ALTER TABLE agreements ADD COLUMN agreement_type bigint;              -- 1-3; NULL = 2
ALTER TABLE agreements ADD COLUMN drg_exempt_clinics text;            -- clinics, one per line
ALTER TABLE agreements ADD COLUMN drg_exempt_fields text;             -- MVO codes, comma-separated
ALTER TABLE agreements ADD COLUMN extra_billing_threshold bigint;     -- öre; NULL = 0
ALTER TABLE agreements ADD COLUMN subscription_clinics text;          -- clinics, one per line
ALTER TABLE agreements ADD COLUMN subscription_include_items bigint;  -- 1 or NULL
ALTER TABLE agreements ADD COLUMN settlement_share text;              -- exact fraction "1/3"
ALTER TABLE agreements ADD COLUMN settlement_basis text;              -- "kpp"
ALTER TABLE agreements ADD COLUMN commitment_points text;             -- "county=1/10000 points" comma-separated
ALTER TABLE agreements ADD COLUMN commitment_shortfall_share bigint;  -- 1/10000
ALTER TABLE agreements ADD COLUMN commitment_cap_points text;         -- as commitment_points
ALTER TABLE agreements ADD COLUMN commitment_above_cap_share bigint;  -- 1/10000

-- Tariffs (§8.1): a price per contact or per care day without DRG. An empty
-- clinic or medical_field is "any" (a key column cannot be NULL).
CREATE TABLE IF NOT EXISTS tariffs (
  seller text NOT NULL, year bigint NOT NULL, care_type text NOT NULL,
  clinic text NOT NULL, medical_field text NOT NULL, unit text NOT NULL,
  version bigint NOT NULL, import_id bigint NOT NULL, content_hash bigint NOT NULL,
  name text NOT NULL,
  price bigint NOT NULL,            -- öre per unit
  PRIMARY KEY (seller, year, care_type, clinic, medical_field, unit, version)
);

-- records_latest anew, with the columns above (see 007).
DROP VIEW records_latest;
CREATE VIEW records_latest AS
  SELECT r.* FROM records r
  WHERE NOT EXISTS (SELECT 1 FROM records n
                    WHERE n.seller = r.seller AND n.record_id = r.record_id
                      AND n.version > r.version);
