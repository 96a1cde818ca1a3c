-- 002: the ledger (docs/ledger.md#invoices-and-credit-notes). Append-only: postings, invoices and
-- invoice lines are inserted, never updated or deleted. Amounts in öre, signed
-- in postings (a reversal is negative), positive on invoices and lines.

-- The seller's bankgiro for the payment means of its invoices.
ALTER TABLE hospitals ADD COLUMN bankgiro text;

CREATE TABLE billing_runs (
  id bigint NOT NULL PRIMARY KEY,
  through_period text NOT NULL,     -- YYYY-MM
  seller text,                      -- NULL: every seller
  started_at text NOT NULL
);

CREATE TABLE postings (
  id bigint NOT NULL PRIMARY KEY,
  run_id bigint NOT NULL,
  kind text NOT NULL,               -- care | reversal | subscription
  seller text NOT NULL,
  buyer text NOT NULL,
  billing_date text NOT NULL,       -- care: the record's; subscription: the month's first day
  record_id text, record_version bigint, items_version bigint,
  reverses bigint,                  -- reversal: the care posting it reverses
  reason_code bigint,               -- reversal: national credit reason code
  drg text, weight bigint, care_days bigint, outlier text,
  drg_amount bigint NOT NULL, los_outlier_amount bigint NOT NULL,
  cost_outlier_amount bigint NOT NULL, items_amount bigint NOT NULL,
  patient_fee bigint NOT NULL, gross bigint NOT NULL,
  amount bigint NOT NULL,           -- what is invoiced: the variable part (care), the installment
  agreement_id text, agreement_version bigint, weights_year bigint, weight_version bigint,
  price_list_version bigint,
  content_hash bigint NOT NULL      -- of every column above; verify recomputes it
);
CREATE INDEX postings_record ON postings (seller, record_id);
CREATE INDEX postings_reverses ON postings (reverses);

CREATE TABLE invoices (
  seller text NOT NULL,
  number text NOT NULL,             -- digits only
  seq bigint NOT NULL,              -- 1, 2, ... gapless per seller (invoices and credit notes)
  run_id bigint NOT NULL,
  type text NOT NULL,               -- invoice (380) | credit (381)
  kind text NOT NULL,               -- care | subscription
  buyer text NOT NULL,
  period text NOT NULL,             -- YYYY-MM billed
  issue_date text NOT NULL,
  due_date text NOT NULL,
  spec_id text,                     -- fakturaunderlag id; NULL for subscription invoices
  reference_number text,            -- credit notes: the original invoice
  total bigint NOT NULL,            -- positive
  lines bigint NOT NULL,
  late_lines bigint NOT NULL,
  PRIMARY KEY (seller, number)
);
CREATE UNIQUE INDEX invoices_seq ON invoices (seller, seq);

CREATE TABLE invoice_lines (
  seller text NOT NULL,
  number text NOT NULL,
  line_no bigint NOT NULL,          -- 1.. per invoice
  posting_id bigint NOT NULL,
  amount bigint NOT NULL,           -- positive
  late bigint NOT NULL,             -- 1: invoiced more than six months after the billing date
  reference_number text,            -- credit lines: the original invoice and line
  reference_line bigint,
  reason_code bigint,
  PRIMARY KEY (seller, number, line_no)
);
CREATE UNIQUE INDEX invoice_lines_posting ON invoice_lines (posting_id);

-- The yearly subscription S per seller, buyer and year, fixed by the first run
-- that bills the year: later corrections of base-year records do not change
-- the installments of a year already begun.
CREATE TABLE subscription_terms (
  seller text NOT NULL, buyer text NOT NULL, year bigint NOT NULL,
  amount bigint NOT NULL,           -- S, öre
  run_id bigint NOT NULL,
  PRIMARY KEY (seller, buyer, year)
);
