-- 023: the held reason in Swedish beside the English one (issue 16), for the
-- lists people read (`held`, `bill`'s table, the web page's Listor). NULL on
-- the rows a billing run stored before this migration: they show the English
-- reason until the seller's next billing run replaces them.
ALTER TABLE held_records ADD COLUMN reason_sv text;
