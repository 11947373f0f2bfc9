#include "experiments/report/isolation-report.h"

#include <sstream>

namespace ntlab {
namespace {

std::string Rate(const nlohmann::json& v) {
  if (v.is_null()) return "none paired";
  std::ostringstream out;
  out.precision(3);
  out << v.get<double>() * 100 << " %";
  return out.str();
}

std::string Agreement(const nlohmann::json& a) {
  if (!a.contains("agreement")) return a.value("tcprewrite", "not run");
  std::ostringstream out;
  out << a["identical"].get<std::size_t>() << " of " << a["packets"].get<std::size_t>() << " packets identical ("
      << a["options"].get<std::string>() << ", " << a["capture"].get<std::string>() << "); "
      << a["trailer_counted_by_tcprewrite"].get<std::size_t>() << " differ by design (tcprewrite counts the frame trailer "
      << "into the IP length), " << a["unexplained"].get<std::size_t>() << " unexplained";
  return out.str();
}

/// The static proof's verdict over the switch's own flow rules, with the path when it fails.
std::string GraphVerdict(const nlohmann::json& m) {
  if (m["contained_by_graph"].get<bool>()) return "no path from the instance to the LAN";
  std::string path;
  for (const auto& hop : m["graph_leak_path"]) path += (path.empty() ? "" : " → ") + hop.get<std::string>();
  return "LEAK: " + path;
}

}  // namespace

std::string RenderIsolationSection(const nlohmann::json& m, const std::string& figure) {
  std::ostringstream out;
  out << "\n## Isolation and replay (paper 002)\n\n";
  out << "The host was moved into the isolation network; the switch applied rule set `" << m["rules"].get<std::string>()
      << "`; the responder answered " << m["answered"] << " requests from " << m["recorded_exchanges"]
      << " recorded exchanges (" << m["unmatched"] << " with nothing recorded). Every value below is **predicted** "
      << "(simulated); the responder's report answers were scaled by " << m["report_length_scale"] << " (**input**).\n\n";
  out << "| | paper 002 | ntlab |\n|---|---|---|\n";
  out << "| packets from the isolated host outside isolation (`leaked_packets`) | not given (isolation by design) | "
      << m["leaked_packets"] << " |\n";
  out << "| containment proved from the switch's flow rules (`contained_by_graph`, Boost.Graph) | not given | "
      << GraphVerdict(m) << " |\n";
  out << "| episodes observed in isolation (`replayed_episodes`) | not given | " << m["replayed_episodes"] << " |\n";
  out << "| replayed episodes in the cluster of their original (`same_cluster_rate`) | not given | "
      << Rate(m["same_cluster_rate"]) << " of " << m["paired_with_original"] << " paired |\n";
  out << "| replayed episodes outside their cluster's training radius | not given (variants \"feed back\") | "
      << m["beyond_training_radius"] << ", mean distance " << m["mean_distance"] << " (standardised units) |\n";
  out << "| rewrite agreement with tcprewrite | not applicable (OvS) | " << Agreement(m["rewrite_agreement"]) << " |\n";
  out << "\nThe incremental model keeps k = 3: every replayed episode is absorbed into its nearest cluster, "
         "whatever its distance. A variant shows only as episodes beyond the cluster's training radius.\n";
  if (!figure.empty()) out << "\n![replayed episodes](" << figure << ")\n";
  return out.str();
}

}  // namespace ntlab
