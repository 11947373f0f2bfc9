#include "analyzers/labeling/label-summary.h"

namespace ntlab {
namespace {

nlohmann::json Ratio(std::uint64_t numerator, std::uint64_t denominator) {
  if (denominator == 0) return nullptr;
  return double(numerator) / double(denominator);
}

// One family's fragment records and what became of their datagrams (docs/formats.md, metrics.json).
nlohmann::json ReassemblyJson(std::uint64_t fragments, const ReassemblyStats& r) {
  return {{"fragments", fragments},
          {"reassembled", r.reassembled},
          {"expired", r.dropped_timeout},
          {"dropped_memory_bound", r.dropped_overflow},
          {"dropped_oversize", r.dropped_oversize}};
}

}  // namespace

void LabelSummary::Count(bool monitored, const std::optional<LabelDecision>& decision,
                         const std::string* truthProcess, std::optional<bool> sniConflict) {
  ++sessions;
  if (!monitored) {
    ++sessions_unmonitored;
    return;
  }
  if (!decision) {
    ++unknown;
    if (has_truth && !truthProcess) ++sessions_without_truth;
    return;
  }
  ++matched;
  if (!IsPostProcessingStage(decision->stage)) ++engine_matched;
  StageStats& stage = stages[decision->stage];
  ++stage.decided;
  const bool judged = has_truth && truthProcess;
  const bool isCorrect = judged && *truthProcess == decision->process;
  confidence.Add(LabelConfidence(*decision), judged ? &isCorrect : nullptr);
  if (sniConflict) sni_check.Count(*sniConflict, judged ? &isCorrect : nullptr);
  if (!has_truth) return;
  if (!truthProcess) {
    ++sessions_without_truth;
  } else if (isCorrect) {
    ++correct;
    ++stage.correct;
  } else {
    ++wrong;
    ++stage.wrong;
  }
}

std::optional<double> LabelSummary::MatchingRate() const {
  if (Monitored() == 0) return std::nullopt;
  return double(matched) / double(Monitored());
}

std::optional<double> LabelSummary::EngineRate() const {
  if (Monitored() == 0) return std::nullopt;
  return double(engine_matched) / double(Monitored());
}

std::optional<double> LabelSummary::Accuracy() const {
  if (!has_truth || correct + wrong == 0) return std::nullopt;
  return double(correct) / double(correct + wrong);
}

nlohmann::json LabelSummary::ToJson() const {
  nlohmann::json j;
  j["engine"] = engine;
  j["sessions"] = sessions;
  j["sessions_monitored"] = Monitored();
  j["sessions_unmonitored"] = sessions_unmonitored;
  j["matched"] = matched;
  j["unknown"] = unknown;
  j["engine_matched"] = engine_matched;
  j["engine_rate"] = Ratio(engine_matched, Monitored());
  j["post_rate"] = Ratio(matched, Monitored());
  j["matching_rate"] = Ratio(matched, Monitored());
  j["matching_rate_all_sessions"] = Ratio(matched, sessions);
  j["has_truth"] = has_truth;
  j["correct"] = has_truth ? nlohmann::json(correct) : nlohmann::json(nullptr);
  j["wrong"] = has_truth ? nlohmann::json(wrong) : nlohmann::json(nullptr);
  j["sessions_without_truth"] = has_truth ? nlohmann::json(sessions_without_truth) : nlohmann::json(nullptr);
  j["accuracy"] = has_truth ? Ratio(correct, correct + wrong) : nlohmann::json(nullptr);
  nlohmann::json stageJson = nlohmann::json::object();
  std::map<std::string, StageStats> all = stages;
  for (const char* name : kStageNames) all[name];  // every stage is listed, also when it decided nothing
  for (const auto& [name, s] : all) {
    stageJson[name] = {{"decided", s.decided},
                       {"correct", has_truth ? nlohmann::json(s.correct) : nlohmann::json(nullptr)},
                       {"wrong", has_truth ? nlohmann::json(s.wrong) : nlohmann::json(nullptr)},
                       {"accuracy", has_truth ? Ratio(s.correct, s.correct + s.wrong) : nlohmann::json(nullptr)}};
  }
  j["stages"] = stageJson;
  nlohmann::json wrongJson = nlohmann::json::array();
  for (const auto& w : wrong_labels)
    wrongJson.push_back({{"label", w.label}, {"truth", w.truth}, {"stage", w.stage}, {"reason", w.reason},
                         {"count", w.count}});
  j["wrong_labels"] = has_truth ? wrongJson : nlohmann::json(nullptr);
  j["confidence_curve"] = confidence.ToJson(Monitored(), has_truth);
  j["sni_cross_check"] = sni_check.ToJson(has_truth, wrong);
  j["capture"] = {{"files", capture.files},
                  {"records", capture.records},
                  {"decoded", capture.decoded},
                  {"not_ipv4", capture.not_ipv4},
                  {"not_tcp_udp", capture.not_tcp_udp},
                  {"fragments", capture.fragments},
                  {"malformed", capture.malformed},
                  {"truncated_files", capture.truncated_files},
                  {"reassembly", {{"ipv4", ReassemblyJson(capture.ipv4_fragments, capture.reassembly)},
                                  {"ipv6", ReassemblyJson(capture.ipv6_fragments, capture.reassembly6)}}},
                  {"warnings", capture.warnings}};
  j["bad_packets"] = capture.bad_packets.ToJson();
  if (comment_truth) j["comment_truth"] = CommentTruthJson(*comment_truth);
  return j;
}

}  // namespace ntlab
