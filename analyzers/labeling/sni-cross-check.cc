#include "analyzers/labeling/sni-cross-check.h"

namespace ntlab {
namespace {

nlohmann::json Ratio(std::uint64_t numerator, std::uint64_t denominator) {
  if (denominator == 0) return nullptr;
  return double(numerator) / double(denominator);
}

}  // namespace

bool IsCheckedBySniCrossCheck(const std::string& stage) {
  return stage == "A2" || stage == "B" || stage == "C" || stage == "D" || stage == "full_scan";
}

void SniCrossCheck::Observe(HostId host, const std::string& sni, const LabelDecision& decision, TimeUs ts) {
  bool direct = IsDirectEvidence(decision.stage.c_str()) || decision.stage == "events_post";
  if (!direct || sni.empty() || host == kNoHost) return;
  if (host >= m_byHost.size()) m_byHost.resize(host + 1);
  m_byHost[host][sni].Add(decision.process, decision.pid, ts);
}

std::optional<bool> SniCrossCheck::Check(HostId host, const std::string& sni,
                                         const std::optional<LabelDecision>& decision) const {
  if (!decision || sni.empty() || !IsCheckedBySniCrossCheck(decision->stage)) return std::nullopt;
  if (host >= m_byHost.size()) return false;
  const auto& owners = m_byHost[host];
  auto it = owners.find(sni);
  // Seen with the SNI before, and never with this process: only other processes were.
  return it != owners.end() && it->second.CountOf(decision->process) == 0;
}

void SniCrossCheckStats::Count(bool isFlagged, const bool* correct) {
  ++checked;
  flagged += isFlagged;
  if (!correct) return;
  checked_wrong += !*correct;
  if (isFlagged) ++(*correct ? flagged_right : flagged_wrong);
}

nlohmann::json SniCrossCheckStats::ToJson(bool hasTruth, std::uint64_t wrongLabels) const {
  auto truthOnly = [hasTruth](nlohmann::json v) { return hasTruth ? v : nlohmann::json(nullptr); };
  return {{"checked", checked},
          {"flagged", flagged},
          {"flagged_wrong", truthOnly(flagged_wrong)},
          {"flagged_right", truthOnly(flagged_right)},
          {"checked_wrong", truthOnly(checked_wrong)},
          {"wrong_labels", truthOnly(wrongLabels)},
          {"precision", truthOnly(Ratio(flagged_wrong, flagged_wrong + flagged_right))},
          {"recall", truthOnly(Ratio(flagged_wrong, wrongLabels))}};
}

}  // namespace ntlab
