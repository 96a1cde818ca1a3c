-- 012: what the other healthcare regions' models (billing rules §8) add to a
-- care posting: the tariff amount (price × units) with its units and the
-- tariff's catalogue version, the at-cost items' amount above the
-- threshold, and whether the subscription discounted the price-list items.
-- Postings written before carry zeros, and their content_hash stays valid:
-- these fields join the digest only when one is set (ledger/posting.cpp).
ALTER TABLE postings ADD COLUMN tariff_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE postings ADD COLUMN at_cost_amount bigint NOT NULL DEFAULT 0;
ALTER TABLE postings ADD COLUMN tariff_units bigint NOT NULL DEFAULT 0;
ALTER TABLE postings ADD COLUMN tariff_version bigint NOT NULL DEFAULT 0;
ALTER TABLE postings ADD COLUMN items_discounted bigint NOT NULL DEFAULT 0;
-- The tariff's unit ("contact" | "care_day"), so that an issued invoice's
-- documents show it as billed whatever the tariffs hold later.
ALTER TABLE postings ADD COLUMN tariff_unit text;
-- The follow-up facts split care into tariffs and at-cost items too
-- (invoiced-split); rows written before hold none.
ALTER TABLE followup_facts ADD COLUMN tariffs bigint NOT NULL DEFAULT 0;
ALTER TABLE followup_facts ADD COLUMN at_cost bigint NOT NULL DEFAULT 0;
-- And by whether the record was referred for medical reasons (§8.6, the
-- referred table); rows written before come from records that did not say.
ALTER TABLE followup_facts ADD COLUMN referred_medical bigint NOT NULL DEFAULT 0;
