// The Zeus files of paper 002 (docs/formats.md, docs/botnets.md):
// - zeus_episodes.csv: what the simulated C&C commanded (the truth the clustering is graded with),
//   written from ZeusCncServerApplication's "Episode" trace;
// - scatter.csv: one point per analysed episode (paper 002, Fig. 8), drawn by the report layer;
// - model.json: the fitted behaviour model that `ntlab zeus --model-in` continues from.
// Whole-file readers and writers: InputError naming file, line and column on bad input; atomic
// writes.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

/// One command of the Zeus C&C (zeus_episodes.csv: ts, bot_ip, episode, behaviour, cnc_ip).
struct ZeusTruthEpisode {
  TimeUs ts = 0;  // when the C&C sent the command (packet-time epoch, as the captures)
  IpAddress bot_ip;
  std::uint32_t episode = 0;
  std::string behaviour;  // cookie_theft, homepage_set, os_shutdown
  /// The C&C that gave the command; 0 when unknown (a file written before the column existed):
  /// the truth join then matches the bot's commands whatever server the episode went to.
  IpAddress cnc_ip;
};

/// Reads both the current file and the older one without `cnc_ip` (its rows get cnc_ip 0).
std::vector<ZeusTruthEpisode> ReadZeusTruthCsv(const std::string& path);
void WriteZeusTruthCsv(const std::string& path, const std::vector<ZeusTruthEpisode>& rows);

/// One episode of the scatter plot (scatter.csv: x, y, cluster, cluster_name, label).
struct ZeusScatterRow {
  double x = 0;  // mean 200 OK response length (bytes); written with 6 significant digits
  double y = 0;  // *.php requests of the episode
  std::size_t cluster = 0;
  std::string cluster_name;  // "cluster 0 (cookie_theft)"; the behaviour when truth mapped it
  std::string label;         // the episode's truth behaviour, empty without truth
};

std::vector<ZeusScatterRow> ReadZeusScatterCsv(const std::string& path);
/// A coordinate as scatter.csv writes it (6 significant digits), for figures drawn from it.
std::string FormatScatterCoordinate(double v);
void WriteZeusScatterCsv(const std::string& path, const std::vector<ZeusScatterRow>& rows);

/// model.json ("format": "ntlab-zeus-kmeans-1"): the features, R scale() parameters and k-means
/// clusters of a ZeusClusterModel, as plain numbers.
struct ZeusModelFile {
  struct Cluster {
    std::vector<double> center;                 // standardised units
    std::vector<double> center_original_units;  // written for readers; not read back
    std::uint64_t count = 0;                    // episodes assigned so far
    std::string label;                          // behaviour, "" when unmapped
  };
  std::vector<std::string> features;
  std::vector<double> scale_center;
  std::vector<double> scale_sd;
  std::vector<Cluster> clusters;
};

/// InputError on a file that is not a model or whose vectors do not match the feature count.
ZeusModelFile ReadZeusModelFile(const std::string& path);
void WriteZeusModelFile(const std::string& path, const ZeusModelFile& model);

}  // namespace ntlab
