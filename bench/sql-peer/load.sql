-- The SQL peer's load: every CSV of a `vardavtal generate` directory into a
-- plain table (header names as columns, every value TEXT, no key, no
-- validation), plus the agreements, which agreements.awk turned into
-- agreements.csv. Run by run.sh from the data directory.
.bail on
.mode csv
.import regions.csv regions
.import hospitals.csv hospitals
.import weights.csv weights
.import prices.csv prices
.import tariffs.csv tariffs
.import index.csv index_rates
.import agreements.csv agreements
.import records.csv records
.import items.csv items
.import referrals.csv referrals
.import residents.csv residents
