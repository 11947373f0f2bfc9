#include "analyzers/botnet/zeus-isolation-feedback.h"

#include <algorithm>

namespace ntlab {
namespace {

// A replayed report's recorded answer lies inside the original episode (the request times of the
// capture and of the episode builder are the same packet's time; a second of slack covers rounding).
const ZeusEpisode* OriginalOf(const ZeusEpisode& replayed, const std::vector<ResponderAnswerRow>& answers,
                              const std::vector<ZeusEpisode>& originals) {
  for (const auto& answer : answers) {
    if (answer.method != "POST" || answer.recorded < 0) continue;
    if (answer.ts + kUsPerSecond < replayed.first_ts || answer.ts > replayed.last_ts + kUsPerSecond) continue;
    for (const auto& original : originals)
      if (original.bot_ip == replayed.bot_ip && answer.recorded_ts + kUsPerSecond >= original.first_ts &&
          answer.recorded_ts <= original.last_ts + kUsPerSecond)
        return &original;
    return nullptr;
  }
  return nullptr;
}

/// The farthest training episode of each cluster, in the standardised space.
std::vector<double> ClusterRadii(const ZeusClusteringResult& lan) {
  const auto& centers = lan.model.KMeans().Centers();
  std::vector<double> radii(centers.size(), 0.0);
  Eigen::MatrixXd x = lan.model.Standardise(lan.episodes);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    std::size_t c = lan.clusters[std::size_t(i)];
    radii[c] = std::max(radii[c], (x.row(i).transpose() - centers[c]).norm());
  }
  return radii;
}

}  // namespace

ZeusIsolationFeedback RunZeusIsolationFeedback(const ZeusIsolationOptions& options) {
  ZeusIsolationFeedback out;
  out.isolation = ReadSimIsolationSummary(options.summary_path);
  const std::vector<ResponderAnswerRow> answers = ReadResponderAnswers(options.answers_path);
  ZeusClusteringOptions lan;
  lan.inputs = {options.lan_capture};
  lan.truth_path = options.truth_path;
  out.lan = RunZeusClustering(lan);
  const std::vector<double> radii = ClusterRadii(out.lan);

  // The moved host is known to be the bot (it was detected and moved), and isolation may be
  // shorter than the bot's config.bin interval: its episodes are kept without a config.bin.
  ZeusClusteringOptions replay;
  replay.inputs = {options.isolation_capture};
  replay.episodes.require_config_bin = false;
  std::vector<ZeusEpisode> replayed = RunZeusClustering(replay).episodes;
  out.updated = out.lan.model;
  std::size_t same = 0;
  for (const ZeusEpisode& episode : replayed) {
    if (episode.bot_ip != out.isolation.host_ip) continue;
    ReplayedEpisodeOutcome o;
    o.replayed = episode;
    Eigen::VectorXd row = out.updated.Standardise({episode}).row(0).transpose();
    std::size_t nearest = out.updated.KMeans().Nearest(row);
    o.distance = (row - out.updated.KMeans().Centers()[nearest]).norm();
    o.cluster = out.updated.Update(episode);
    o.cluster_radius = radii[o.cluster];
    if (const ZeusEpisode* original = OriginalOf(episode, answers, out.lan.episodes)) {
      o.original = *original;
      o.original_cluster = out.lan.model.Assign({*original})[0];
      ++out.paired;
      if (*o.original_cluster == o.cluster) ++same;
    }
    if (o.distance > o.cluster_radius) ++out.beyond_radius;
    out.outcomes.push_back(std::move(o));
  }
  if (out.paired > 0) out.same_cluster_rate = double(same) / double(out.paired);
  return out;
}

}  // namespace ntlab
