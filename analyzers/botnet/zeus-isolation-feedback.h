// Paper 002's feedback loop after the replay in isolation: the isolated run's capture goes through
// the Zeus episode builder into the clustering in incremental mode, on the model trained on the
// LAN capture from before the move. Each replayed episode is paired with the original episode whose
// recorded C&C answers the responder replayed to it (isolation_responder.csv names them), and the
// two clusters are compared: same_cluster_rate. Because the incremental model keeps k fixed, a
// variant it has never seen is always absorbed; what shows it is new is its distance to the
// centroid it joins, beside that cluster's radius in the training data (the farthest training
// episode), both in the standardised feature space.
#pragma once

#include "analyzers/botnet/zeus-clustering.h"
#include "analyzers/formats/sim-isolation-files.h"

#include <optional>
#include <string>
#include <vector>

namespace ntlab {

struct ZeusIsolationOptions {
  std::string lan_capture;        // the simulation's pcap/ (the moved host's part ends at the move)
  std::string isolation_capture;  // isolation-pcap/: the capture point inside isolation
  std::string summary_path;       // isolation.json
  std::string answers_path;       // isolation_responder.csv
  std::string truth_path;         // zeus_episodes.csv (grading of the LAN model)
};

struct ReplayedEpisodeOutcome {
  ZeusEpisode replayed;
  std::size_t cluster = 0;                    // incremental assignment
  std::optional<ZeusEpisode> original;        // the episode whose answers were replayed
  std::optional<std::size_t> original_cluster;
  double distance = 0;                        // standardised, to the centroid it joined (before the update)
  double cluster_radius = 0;                  // the farthest training episode of that cluster
};

struct ZeusIsolationFeedback {
  SimIsolationSummary isolation;
  ZeusClusteringResult lan;                   // the model trained on the LAN capture
  std::vector<ReplayedEpisodeOutcome> outcomes;
  std::size_t paired = 0;                     // outcomes with an original
  std::optional<double> same_cluster_rate;    // of the paired ones
  std::size_t beyond_radius = 0;              // replayed episodes outside their cluster's radius
  ZeusClusterModel updated;                   // after the incremental updates
};

ZeusIsolationFeedback RunZeusIsolationFeedback(const ZeusIsolationOptions& options);

}  // namespace ntlab
