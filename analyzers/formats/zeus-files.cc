#include "analyzers/formats/zeus-files.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/csv-fields.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace ntlab {
namespace {

using namespace csv_fields;

constexpr const char* kModelFormat = "ntlab-zeus-kmeans-1";

// The JSON parser has checked the UTF-8; the rest of the input text rule is checked here, as
// CheckedCsvFile checks it for CSV (a label goes on into episodes.csv and scatter.csv).
std::string RequireJsonText(const std::string& path, const std::string& field, std::string text) {
  std::string problem = TextRuleViolation(text);
  if (!problem.empty()) throw InputError(path + ": " + field + " " + problem);
  return text;
}

// A count must be a whole number the field holds: nlohmann::json converts a number too large for
// any integer (read as a double, e.g. 1e21) with a cast whose result is undefined.
std::uint64_t RequireJsonCount(const std::string& path, const std::string& field, const nlohmann::json& value) {
  if (!value.is_number_unsigned()) throw InputError(path + ": " + field + " is not a whole number from 0 to 2^64-1");
  return value.get<std::uint64_t>();
}

ZeusModelFile ModelFromJson(const std::string& path, const nlohmann::json& j) {
  if (j.at("format") != kModelFormat) throw InputError(path + ": not an ntlab Zeus model");
  ZeusModelFile m;
  m.features = j.at("features").get<std::vector<std::string>>();
  for (std::size_t i = 0; i < m.features.size(); ++i)
    RequireJsonText(path, "features[" + std::to_string(i) + "]", m.features[i]);
  m.scale_center = j.at("scale").at("center").get<std::vector<double>>();
  m.scale_sd = j.at("scale").at("sd").get<std::vector<double>>();
  for (const auto& c : j.at("clusters")) {
    ZeusModelFile::Cluster cluster;
    cluster.center = c.at("center").get<std::vector<double>>();
    cluster.count = RequireJsonCount(path, "clusters[" + std::to_string(m.clusters.size()) + "].count", c.at("count"));
    cluster.label =
        RequireJsonText(path, "clusters[" + std::to_string(m.clusters.size()) + "].label", c.value("label", ""));
    if (cluster.center.size() != m.features.size())
      throw InputError(path + ": a centre's size differs from the feature count");
    m.clusters.push_back(std::move(cluster));
  }
  if (m.scale_center.size() != m.features.size() || m.scale_sd.size() != m.features.size())
    throw InputError(path + ": scale parameters do not match the features");
  return m;
}

// Whether the header line of `path` names `column` (zeus_episodes.csv gained cnc_ip later; files
// without it stay readable). The reader that follows checks the file properly.
bool HeaderHasColumn(const std::string& path, const std::string& column) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open file (missing or unreadable)");
  std::string header;
  std::getline(in, header);
  std::istringstream names(header);
  for (std::string name; std::getline(names, name, ',');) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t\r") + 1);
    if (name == column) return true;
  }
  return false;
}

// N = 4: the file before cnc_ip; N = 5: with it. An empty cnc_ip is an unknown C&C (0).
template <unsigned N>
std::vector<ZeusTruthEpisode> ReadTruthRows(const std::string& path, const std::array<const char*, N>& columns) {
  CsvRowReader<N> csv(path, columns);
  typename CsvRowReader<N>::Row f;
  std::vector<ZeusTruthEpisode> rows;
  while (csv.Next(f)) {
    ZeusTruthEpisode t;
    t.ts = RequireTs(csv, 0, f[0]);
    t.bot_ip = RequireIp(csv, 1, f[1]);
    t.episode = RequireId32(csv, 2, f[2], "an episode id");
    RequireText(csv, 3, f[3]);
    t.behaviour = f[3];
    if constexpr (N > 4) {
      if (!f[4].empty()) t.cnc_ip = RequireIp(csv, 4, f[4]);
    }
    rows.push_back(std::move(t));
  }
  return rows;
}

}  // namespace

std::vector<ZeusTruthEpisode> ReadZeusTruthCsv(const std::string& path) {
  if (!HeaderHasColumn(path, "cnc_ip")) return ReadTruthRows<4>(path, {"ts", "bot_ip", "episode", "behaviour"});
  return ReadTruthRows<5>(path, {"ts", "bot_ip", "episode", "behaviour", "cnc_ip"});
}

void WriteZeusTruthCsv(const std::string& path, const std::vector<ZeusTruthEpisode>& rows) {
  CsvWriter csv(path, {"ts", "bot_ip", "episode", "behaviour", "cnc_ip"});
  for (const auto& t : rows)
    csv.Row(FormatTs(t.ts), FormatIp(t.bot_ip), t.episode, t.behaviour, t.cnc_ip.IsUnspecified() ? std::string() : FormatIp(t.cnc_ip));
  csv.Commit();
}

std::vector<ZeusScatterRow> ReadZeusScatterCsv(const std::string& path) {
  CsvRowReader<5> csv(path, {"x", "y", "cluster", "cluster_name", "label"});
  CsvRowReader<5>::Row f;
  std::vector<ZeusScatterRow> rows;
  while (csv.Next(f)) {
    rows.push_back(ZeusScatterRow{RequireNumber(csv, 0, f[0]), RequireNumber(csv, 1, f[1]),
                                  static_cast<std::size_t>(RequireCount(csv, 2, f[2])), f[3], f[4]});
  }
  return rows;
}

std::string FormatScatterCoordinate(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void WriteZeusScatterCsv(const std::string& path, const std::vector<ZeusScatterRow>& rows) {
  CsvWriter csv(path, {"x", "y", "cluster", "cluster_name", "label"});
  for (const auto& p : rows) csv.Row(FormatScatterCoordinate(p.x), FormatScatterCoordinate(p.y), p.cluster, p.cluster_name, p.label);
  csv.Commit();
}

ZeusModelFile ReadZeusModelFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open file (missing or unreadable)");
  try {
    return ModelFromJson(path, nlohmann::json::parse(in));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + ": malformed model: " + e.what());
  }
}

void WriteZeusModelFile(const std::string& path, const ZeusModelFile& m) {
  nlohmann::json j;
  j["format"] = kModelFormat;
  j["features"] = m.features;
  j["scale"] = {{"center", m.scale_center}, {"sd", m.scale_sd}};
  nlohmann::json clusters = nlohmann::json::array();
  for (const auto& c : m.clusters) {
    clusters.push_back({{"center", c.center},
                        {"center_original_units", c.center_original_units},
                        {"count", c.count},
                        {"label", c.label}});
  }
  j["clusters"] = clusters;
  WriteFileAtomically(path, j.dump(2) + "\n");
}

}  // namespace ntlab
