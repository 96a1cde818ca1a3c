-- 021: deliveries of fakturaunderlag to the national platform (issue 17;
-- docs/delivery.md). One row per attempt of `vardavtal deliver`: what was
-- sent (invoice, specification, logical address, endpoint), when, by whom and
-- the answer. An invoice is delivered once an attempt was answered OK; it is
-- not sent again unless asked (--again). Append-only.
CREATE TABLE IF NOT EXISTS deliveries (
  id bigint NOT NULL PRIMARY KEY,   -- 1, 2, ... in the order sent
  seller text NOT NULL,
  invoice text NOT NULL,
  spec_id text NOT NULL,
  buyer text NOT NULL,
  logical_address text NOT NULL,    -- the buying region's organisation number
  endpoint text NOT NULL,
  attempt bigint NOT NULL,          -- 1, 2, ... within one deliver run
  outcome text NOT NULL,            -- ok | error (logical: resultCode ERROR) | technical
  result_code text NOT NULL,        -- OK, ERROR; '' for a technical error
  comment text NOT NULL,            -- the answer's comment or the technical error
  sent_at text NOT NULL,            -- ISO UTC
  sent_by text NOT NULL             -- OS user or "token NAME"
);
CREATE INDEX IF NOT EXISTS deliveries_invoice ON deliveries (seller, invoice);
