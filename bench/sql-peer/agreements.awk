# Agreement TOML files (the layout of docs/import.md#agreements) to one CSV
# row each, for `sqlite3 .import`: the keys the pricing needs, as written.
# Lists and the per-buyer base_value table become JSON text (the SQL reads
# them with json_each / json_extract); so do the lists of the other regions'
# models (docs/import.md#agreements: drg_exempt's clinics and medical_fields,
# written inline or as a [drg_exempt] table, and [subscription] clinics).
# Usage: awk -f agreements.awk FILE...
function csv(v) { gsub(/"/, "\"\"", v); return "\"" v "\"" }
function value(line) {
  sub(/^[^=]*=[ \t]*/, "", line)
  sub(/[ \t]+#.*$/, "", line)
  sub(/[ \t]+$/, "", line)
  return line
}
function unquote(v) { gsub(/^"|"$/, "", v); return v }
# The array of `key = [...]` inside an inline table ({ clinics = ["X"] }), as
# written (a JSON array), or empty.
function inline_array(v, key,   rest, end) {
  if (!match(v, "(^|[{, \t])" key "[ \t]*=[ \t]*\\[")) return ""
  rest = substr(v, RSTART + RLENGTH - 1)
  end = index(rest, "]")
  return end ? substr(rest, 1, end) : ""
}
function flush() {
  if (seller == "") return
  print csv(id) "," csv(seller) "," csv(year) "," csv(point_price) "," csv(weights) "," \
        csv(outliers) "," csv(cost_outlier_share) "," csv(buyers) "," csv(share) "," \
        csv(base_value) "," csv(base_years) "," csv(uplift_index) "," \
        csv(exempt_clinics) "," csv(exempt_fields) "," csv(subscription_clinics) "," \
        csv(include_items) "," csv(threshold) "," csv(max_contact_amount)
}
function reset() {
  id = seller = year = point_price = weights = outliers = cost_outlier_share = ""
  buyers = share = base_value = base_years = uplift_index = section = ""
  exempt_clinics = exempt_fields = subscription_clinics = include_items = ""
  threshold = max_contact_amount = ""
}
BEGIN {
  print "id,seller,year,point_price,weights,outliers,cost_outlier_share,buyers,share,base_value,base_years,uplift_index," \
        "exempt_clinics,exempt_fields,subscription_clinics,include_items,threshold,max_contact_amount"
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
    else if (key == "max_contact_amount") max_contact_amount = unquote(v)
    else if (key == "drg_exempt") {                            # an inline table
      exempt_clinics = inline_array(v, "clinics")
      exempt_fields = inline_array(v, "medical_fields")
    }
  } else if (section == "drg_exempt") {
    if (key == "clinics") exempt_clinics = v
    else if (key == "medical_fields") exempt_fields = v
  } else if (section == "extra_billing") {
    if (key == "threshold") threshold = unquote(v)
  } else if (section == "subscription") {
    if (key == "share") share = v
    else if (key == "base_years") base_years = v               # a JSON array as written
    else if (key == "base_value") { gsub(/"[ \t]*=[ \t]*/, "\": ", v); base_value = v }
    else if (key == "clinics") subscription_clinics = v        # a JSON array as written
    else if (key == "include_items") include_items = v         # true | false
  } else if (section == "uplift") {
    if (key == "index") uplift_index = unquote(v)
  }
}
END { flush() }
