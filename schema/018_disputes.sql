-- 018: the purchaser's disputes (issue 16 item 2; docs/reconcile.md#disputes).
-- A reconciliation saved by a buying region keeps each finding that claims
-- something (reason code > 0) as a dispute with a status the buyer sets
-- (bestridd, godkänd, krediterad) and a comment. A dispute whose line the
-- seller's credit note references is krediterad whatever is stored: that is
-- read from invoice_lines, not written here. Amounts in öre.
CREATE TABLE IF NOT EXISTS disputes (
  id bigint NOT NULL PRIMARY KEY,   -- 1, 2, ... in the order saved
  buyer text NOT NULL,              -- the region that disputes
  seller text NOT NULL,             -- the hospital (as the reconciliation named it)
  invoice text NOT NULL,
  spec_id text NOT NULL,
  line_id bigint NOT NULL,          -- the specification's lineId (= the invoice's line_no)
  patient_id text NOT NULL,
  care_contact_id text NOT NULL,
  reason_code bigint NOT NULL,      -- the national credit reason code
  billed bigint NOT NULL,
  expected bigint,                  -- re-priced net (code 2), else NULL
  disputed bigint NOT NULL,         -- what this finding alone claims
  counted bigint NOT NULL,          -- what it adds to the invoice's claim (a line once)
  message text NOT NULL,            -- Swedish
  message_en text NOT NULL,
  status text NOT NULL,             -- bestridd | godkänd | krediterad
  comment text NOT NULL,
  found_at text NOT NULL,           -- ISO UTC: first saved
  updated_at text NOT NULL,         -- ISO UTC: last saved or changed
  updated_by text NOT NULL          -- OS user or "token NAME"
);
CREATE UNIQUE INDEX IF NOT EXISTS disputes_finding
  ON disputes (buyer, seller, invoice, line_id, reason_code);
CREATE INDEX IF NOT EXISTS disputes_by_seller ON disputes (seller, invoice, line_id);
-- A dispute reads krediterad from the credit lines that reference its line.
CREATE INDEX IF NOT EXISTS invoice_lines_reference
  ON invoice_lines (seller, reference_number, reference_line);
