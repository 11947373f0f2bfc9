#include "experiments/report/domain-report.h"

#include <iomanip>
#include <sstream>

namespace ntlab {
namespace {

std::string Percent(const nlohmann::json& value) {
  if (!value.is_number()) return "n/a";
  std::ostringstream text;
  text << std::fixed << std::setprecision(2) << 100.0 * value.get<double>() << " %";
  return text.str();
}

std::string Row(const std::string& figure, const nlohmann::json& domains, const std::string& key,
                const std::string& paper) {
  return "| " + figure + " | " + Percent(domains.value(key, nlohmann::json())) + " | " + paper + " |\n";
}

// The per-user view beside the simulator's owners (runs whose hosts have users).
std::string UserSection(const nlohmann::json& domains) {
  if (!domains.contains("user_bytes")) return "";
  std::ostringstream md;
  md << "\n### Per user: the device view against the process owners\n\n"
     << "Each flow takes the owner of its labelled process (the socket log's `user` column); the truth is the "
        "owner of its true process in `process-owners.csv`. Right user for "
     << Percent(domains.value("user_accuracy", nlohmann::json())) << " of "
     << domains.value("user_flows_graded", nlohmann::json()).dump() << " graded flows ("
     << Percent(domains.value("user_byte_accuracy", nlohmann::json())) << " of their bytes; process labels right "
     << Percent(domains.value("process_accuracy", nlohmann::json())) << "); "
     << domains.value("user_bytes_unattributed", nlohmann::json()).dump() << " bytes had no user. Paper 000 shows "
        "per-user traffic but measures no accuracy for it.\n\n"
     << "| user | bytes (ntlab, predicted) | bytes (truth) |\n|---|---:|---:|\n";
  for (const auto& [user, bytes] : domains["user_bytes"].items())
    md << "| " << user << " | " << bytes.value("bytes", nlohmann::json()).dump() << " | "
       << bytes.value("truth_bytes", nlohmann::json()).dump() << " |\n";
  return md.str();
}

}  // namespace

std::string RenderDomainSection(const nlohmann::json& domains, const nlohmann::json& outside, const nlohmann::json& merge) {
  std::ostringstream md;
  md << "\n## Domains from DNS answers (paper 000)\n\n"
     << "Flows labelled by `ntlab domains` on this run's captures, graded against the simulator's "
        "domain truth (`expected-domains.csv`: the name each connection meant). Details in "
        "`domains/flows.csv` and `domains/metrics.json`.\n\n"
     << "| figure | ntlab (predicted) | paper 000 (reference) |\n|---|---:|---:|\n"
     << Row("flows labelled with a domain", domains, "flow_label_rate", "29.08 % of traffic (prior DNS signatures)")
     << Row("bytes labelled with a domain", domains, "byte_label_rate", "—")
     << Row("labels correct", domains, "label_accuracy", "not measured")
     << Row("shared-address rule correct", domains, "shared_ip_accuracy", "not measured")
     << Row("same flows by address alone", domains, "address_only_shared_ip_accuracy", "—")
     << Row("unlabelled flows rightly unlabelled", domains, "unlabelled_accuracy", "—");
  const nlohmann::json decisions = domains.value("decisions", nlohmann::json::object());
  md << "\nDecisions:";
  for (const auto& [decision, count] : decisions.items()) md << " " << decision << " " << count.dump() << ";";
  md << "\n" << UserSection(domains);
  if (merge.is_null()) return md.str();
  md << "\n### Behind the NAT: network view and merge\n\n"
     << "Outside the NAT every host is one public address: `domains-outside/` labels "
     << Percent(outside.value("flow_label_rate", nlohmann::json())) << " of its flows. `ntlab merge` joined "
     << merge.value("merged_flows", nlohmann::json()).dump() << " of " << merge.value("network_flows", nlohmann::json()).dump()
     << " outside flows to a host's own flow (merge rate " << Percent(merge.value("merge_rate", nlohmann::json()))
     << ", " << Percent(merge.value("packet_match_rate", nlohmann::json())) << " of packets matched, "
     << merge.value("fingerprint_collisions", nlohmann::json()).dump() << " fingerprint collisions); "
     << merge.value("merged_with_process", nlohmann::json()).dump() << " merged flows carry a process and "
     << merge.value("merged_with_domain", nlohmann::json()).dump() << " a domain; the outside domains of merged flows "
     << "are right for " << Percent(merge.value("merged_domain_accuracy", nlohmann::json())) << " (`merge/merged.csv`).\n";
  return md.str();
}

}  // namespace ntlab
