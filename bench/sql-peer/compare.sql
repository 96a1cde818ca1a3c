-- Compares the SQL peer's totals (peer.csv, from monthly_totals.sql) with
-- vardavtal's invoices (vardavtal.csv, `vardavtal invoices --format csv`)
-- per seller, buyer, month and kind, to the öre. Run in an empty database
-- from the directory holding both files; prints one summary row, then every
-- difference (none when both agree).
.bail on
.mode csv
.import peer.csv peer
.import vardavtal.csv vardavtal
.mode list
.separator " "
CREATE TEMP VIEW issued AS
  SELECT seller, buyer, period, kind, sum(CAST(lines AS INTEGER)) AS lines,
         sum(CAST(round(total * 100) AS INTEGER)) AS total
  FROM vardavtal WHERE type = 'invoice' GROUP BY seller, buyer, period, kind;
CREATE TEMP VIEW differences AS
  SELECT coalesce(v.seller, p.seller) AS seller, coalesce(v.buyer, p.buyer) AS buyer,
         coalesce(v.period, p.period) AS period, coalesce(v.kind, p.kind) AS kind,
         v.lines AS vardavtal_lines, CAST(p.lines AS INTEGER) AS peer_lines,
         v.total AS vardavtal_ore, CAST(p.total AS INTEGER) AS peer_ore
  FROM issued v FULL JOIN peer p
    ON p.seller = v.seller AND p.buyer = v.buyer AND p.period = v.period AND p.kind = v.kind
  WHERE v.total IS NOT CAST(p.total AS INTEGER) OR v.lines IS NOT CAST(p.lines AS INTEGER);
SELECT 'invoices:', (SELECT count(*) FROM issued), 'peer rows:', (SELECT count(*) FROM peer),
       'total öre vardavtal:', (SELECT sum(total) FROM issued),
       'peer:', (SELECT sum(CAST(total AS INTEGER)) FROM peer),
       'credit notes:', (SELECT count(*) FROM vardavtal WHERE type <> 'invoice'),
       'late lines:', (SELECT coalesce(sum(CAST(late_lines AS INTEGER)), 0) FROM vardavtal),
       'differences:', (SELECT count(*) FROM differences);
.mode csv
.headers on
SELECT * FROM differences ORDER BY seller, buyer, period, kind LIMIT 50;
