#include "billing/app/followup.h"

#include "billing/app/resolve.h"
#include "store/followup_reads.h"
#include "store/pricing_reads.h"

namespace vardavtal {

namespace {
// The seller and buyer given are known, and the year has invoices of the
// seller (of any seller for `bought`, which takes no seller).
void require_followup_options(Store& store, const std::string& name, const FollowupOptions& o,
                              const std::optional<std::string>& buyer) {
  const std::string seller = name == "bought" || name == "referred" ? "" : o.seller;
  if (!seller.empty()) require_seller(store, seller);
  require_buyer(store, buyer);
  require_year(store, YearData::billed, o.year, seller);
}

}  // namespace

FollowupTable followup_table(Store& store, const std::string& name, const FollowupOptions& o,
                             const std::optional<std::string>& buyer) {
  require_followup_options(store, name, o, buyer);
  if (name == "bought") {
    if (!buyer)
      throw UsageError("followup bought needs --buyer B (county code)",
                       "followup bought behöver --buyer B (länskod)");
    return bought_table(store, o, *buyer);
  }
  if (name == "referred") {
    if (!buyer)
      throw UsageError("followup referred needs --buyer B (county code)",
                       "followup referred behöver --buyer B (länskod)");
    return referred_table(store, o, *buyer);
  }
  if (o.seller.empty())
    throw UsageError("followup needs --seller S", "followup behöver --seller S");
  if (name == "invoiced") return invoiced_table(store, o);
  if (name == "contacts") return contacts_table(store, o);
  if (name == "top-drg") return top_drg_table(store, o);
  if (name == "clinics") return clinics_table(store, o);
  if (name == "cost-per-point") return cost_per_point_table(store, o);
  if (name == "invoiced-split") return invoiced_split_table(store, o);
  if (name == "decomposition") return decomposition_table(store, o);
  if (name == "commitment") return commitment_table(store, o);
  if (name == "plan") return plan_table(store, o);
  if (name == "buyer-top-drg") {
    if (!buyer)
      throw UsageError("followup buyer-top-drg needs --buyer B (county code)",
                       "followup buyer-top-drg behöver --buyer B (länskod)");
    return buyer_top_drg_table(store, o, *buyer);
  }
  throw UsageError(
      "unknown follow-up table '" + name +
          "' (available: invoiced, contacts, top-drg, clinics, buyer-top-drg, "
          "invoiced-split, decomposition, cost-per-point, commitment, plan, bought, referred)",
      "okänd uppföljningstabell '" + name +
          "' (finns: invoiced, contacts, top-drg, clinics, buyer-top-drg, invoiced-split, "
          "decomposition, cost-per-point, commitment, plan, bought, referred)");
}

std::vector<FollowupTable> all_tables(Store& store, const FollowupOptions& o) {
  require_followup_options(store, "all", o, std::nullopt);
  FollowupOptions restated = o;
  if (!restated.restate) restated.restate = "LPIK";
  std::vector<FollowupTable> out{invoiced_table(store, restated), contacts_table(store, o),
                                 top_drg_table(store, o),         clinics_table(store, o),
                                 invoiced_split_table(store, o),  decomposition_table(store, o),
                                 cost_per_point_table(store, o)};
  const PricingAgreement* a = current_catalogue(store)->agreement(o.seller, o.year);
  if (a && a->terms.has_commitment()) out.push_back(commitment_table(store, o));
  if (!plans_of(store, o.seller, o.year).empty()) out.push_back(plan_table(store, o));
  for (const std::string& buyer : buyers_of(store, o))
    out.push_back(buyer_top_drg_table(store, o, buyer));
  return out;
}

}  // namespace vardavtal
