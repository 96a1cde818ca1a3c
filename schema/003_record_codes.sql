-- 003: the codes the national fakturaunderlag needs on each care contact:
-- the medical field (MVO code, ÖR49) and the main diagnosis (ICD-10-SE,
-- ÖR31). Optional columns of records.csv.
ALTER TABLE records ADD COLUMN medical_field text;
ALTER TABLE records ADD COLUMN diagnosis text;
