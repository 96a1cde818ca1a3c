-- 017: who has seen a patient's data (issue 15 item 7; docs/audit.md#access-log).
-- A read of patient-level data is an audit row (command 'read') whose
-- patients_digest is the SHA-256 of the sorted patient ids it showed; the row
-- digest covers patients_digest, so the chain vouches for the list. The ids
-- themselves are in audit_patients, where retention may remove them
-- (`access-log --prune-before`) without breaking the chain.
ALTER TABLE audit_log ADD COLUMN patients_digest text;
CREATE TABLE IF NOT EXISTS audit_patients (
  audit_id bigint NOT NULL,         -- the read's audit row
  patient_id text NOT NULL,         -- personnummer or pseudonym, as imported
  PRIMARY KEY (audit_id, patient_id)
);
CREATE INDEX IF NOT EXISTS audit_patients_by_patient ON audit_patients (patient_id, audit_id);
