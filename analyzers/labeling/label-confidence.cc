#include "analyzers/labeling/label-confidence.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ntlab {
namespace {

bool IsDirectStage(const std::string& stage) {
  return IsDirectEvidence(stage.c_str()) || stage == "events_post";
}

bool NamesRemoteOrListener(const char* evidence) {
  return std::strcmp(evidence, "socket_row") == 0 || std::strcmp(evidence, "event_remote") == 0 ||
         std::strcmp(evidence, "socket_listen") == 0;
}

}  // namespace

double LabelConfidence(const LabelDecision& d) {
  if (IsDirectStage(d.stage)) return NamesRemoteOrListener(d.evidence) ? 1.0 : 0.95;
  double n = d.observations;
  double agreeing = std::clamp(d.purity, 0.0, 1.0) * n;
  return 0.9 * (agreeing + 1.0) / (n + 2.0);
}

void ConfidenceCurve::Add(double confidence, const bool* correct) {
  // The small tolerance puts 0.95 (not exactly representable) in bucket 19, not 18.
  int k = static_cast<int>(std::floor(confidence * kSteps + 1e-9));
  Bucket& b = m_buckets[std::clamp(k, 0, kSteps)];
  ++b.sessions;
  if (!correct) return;
  ++(*correct ? b.correct : b.wrong);
}

nlohmann::json ConfidenceCurve::ToJson(std::uint64_t monitored, bool hasTruth) const {
  nlohmann::json curve = nlohmann::json::array();
  Bucket atOrAbove;
  std::array<nlohmann::json, kSteps + 1> points;
  for (int k = kSteps; k >= 0; --k) {  // from the top: each point adds its bucket to the ones above
    atOrAbove.sessions += m_buckets[k].sessions;
    atOrAbove.correct += m_buckets[k].correct;
    atOrAbove.wrong += m_buckets[k].wrong;
    std::uint64_t judged = atOrAbove.correct + atOrAbove.wrong;
    points[k] = {{"threshold", double(k) / kSteps},
                 {"coverage", monitored ? nlohmann::json(double(atOrAbove.sessions) / double(monitored)) : nullptr},
                 {"precision", hasTruth && judged ? nlohmann::json(double(atOrAbove.correct) / double(judged)) : nullptr},
                 {"sessions", atOrAbove.sessions}};
  }
  for (auto& p : points) curve.push_back(std::move(p));
  return curve;
}

}  // namespace ntlab
