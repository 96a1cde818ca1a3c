-- The SQL peer's one query: the invoices that `vardavtal bill --through
-- 2021-12` issues on a freshly imported demo database, per seller, buyer,
-- month and kind (care, subscription), with their line counts and totals in
-- öre, computed from the plain tables of load.sql alone.
--
-- The pricing is docs/pricing.md's (pricing/price.cpp): exact integers (öre,
-- weights and shares in 10^-4, index rates in 10^-6), each amount rounded
-- once, half away from zero; held records (docs/pricing.md, step 2) bill
-- nothing. On a first run every care posting lands in the month of its billing
-- date (docs/ledger.md, step 3) and no line is late or credited.
--
-- Text to integer units: CAST(round(x * 10^k) AS INTEGER) is exact for a
-- decimal x with at most k decimals while |x| × 10^k < 2^51 (22 500 000 000
-- 000 öre); every value of the demo is far below that. The subscription from
-- base years multiplies by uplift factors of up to 12 decimals: it is computed
-- in exact decimal text (the sqlite3 shell's decimal functions).
--
-- Rounding half away from zero of n / d (d > 0), written out where used:
--   CASE WHEN n < 0 THEN -((-2 * n + d) / (2 * d)) ELSE (2 * n + d) / (2 * d) END
.mode csv
.headers on
WITH RECURSIVE
  params(through_end, through_year, through_month) AS (SELECT '2021-12-31', 2021, 12),

  -- Agreements with their seller's region (hospitals.csv) and integer terms.
  agreement AS (
    SELECT a.seller, CAST(a.year AS INTEGER) AS year,
           CASE WHEN a.point_price <> '' THEN CAST(round(a.point_price * 100) AS INTEGER) END
             AS given_point_price,
           CASE WHEN a.weights <> '' THEN CAST(a.weights AS INTEGER) ELSE CAST(a.year AS INTEGER) END
             AS weights_year,
           CASE WHEN a.outliers <> '' THEN a.outliers ELSE 'kpp' END AS outliers,
           CASE WHEN a.cost_outlier_share <> '' THEN CAST(round(a.cost_outlier_share * 10000) AS INTEGER)
                ELSE 10000 END AS cost_outlier_share,
           nullif(a.buyers, '') AS buyers,
           CASE WHEN a.share <> '' THEN CAST(round(a.share * 10000) AS INTEGER) END AS share,
           a.share AS share_text,
           nullif(a.base_value, '') AS base_value,
           nullif(a.base_years, '') AS base_years,
           a.uplift_index,
           coalesce(h.region, '') AS seller_region
    FROM agreements a LEFT JOIN hospitals h ON h.code = a.seller),

  rate AS (
    SELECT "index" AS series, CAST(year AS INTEGER) AS year, rate AS rate_text,
           CAST(round(rate * 1000000) AS INTEGER) AS rate
    FROM index_rates),

  -- Point price in öre: given, or last year's × (1 + the agreement's index
  -- rate of its own year) rounded to whole kronor, year by year.
  point_price(seller, year, ore) AS (
    SELECT seller, year, given_point_price FROM agreement WHERE given_point_price IS NOT NULL
    UNION ALL
    SELECT a.seller, a.year,
           100 * ((2 * p.ore * (1000000 + r.rate) + 100000000) / 200000000)
    FROM point_price p
    JOIN agreement a ON a.seller = p.seller AND a.year = p.year + 1 AND a.given_point_price IS NULL
    JOIN rate r ON r.series = a.uplift_index AND r.year = a.year),

  -- The buyers each agreement prices: its list, or every region; never the
  -- seller's own region (held as own_region_buyer).
  agreement_buyer AS (
    SELECT a.seller, a.year, b.value AS county
    FROM agreement a, json_each(a.buyers) b
    WHERE a.buyers IS NOT NULL AND b.value <> a.seller_region
    UNION ALL
    SELECT a.seller, a.year, g.code
    FROM agreement a, regions g
    WHERE a.buyers IS NULL AND g.code <> a.seller_region),

  weight AS (
    SELECT CAST(year AS INTEGER) AS year, drg,
           CAST(round(weight * 10000) AS INTEGER) AS weight,
           CASE WHEN los_limit <> '' THEN CAST(los_limit AS INTEGER) END AS los_limit,
           CASE WHEN cost_limit <> '' THEN CAST(round(cost_limit * 100) AS INTEGER) END AS cost_limit,
           CASE WHEN day_weight <> '' THEN CAST(round(day_weight * 10000) AS INTEGER) ELSE 0 END
             AS day_weight
    FROM weights),

  -- Each record's items priced from the seller's price list of every
  -- agreement year (the record's billing year picks one); `unpriced` counts
  -- lines without a price (the record is held).
  item_set AS (
    SELECT i.seller, i.record_id, a.year,
           sum(CAST(round(p.price * 100) AS INTEGER) * CAST(i.quantity AS INTEGER)) AS amount,
           count(*) - count(p.price) AS unpriced
    FROM items i
    JOIN agreement a ON a.seller = i.seller
    LEFT JOIN prices p ON p.seller = i.seller AND CAST(p.year AS INTEGER) = a.year
                      AND p.item_code = i.item_code
    GROUP BY i.seller, i.record_id, a.year),

  record AS NOT MATERIALIZED (
    SELECT seller, record_id, county, drg,
           CASE WHEN discharge_date <> '' THEN discharge_date ELSE admission_date END AS billing_date,
           CASE WHEN care_type = 'inpatient' AND discharge_date <> ''
                THEN max(1, CAST(julianday(discharge_date) - julianday(admission_date) AS INTEGER)
                            - CAST(coalesce(nullif(leave_days, ''), '0') AS INTEGER))
                ELSE 1 END AS care_days,
           CASE WHEN kpp_cost <> '' THEN CAST(round(kpp_cost * 100) AS INTEGER) END AS kpp_cost,
           CASE WHEN patient_fee <> '' THEN CAST(round(patient_fee * 100) AS INTEGER) ELSE 0 END
             AS patient_fee
    FROM records),

  -- Every record priced under the agreement of its billing year; held ones
  -- (no agreement or point price, own region, buyer not in the agreement, DRG
  -- not in the weight list, outlier without KPP cost under `kpp`, unknown
  -- item, nothing to bill) are left out.
  matched AS NOT MATERIALIZED (
    SELECT r.*, a.year AS billing_year, a.outliers, a.cost_outlier_share, a.share,
           pp.ore AS point_price, w.weight, w.los_limit, w.cost_limit, w.day_weight,
           coalesce(it.amount, 0) AS items_amount,
           r.drg <> '' AND w.los_limit IS NOT NULL AND r.care_days > w.los_limit AS los_outlier,
           r.drg <> '' AND w.cost_limit IS NOT NULL AND r.kpp_cost IS NOT NULL
             AND r.kpp_cost > w.cost_limit AS cost_outlier
    FROM record r  -- one pass over the records: CROSS JOIN keeps them the outer loop
    CROSS JOIN agreement_buyer ab ON ab.seller = r.seller AND ab.county = r.county
                           AND ab.year = CAST(substr(r.billing_date, 1, 4) AS INTEGER)
    JOIN agreement a ON a.seller = ab.seller AND a.year = ab.year
    JOIN point_price pp ON pp.seller = a.seller AND pp.year = a.year
    LEFT JOIN weight w ON w.year = a.weights_year AND w.drg = r.drg
    LEFT JOIN item_set it ON it.seller = r.seller AND it.record_id = r.record_id AND it.year = a.year
    WHERE (r.drg = '' OR w.drg IS NOT NULL)
      AND coalesce(it.unpriced, 0) = 0
      AND NOT (r.drg = '' AND it.record_id IS NULL)),

  amounts AS NOT MATERIALIZED (
    SELECT m.*,
           CASE WHEN m.drg = '' THEN 0
                WHEN m.outliers = 'kpp' AND (m.los_outlier OR m.cost_outlier) THEN 0
                ELSE (2 * m.weight * m.point_price + 10000) / 20000 END AS drg_amount,
           CASE WHEN NOT m.los_outlier OR m.outliers = 'none' THEN 0
                WHEN m.outliers = 'kpp' THEN m.kpp_cost
                ELSE (2 * (m.care_days - m.los_limit) * m.day_weight * m.point_price + 10000) / 20000
           END AS los_outlier_amount,
           CASE WHEN NOT m.cost_outlier OR m.outliers = 'none' THEN 0
                WHEN m.outliers = 'kpp' THEN CASE WHEN m.los_outlier THEN 0 ELSE m.kpp_cost END
                ELSE (2 * m.cost_outlier_share * (m.kpp_cost - m.cost_limit) + 10000) / 20000
           END AS cost_outlier_amount
    FROM matched m
    -- kpp bills an outlier by its KPP cost: a LOS outlier without one is held.
    WHERE NOT (m.outliers = 'kpp' AND m.los_outlier AND m.kpp_cost IS NULL)),

  -- The priced records per seller, buyer and billing month: their number,
  -- their invoiced amounts (the variable part, the amount of a care line) and
  -- their DRG-based value (drg + outlier amounts, for the subscription).
  priced AS (
    SELECT seller, buyer, billing_year, period, count(*) AS lines,
           sum(CASE WHEN v < 0 THEN -((-2 * v + 10000) / 20000) ELSE (2 * v + 10000) / 20000 END
               + items_amount - patient_fee) AS amount,
           sum(drg_based_value) AS drg_based_value
    FROM (SELECT seller, county AS buyer, billing_year, substr(billing_date, 1, 7) AS period,
                 drg_amount + los_outlier_amount + cost_outlier_amount AS drg_based_value,
                 (10000 - coalesce(share, 0))
                   * (drg_amount + los_outlier_amount + cost_outlier_amount) AS v,
                 items_amount, patient_fee
          FROM amounts)
    GROUP BY seller, buyer, period),

  -- On a first run every care posting is invoiced in its billing month.
  care AS (
    SELECT seller, buyer, period, 'care' AS kind, lines, amount AS total
    FROM priced, params
    WHERE period <= substr(params.through_end, 1, 7)),

  -- Subscription agreements billed by the run and their buyers: the listed
  -- ones, else those with a base value of their own or base-year production;
  -- never the seller's own region.
  subscription AS (
    SELECT * FROM agreement WHERE share IS NOT NULL AND year <= (SELECT through_year FROM params)),
  subscription_buyer AS (
    SELECT s.seller, s.year, b.value AS buyer
    FROM subscription s, json_each(s.buyers) b
    UNION
    SELECT s.seller, s.year, b.key
    FROM subscription s, json_each(s.base_value) b
    WHERE s.buyers IS NULL AND json_type(s.base_value) = 'object' AND b.key <> ''
    UNION
    SELECT s.seller, s.year, p.buyer
    FROM subscription s, json_each(s.base_years) y
    JOIN priced p ON p.seller = s.seller AND p.billing_year = y.value
    WHERE s.buyers IS NULL),

  -- U(b -> y) = product of (1 + rate_k), k = b+1..y, as exact decimal text.
  uplift(seller, year, base_year, k, factor) AS (
    SELECT s.seller, s.year, y.value, y.value, '1'
    FROM subscription s, json_each(s.base_years) y
    UNION ALL
    SELECT u.seller, u.year, u.base_year, u.k + 1, decimal_mul(u.factor, decimal_add('1', r.rate_text))
    FROM uplift u
    JOIN agreement a ON a.seller = u.seller AND a.year = u.year
    JOIN rate r ON r.series = a.uplift_index AND r.year = u.k + 1
    WHERE u.k < u.year),

  -- V_b: the buyer's DRG-based value of year b's priced records.
  base_year_value AS (
    SELECT seller, buyer, billing_year, sum(drg_based_value) AS value
    FROM priced GROUP BY seller, buyer, billing_year),

  -- share × Σ_b V_b × U(b -> y), exact, and the number of base years n.
  restated AS (
    SELECT sb.seller, sb.year, sb.buyer, s.share_text,
           decimal_sum(decimal_mul(coalesce(v.value, 0), u.factor)) AS sum_text,
           count(*) AS n
    FROM subscription_buyer sb
    JOIN subscription s ON s.seller = sb.seller AND s.year = sb.year
    JOIN uplift u ON u.seller = sb.seller AND u.year = sb.year AND u.k = sb.year
    LEFT JOIN base_year_value v ON v.seller = sb.seller AND v.buyer = sb.buyer
                               AND v.billing_year = u.base_year
    WHERE s.base_value IS NULL OR (json_type(s.base_value) = 'object'
                                   AND json_extract(s.base_value, '$."' || sb.buyer || '"') IS NULL)
    GROUP BY sb.seller, sb.year, sb.buyer),

  -- The yearly subscription S per buyer, öre: round(share × base_value), or
  -- round(share × mean of the restated base-year values) from the exact
  -- decimal t = share × Σ: with t = i + f (0 <= f < 1), i = q·n + r,
  -- t / n rounds up when 2r >= n, or when n − 2r = 1 and f >= 0.5.
  yearly AS (
    SELECT sb.seller, sb.year, sb.buyer,
           (2 * CAST(round(CASE json_type(s.base_value)
                                WHEN 'object' THEN json_extract(s.base_value, '$."' || sb.buyer || '"')
                                ELSE s.base_value END * 100) AS INTEGER) * s.share + 10000) / 20000
             AS amount
    FROM subscription_buyer sb
    JOIN subscription s ON s.seller = sb.seller AND s.year = sb.year
    WHERE s.base_value IS NOT NULL
      AND (json_type(s.base_value) <> 'object'
           OR json_extract(s.base_value, '$."' || sb.buyer || '"') IS NOT NULL)
    UNION ALL
    SELECT seller, year, buyer,
           i / n + (2 * (i % n) >= n OR (n - 2 * (i % n) = 1 AND f >= 5))
    FROM (SELECT seller, year, buyer, n,
                 CAST(substr(t, 1, instr(t || '.', '.') - 1) AS INTEGER) AS i,
                 CASE WHEN instr(t, '.') > 0 THEN CAST(substr(t, instr(t, '.') + 1, 1) AS INTEGER)
                      ELSE 0 END AS f
          FROM (SELECT *, decimal_mul(share_text, sum_text) AS t FROM restated))),

  -- 12 installments of floor(S / 12); December takes the remainder. A zero
  -- installment is not invoiced.
  month(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM month WHERE m < 12),
  installment AS (
    SELECT y.seller, y.buyer, printf('%04d-%02d', y.year, month.m) AS period,
           CASE WHEN month.m < 12 THEN y.amount / 12 ELSE y.amount - 11 * (y.amount / 12) END AS amount
    FROM yearly y, month, params
    WHERE y.buyer <> (SELECT seller_region FROM agreement a WHERE a.seller = y.seller AND a.year = y.year)
      AND (y.year < params.through_year OR month.m <= params.through_month))

SELECT seller, buyer, period, kind, lines, total FROM care
UNION ALL
SELECT seller, buyer, period, 'subscription', 1, amount FROM installment WHERE amount <> 0
ORDER BY seller, buyer, period, kind;
