-- 015: plausibility (issue 15; docs/import.md#plausibility): an agreement may
-- raise the largest amount one contact may bill (NULL: the default,
-- 100 000 000 kr); a priced contact above it is held, not billed.
ALTER TABLE agreements ADD COLUMN max_contact_amount bigint;     -- öre; NULL = default
