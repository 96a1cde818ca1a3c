-- 001: imports and the versioned input tables (docs/import.md).
-- Portable SQL (SQLite and PostgreSQL): text, bigint; dates as ISO text;
-- money as bigint öre; decimals as bigint in units named by the column
-- comment. Every input table is append-only: (identity..., version) is the
-- key, a changed row gets version + 1 and the old version stays.

CREATE TABLE imports (
  id          bigint NOT NULL PRIMARY KEY,
  kind        text   NOT NULL,
  file        text   NOT NULL,
  imported_at text   NOT NULL,
  rows_new       bigint NOT NULL,
  rows_changed   bigint NOT NULL,
  rows_unchanged bigint NOT NULL
);

CREATE TABLE regions (
  code text NOT NULL, version bigint NOT NULL, import_id bigint NOT NULL, content_hash bigint NOT NULL,
  name text NOT NULL, org_number text NOT NULL, healthcare_region text NOT NULL,
  PRIMARY KEY (code, version)
);

CREATE TABLE hospitals (
  code text NOT NULL, version bigint NOT NULL, import_id bigint NOT NULL, content_hash bigint NOT NULL,
  name text NOT NULL, region text NOT NULL, kind text NOT NULL, hsa_id text,
  PRIMARY KEY (code, version)
);

CREATE TABLE records (
  seller text NOT NULL, record_id text NOT NULL, version bigint NOT NULL,
  import_id bigint NOT NULL, content_hash bigint NOT NULL,
  patient_id text NOT NULL, county text NOT NULL, municipality text,
  care_type text NOT NULL, clinic text NOT NULL,
  admission_date text NOT NULL, discharge_date text,
  billing_date text NOT NULL,       -- derived: discharge for inpatient, else the visit date
  leave_days bigint NOT NULL,
  drg text, kpp_cost bigint,        -- öre
  referral_id text, emergency bigint NOT NULL,
  patient_fee bigint NOT NULL,      -- öre
  PRIMARY KEY (seller, record_id, version)
);

-- One version of a record's item set is all its lines (line_no 1..n).
CREATE TABLE record_items (
  seller text NOT NULL, record_id text NOT NULL, version bigint NOT NULL, line_no bigint NOT NULL,
  import_id bigint NOT NULL, content_hash bigint NOT NULL,
  item_code text NOT NULL, quantity bigint NOT NULL,
  PRIMARY KEY (seller, record_id, version, line_no)
);

CREATE TABLE weights (
  year bigint NOT NULL, drg text NOT NULL, version bigint NOT NULL,
  import_id bigint NOT NULL, content_hash bigint NOT NULL,
  name text NOT NULL,
  weight bigint NOT NULL,           -- 1/10000 DRG points
  los_limit bigint,                 -- care days
  cost_limit bigint,                -- öre
  day_weight bigint NOT NULL,       -- 1/10000 DRG points per care day
  PRIMARY KEY (year, drg, version)
);

CREATE TABLE prices (
  seller text NOT NULL, year bigint NOT NULL, item_code text NOT NULL, version bigint NOT NULL,
  import_id bigint NOT NULL, content_hash bigint NOT NULL,
  name text NOT NULL, price bigint NOT NULL,  -- öre per unit
  PRIMARY KEY (seller, year, item_code, version)
);

CREATE TABLE price_index (
  series text NOT NULL, year bigint NOT NULL, version bigint NOT NULL,
  import_id bigint NOT NULL, content_hash bigint NOT NULL,
  rate bigint NOT NULL,             -- 1/1000000
  PRIMARY KEY (series, year, version)
);

CREATE TABLE agreements (
  id text NOT NULL, version bigint NOT NULL, import_id bigint NOT NULL, content_hash bigint NOT NULL,
  name text NOT NULL, seller text NOT NULL, year bigint NOT NULL,
  buyers text NOT NULL,             -- comma-separated county codes; empty = all but the seller's own
  price_list bigint NOT NULL,
  point_price bigint,               -- öre per DRG point; NULL = uplifted from last year
  weights_year bigint NOT NULL,
  outliers text NOT NULL,
  cost_outlier_share bigint NOT NULL,   -- 1/10000
  subscription_share bigint,            -- 1/10000; NULL = fully variable
  base_years text NOT NULL,             -- comma-separated years
  base_values text NOT NULL,            -- "county=öre" comma-separated; county empty = every buyer
  uplift_index text NOT NULL,
  PRIMARY KEY (id, version)
);

CREATE TABLE referrals (
  county text NOT NULL, referral_id text NOT NULL, version bigint NOT NULL,
  import_id bigint NOT NULL, content_hash bigint NOT NULL,
  patient_id text NOT NULL, seller text NOT NULL, valid_from text NOT NULL, valid_to text,
  PRIMARY KEY (county, referral_id, version)
);

CREATE TABLE residents (
  patient_id text NOT NULL, valid_from text NOT NULL, version bigint NOT NULL,
  import_id bigint NOT NULL, content_hash bigint NOT NULL,
  county text NOT NULL, valid_to text,
  PRIMARY KEY (patient_id, valid_from, version)
);

-- The latest version of each record: what pricing and billing read.
CREATE VIEW records_latest AS
  SELECT r.* FROM records r
  WHERE NOT EXISTS (SELECT 1 FROM records n
                    WHERE n.seller = r.seller AND n.record_id = r.record_id
                      AND n.version > r.version);
