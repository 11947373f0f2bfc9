#include "analyzers/domains/label-cross-check.h"

#include "analyzers/formats/records.h"

#include <algorithm>
#include <cctype>

namespace ntlab {
namespace {

nlohmann::json Rate(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? nlohmann::json(nullptr) : nlohmann::json(double(part) / double(whole));
}

bool IsAddress(const std::string& host) {
  return !host.empty() && std::all_of(host.begin(), host.end(), [](unsigned char c) { return std::isdigit(c) || c == '.'; });
}

bool HasProcess(const std::string& process) { return !process.empty() && process != kUnknownProcess; }

void CopyRowSessionKey(const DomainFlowRow& f, CrossCheckRow& r) {
  r.flow_id = f.flow_id;
  r.proto = f.proto;
  r.host = f.host;
  r.remote = f.remote;
  r.first_ts = f.first_ts;
}

}  // namespace

std::string ProfileName(const std::string& host) {
  std::string name = host;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!name.empty() && name.back() == '.') name.pop_back();
  if (IsAddress(name)) return name;
  const std::size_t last = name.rfind('.');
  if (last == std::string::npos || last == 0) return name;
  const std::size_t second = name.rfind('.', last - 1);
  return second == std::string::npos ? name : name.substr(second + 1);
}

std::string LabelCrossCheck::NameOf(const DomainFlowRow& f) {
  return ProfileName(!f.domain.empty() ? f.domain : !f.sni.empty() ? f.sni : f.http_host);
}

void LabelCrossCheck::Learn(const DomainFlowRow& flow) {
  if (!HasProcess(flow.process) || flow.decision == "resolver") return;
  const std::string name = NameOf(flow);
  if (name.empty()) return;
  Profile& p = m_profiles[flow.process];
  ++p.named;
  ++p.by_name[name];
}

CrossCheckRow LabelCrossCheck::Check(const DomainFlowRow& f, const std::string& truthProcess) {
  CrossCheckRow r;
  CopyRowSessionKey(f, r);
  r.process = f.process.empty() ? kUnknownProcess : f.process;
  r.truth_process = truthProcess;
  r.domain = f.domain;
  r.sni = f.sni;
  r.http_host = f.http_host;
  r.name = NameOf(f);
  auto profile = m_profiles.find(f.process);
  if (!HasProcess(f.process)) {
    r.verdict = "no_process";
  } else if (r.name.empty() || f.decision == "resolver") {
    r.verdict = "no_name";
  } else if (profile == m_profiles.end() || profile->second.named - 1 < m_config.min_other_sessions) {
    r.verdict = "no_profile";
  } else {
    // Leave-one-out: the session's own contact is not evidence for itself.
    r.process_sessions = profile->second.named - 1;
    r.name_share = double(profile->second.by_name.at(r.name) - 1) / double(r.process_sessions);
    r.verdict = r.name_share < m_config.usual_share ? "unusual" : "usual";
  }
  ++m_verdicts[r.verdict];
  if (truthProcess.empty() || !HasProcess(f.process)) return r;
  m_graded = true;
  ++m_truthKnown;
  const bool wrong = f.process != truthProcess;
  const bool flagged = r.verdict == "unusual";
  const bool judged = flagged || r.verdict == "usual";
  m_wrong += wrong;
  m_wrongJudged += wrong && judged;
  m_wrongFlagged += wrong && flagged;
  m_flaggedGraded += flagged;
  return r;
}

nlohmann::json LabelCrossCheck::Summary() const {
  nlohmann::json m;
  for (const char* v : {"usual", "unusual", "no_profile", "no_name", "no_process"}) {
    auto it = m_verdicts.find(v);
    m[v] = it == m_verdicts.end() ? 0 : it->second;
  }
  m["flagged"] = m["unusual"];
  m["processes_profiled"] = std::count_if(m_profiles.begin(), m_profiles.end(), [this](const auto& p) {
    return p.second.named > m_config.min_other_sessions;
  });
  m["min_other_sessions"] = m_config.min_other_sessions;
  m["usual_share"] = m_config.usual_share;
  if (!m_graded) return m;
  m["labels_with_truth"] = m_truthKnown;
  m["wrong_labels"] = m_wrong;
  m["wrong_labels_judged"] = m_wrongJudged;
  m["wrong_labels_flagged"] = m_wrongFlagged;
  m["flag_precision"] = Rate(m_wrongFlagged, m_flaggedGraded);
  m["flag_recall"] = Rate(m_wrongFlagged, m_wrong);
  return m;
}

}  // namespace ntlab
