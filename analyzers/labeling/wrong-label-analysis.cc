#include "analyzers/labeling/wrong-label-analysis.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace ntlab {

void WrongLabelAnalysis::Observe(const LabelledSession& l, const std::string& truth) {
  const Session& s = l.session;
  auto& processes = m_remoteProcesses[AddressKey{s.key.remote.ip, l.host}];
  if (std::find(processes.begin(), processes.end(), truth) == processes.end()) processes.push_back(truth);
  if (!l.decision || l.decision->process == truth) return;
  m_wrong.push_back(Wrong{s.key, l.host, s.first_ts, s.last_ts, *l.decision, truth});
}

std::string WrongLabelAnalysis::Reason(const Wrong& w) const {
  const std::string& stage = w.decision.stage;
  if (stage == "A2" && w.decision.evidence_ts != 0 && w.first_ts - w.decision.evidence_ts > m_config.stale_after)
    return "stale_rule";
  if (stage == "C" || stage == "D") {
    auto it = m_remoteProcesses.find(AddressKey{w.key.remote.ip, w.host});
    if (it != m_remoteProcesses.end() && it->second.size() > 1) return "shared_remote";
  }
  for (const auto& t : m_scan.Tenancies(w.host, w.key.proto, w.key.host.port)) {
    if (t.last_ts < w.first_ts - m_config.port_window || t.first_ts > w.last_ts + m_config.port_window) continue;
    // A tenant that is not the truth owner: the port changed hands around the session.
    if (m_scan.ProcessName(t.process) != w.truth) return "port_reuse";
  }
  return "other";
}

std::vector<WrongLabelCount> WrongLabelAnalysis::Top() const {
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::uint64_t> counts;
  for (const Wrong& w : m_wrong) ++counts[{w.decision.process, w.truth, w.decision.stage, Reason(w)}];
  std::vector<WrongLabelCount> out;
  for (const auto& [k, n] : counts) out.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k), n});
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  if (out.size() > m_config.top) out.resize(m_config.top);
  return out;
}

}  // namespace ntlab
