-- The SQL peer's one query: the invoices that `vardavtal bill --through
-- 2021-12` issues on a freshly imported demo database, per seller, buyer,
-- month and kind (care, subscription), with their line counts and totals in
-- öre, computed from the plain tables of load.sql alone.
--
-- The pricing is docs/pricing.md's (pricing/price.cpp): exact integers (öre,
-- weights and shares in 10^-4, index rates in 10^-6), each amount rounded
-- once, half away from zero; held records (docs/pricing.md, step 2, and the
-- holds of its "Agreement models") bill nothing. The other regions' models
-- (billing rules §8, docs/pricing.md "Agreement models"; the demo's NUS
-- under Norra's) are priced too: DRG-exempt clinics and fields by tariff,
-- at-cost items above the agreement's threshold, a subscription limited to
-- some clinics, optionally with the price-list items in its base. On a
-- first run every care posting lands in the month of its billing date
-- (docs/ledger.md, step 3) and no line is late or credited. A year-end
-- settlement ([settlement], `vardavtal settle`) is not issued by `bill`.
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
           coalesce(h.region, '') AS seller_region,
           -- §8.1 drg_exempt: clinics and medical fields priced by tariff.
           nullif(a.exempt_clinics, '') AS exempt_clinics,
           nullif(a.exempt_fields, '') AS exempt_fields,
           -- §8.3 [subscription] clinics (none or an empty list: every
           -- record) and include_items (default false).
           CASE WHEN json_array_length(nullif(a.subscription_clinics, '')) > 0
                THEN a.subscription_clinics END AS subscription_clinics,
           a.include_items = 'true' AS include_items,
           -- §8.2 [extra_billing] threshold, öre per contact (default 0).
           CASE WHEN a.threshold <> '' THEN CAST(round(a.threshold * 100) AS INTEGER) ELSE 0 END
             AS threshold,
           -- docs/import.md#plausibility: max_contact_amount, default
           -- 100 000 000 kr (core/agreement.h, kDefaultMaxContactAmount).
           CASE WHEN a.max_contact_amount <> '' THEN CAST(round(a.max_contact_amount * 100) AS INTEGER)
                ELSE 10000000000 END AS max_contact_amount
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

  -- The clinics an agreement names (§8.1 drg_exempt clinics, §8.3
  -- [subscription] clinics) and its DRG-exempt medical fields, one row per
  -- agreement and name: a record finds its own with one look-up. As
  -- price.cpp's contains(), an empty name matches no record.
  agreement_clinic AS (
    SELECT seller, year, clinic, max(exempt) AS exempt, max(subscribed) AS subscribed
    FROM (SELECT a.seller, a.year, c.value AS clinic, 1 AS exempt, 0 AS subscribed
          FROM agreement a, json_each(a.exempt_clinics) c
          UNION ALL
          SELECT a.seller, a.year, c.value, 0, 1
          FROM agreement a, json_each(a.subscription_clinics) c)
    WHERE clinic <> ''
    GROUP BY seller, year, clinic),
  exempt_field AS (
    SELECT DISTINCT a.seller, a.year, f.value AS medical_field
    FROM agreement a, json_each(a.exempt_fields) f
    WHERE f.value <> ''),

  -- Each record's items priced from the seller's price list of every
  -- agreement year (the record's billing year picks one): `amount` the
  -- price-list lines (quantity × price), `at_cost_sum` the stated cost of
  -- the lines of items the price list marks at_cost = 1 (§8.2: a line's cost
  -- is for its whole quantity; such a row has no price) and `at_cost_lines`
  -- their number; `unpriced` counts lines of an item not in the list
  -- (unknown_item), `uncosted` at-cost lines without a cost
  -- (missing_item_cost): either holds the record.
  item_set AS (
    SELECT i.seller, i.record_id, a.year,
           sum(CASE WHEN p.at_cost = '1' THEN 0
                    ELSE CAST(round(p.price * 100) AS INTEGER) * CAST(i.quantity AS INTEGER) END)
             AS amount,
           sum(CASE WHEN p.at_cost = '1' THEN CAST(round(i.cost * 100) AS INTEGER) ELSE 0 END)
             AS at_cost_sum,
           sum(p.at_cost = '1') AS at_cost_lines,
           count(*) - count(p.item_code) AS unpriced,
           sum(p.at_cost = '1' AND i.cost = '') AS uncosted
    FROM items i
    JOIN agreement a ON a.seller = i.seller
    LEFT JOIN prices p ON p.seller = i.seller AND CAST(p.year AS INTEGER) = a.year
                      AND p.item_code = i.item_code
    GROUP BY i.seller, i.record_id, a.year),

  -- §8.1 tariffs (tariffs.csv) per seller, year, care type, clinic and
  -- medical field (empty: any), in öre per unit. Rows that differ only by
  -- unit are equally specific: n > 1 holds a record they price
  -- (ambiguous_tariff). Specificity: clinic and field 3, clinic 2, field 1,
  -- neither 0 (pricing/catalogue.h, TariffEntry::specificity).
  tariff AS MATERIALIZED (
    SELECT seller, CAST(year AS INTEGER) AS year, care_type, clinic, medical_field,
           (clinic <> '') * 2 + (medical_field <> '') AS specificity,
           count(*) AS n, min(unit) AS unit, min(CAST(round(price * 100) AS INTEGER)) AS price
    FROM tariffs
    GROUP BY seller, year, care_type, clinic, medical_field),

  record AS NOT MATERIALIZED (
    SELECT seller, record_id, county, drg, care_type, clinic, medical_field,
           CASE WHEN discharge_date <> '' THEN discharge_date ELSE admission_date END AS billing_date,
           CASE WHEN care_type = 'inpatient' AND discharge_date <> ''
                THEN max(1, CAST(julianday(discharge_date) - julianday(admission_date) AS INTEGER)
                            - CAST(coalesce(nullif(leave_days, ''), '0') AS INTEGER))
                ELSE 1 END AS care_days,
           CASE WHEN kpp_cost <> '' THEN CAST(round(kpp_cost * 100) AS INTEGER) END AS kpp_cost,
           CASE WHEN patient_fee <> '' THEN CAST(round(patient_fee * 100) AS INTEGER) ELSE 0 END
             AS patient_fee
    FROM records),

  -- Every record under the agreement of its billing year and buyer (held
  -- when there is none: no agreement or point price, own region, buyer not
  -- in the agreement), with its items and the agreement's terms:
  -- `drg_exempt` (§8.1: its clinic or medical field is in drg_exempt) and
  -- `in_subscription` (§8.3: the agreement has a subscription that lists no
  -- clinics or lists the record's).
  matched AS NOT MATERIALIZED (
    SELECT r.*, a.year AS billing_year, a.outliers, a.cost_outlier_share, a.share,
           a.include_items, a.max_contact_amount,
           pp.ore AS point_price, w.drg AS weight_drg, w.weight, w.los_limit, w.cost_limit,
           w.day_weight,
           it.record_id IS NOT NULL AS has_items,
           coalesce(it.amount, 0) AS items_amount,
           coalesce(it.unpriced, 0) AS unpriced_items,
           coalesce(it.uncosted, 0) AS uncosted_items,
           -- §8.2 at cost: max(0, Σ stated cost − threshold) per contact.
           CASE WHEN it.at_cost_lines > 0 THEN max(0, it.at_cost_sum - a.threshold) ELSE 0 END
             AS at_cost_amount,
           coalesce(ac.exempt, 0) OR ef.medical_field IS NOT NULL AS drg_exempt,
           a.share IS NOT NULL AND (a.subscription_clinics IS NULL OR coalesce(ac.subscribed, 0))
             AS in_subscription
    FROM record r  -- one pass over the records: CROSS JOIN keeps them the outer loop
    CROSS JOIN agreement_buyer ab ON ab.seller = r.seller AND ab.county = r.county
                           AND ab.year = CAST(substr(r.billing_date, 1, 4) AS INTEGER)
    JOIN agreement a ON a.seller = ab.seller AND a.year = ab.year
    JOIN point_price pp ON pp.seller = a.seller AND pp.year = a.year
    LEFT JOIN item_set it ON it.seller = r.seller AND it.record_id = r.record_id AND it.year = a.year
    LEFT JOIN agreement_clinic ac ON ac.seller = a.seller AND ac.year = a.year AND ac.clinic = r.clinic
    LEFT JOIN exempt_field ef ON ef.seller = a.seller AND ef.year = a.year
                             AND ef.medical_field = r.medical_field
    -- The weight of a record priced by its DRG (not DRG-exempt) only.
    LEFT JOIN weight w ON w.year = a.weights_year AND w.drg = r.drg
                      AND NOT coalesce(ac.exempt, 0) AND ef.medical_field IS NULL),

  -- How a record is priced (docs/pricing.md "Agreement models" 1): by
  -- tariff when DRG-exempt (even with a DRG; its items are billed beside
  -- the tariff) or when it has no DRG and no items; else by its DRG when it
  -- has one (`weight_drg` is its weight row, when in the list); else by its
  -- items alone.
  method AS NOT MATERIALIZED (
    SELECT m.*, m.drg_exempt OR (m.drg = '' AND NOT m.has_items) AS by_tariff,
           NOT m.drg_exempt AND m.drg <> '' AS by_drg
    FROM matched m),

  -- §8.1 the tariff amount: the most specific tariff of the seller, billing
  -- year and care type whose clinic and field are the record's or empty,
  -- × units (1 per contact, the care days per care_day), exact; NULL when
  -- none matches (no_tariff, or nothing_to_bill for a seller without
  -- tariffs) or the best two are equally specific (ambiguous_tariff).
  -- Outliers: the LOS and cost tests of a DRG-priced record only (the
  -- others have no weight row).
  tariffed AS NOT MATERIALIZED (
    SELECT m.*,
           CASE WHEN m.by_tariff THEN
             (SELECT CASE WHEN t.n = 1
                          THEN t.price * CASE t.unit WHEN 'care_day' THEN m.care_days ELSE 1 END END
              FROM tariff t
              WHERE t.seller = m.seller AND t.year = m.billing_year AND t.care_type = m.care_type
                AND t.clinic IN ('', m.clinic) AND t.medical_field IN ('', m.medical_field)
              ORDER BY t.specificity DESC LIMIT 1)
           ELSE 0 END AS tariff_amount,
           m.los_limit IS NOT NULL AND m.care_days > m.los_limit AS los_outlier,
           m.cost_limit IS NOT NULL AND m.kpp_cost IS NOT NULL
             AND m.kpp_cost > m.cost_limit AS cost_outlier
    FROM method m),

  -- Each record's amounts, computed once: the steps below use them several
  -- times over (gross, variable part, activity value), which a view merged
  -- into them would recompute per use.
  amounts AS MATERIALIZED (
    SELECT m.*,
           CASE WHEN m.weight_drg IS NULL THEN 0
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
    FROM tariffed m
    -- Held (pricing/price.cpp, price_record): a tariff-priced record
    -- without its tariff (no_tariff, ambiguous_tariff, nothing_to_bill); a
    -- DRG-priced one whose DRG is not in the weight list
    -- (drg_not_in_weight_list), or under `kpp` a LOS outlier without a KPP
    -- cost (kpp bills an outlier by it: outlier_without_kpp_cost); an item
    -- not in the price list (unknown_item) or an at-cost line without its
    -- cost (missing_item_cost).
    WHERE m.tariff_amount IS NOT NULL
      AND NOT (m.by_drg AND m.weight_drg IS NULL)
      AND NOT (m.outliers = 'kpp' AND m.los_outlier AND m.kpp_cost IS NULL)
      AND m.unpriced_items = 0 AND m.uncosted_items = 0),

  -- A record's activity value (§8.1: DRG + outliers + tariff), gross (ÖR27:
  -- activity + items + at cost − patient fee) and invoiced variable part
  -- (docs/pricing.md "Agreement models" 6): outside a subscription the
  -- gross; under it round((1 − s) × base) + items outside the base + at cost
  -- − fee, the base being the activity value plus, with include_items, the
  -- price-list items. At-cost amounts are never discounted.
  valued AS NOT MATERIALIZED (
    SELECT *,
           activity_value + items_amount + at_cost_amount - patient_fee AS gross,
           CASE WHEN NOT in_subscription
                THEN activity_value + items_amount + at_cost_amount - patient_fee
                ELSE CASE WHEN v < 0 THEN -((-2 * v + 10000) / 20000) ELSE (2 * v + 10000) / 20000 END
                     + CASE WHEN include_items THEN 0 ELSE items_amount END
                     + at_cost_amount - patient_fee END AS variable_amount
    FROM (SELECT *, (10000 - coalesce(share, 0))
                      * (activity_value + CASE WHEN include_items THEN items_amount ELSE 0 END) AS v
          FROM (SELECT *, drg_amount + los_outlier_amount + cost_outlier_amount + tariff_amount
                            AS activity_value
                FROM amounts))),

  -- The priced records per seller, buyer, billing month and clinic (the
  -- clinic decides a subscription's scope, §8.3): their number, their
  -- invoiced amounts (the variable part, the amount of a care line), their
  -- activity value and price-list items (for the subscription's base
  -- years). A contact whose gross is above the agreement's
  -- max_contact_amount is held (implausible_amount,
  -- docs/import.md#plausibility).
  priced AS (
    SELECT seller, county AS buyer, billing_year, substr(billing_date, 1, 7) AS period, clinic,
           count(*) AS lines, sum(variable_amount) AS amount,
           sum(activity_value) AS activity_value, sum(items_amount) AS items_amount
    FROM valued
    WHERE gross <= max_contact_amount
    GROUP BY seller, buyer, period, clinic),

  -- On a first run every care posting is invoiced in its billing month.
  care AS (
    SELECT seller, buyer, period, 'care' AS kind, sum(lines) AS lines, sum(amount) AS total
    FROM priced, params
    WHERE period <= substr(params.through_end, 1, 7)
    GROUP BY seller, buyer, period),

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

  -- V_b: the buyer's subscription base of year b's priced records (each
  -- priced under year b's agreement), counted by the scope of the year y
  -- that subscribes (pricing/price.cpp, base_value_under): the activity
  -- value of the records of its clinics (all, when it lists none), plus the
  -- price-list items with include_items. Held records are not in it.
  base_year_value AS (
    SELECT s.seller, s.year, p.buyer, p.billing_year,
           sum(p.activity_value + CASE WHEN s.include_items THEN p.items_amount ELSE 0 END) AS value
    FROM subscription s, json_each(s.base_years) y
    JOIN priced p ON p.seller = s.seller AND p.billing_year = y.value
    WHERE s.subscription_clinics IS NULL
       OR (p.clinic <> '' AND p.clinic IN (SELECT value FROM json_each(s.subscription_clinics)))
    GROUP BY s.seller, s.year, p.buyer, p.billing_year),

  -- share × Σ_b V_b × U(b -> y), exact, and the number of base years n.
  restated AS (
    SELECT sb.seller, sb.year, sb.buyer, s.share_text,
           decimal_sum(decimal_mul(coalesce(v.value, 0), u.factor)) AS sum_text,
           count(*) AS n
    FROM subscription_buyer sb
    JOIN subscription s ON s.seller = sb.seller AND s.year = sb.year
    JOIN uplift u ON u.seller = sb.seller AND u.year = sb.year AND u.k = sb.year
    LEFT JOIN base_year_value v ON v.seller = sb.seller AND v.year = sb.year AND v.buyer = sb.buyer
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
