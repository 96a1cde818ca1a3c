# Agreement TOML files (the layout of docs/import.md#agreements) to one CSV
# row each, for `sqlite3 .import`: the keys the pricing needs, as written.
# Lists and the per-buyer base_value table become JSON text (the SQL reads
# them with json_each / json_extract). Usage: awk -f agreements.awk FILE...
function csv(v) { gsub(/"/, "\"\"", v); return "\"" v "\"" }
function value(line) {
  sub(/^[^=]*=[ \t]*/, "", line)
  sub(/[ \t]+#.*$/, "", line)
  sub(/[ \t]+$/, "", line)
  return line
}
function unquote(v) { gsub(/^"|"$/, "", v); return v }
function flush() {
  if (seller == "") return
  print csv(id) "," csv(seller) "," csv(year) "," csv(point_price) "," csv(weights) "," \
        csv(outliers) "," csv(cost_outlier_share) "," csv(buyers) "," csv(share) "," \
        csv(base_value) "," csv(base_years) "," csv(uplift_index)
}
function reset() {
  id = seller = year = point_price = weights = outliers = cost_outlier_share = ""
  buyers = share = base_value = base_years = uplift_index = section = ""
}
BEGIN {
  print "id,seller,year,point_price,weights,outliers,cost_outlier_share,buyers,share,base_value,base_years,uplift_index"
  reset()
}
FNR == 1 && NR > 1 { flush(); reset() }
/^[ \t]*(#|$)/ { next }
/^[ \t]*\[/ { section = $0; gsub(/[][ \t]/, "", section); next }
{
  key = $1
  v = value($0)
  if (section == "") {
    if (key == "id") id = unquote(v)
    else if (key == "seller") seller = unquote(v)
    else if (key == "year") year = v
    else if (key == "point_price") point_price = v
    else if (key == "weights") weights = v
    else if (key == "outliers") outliers = unquote(v)
    else if (key == "cost_outlier_share") cost_outlier_share = v
    else if (key == "buyers") buyers = v                       # a JSON array as written
  } else if (section == "subscription") {
    if (key == "share") share = v
    else if (key == "base_years") base_years = v               # a JSON array as written
    else if (key == "base_value") { gsub(/"[ \t]*=[ \t]*/, "\": ", v); base_value = v }
  } else if (section == "uplift") {
    if (key == "index") uplift_index = unquote(v)
  }
}
END { flush() }
