#include "experiments/pipeline/isolation-step.h"

#include "analyzers/botnet/zeus-isolation-feedback.h"
#include "experiments/report/gnuplot-figure.h"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace ntlab {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Records(const std::string& path) {
  char error[PCAP_ERRBUF_SIZE];
  std::vector<std::string> records;
  pcap_t* pcap = pcap_open_offline(path.c_str(), error);
  if (!pcap) return records;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(pcap, &header, &data) == 1)
    records.emplace_back(reinterpret_cast<const char*>(data), header->caplen);
  pcap_close(pcap);
  return records;
}

std::uint16_t IpTotalLength(const std::string& frame) {
  return frame.size() < 18 ? 0 : std::uint16_t(std::uint8_t(frame[16]) << 8 | std::uint8_t(frame[17]));
}

// The difference by design of docs/replay.md: tcprewrite 4.4.3 counts the bytes after the IP packet
// (ns-3's frames carry a 4-byte trailer) into the IP total length (tcpreplay issue #845), and so
// its checksums differ too. Our IP packet is shorter than the frame; theirs fills it.
bool CountsTrailerIntoIpLength(const std::string& ours, const std::string& theirs) {
  return ours.size() == theirs.size() && IpTotalLength(theirs) == theirs.size() - 14 &&
         IpTotalLength(ours) < ours.size() - 14;
}

// tcprewrite and `ntlab rewrite` map the moved host's address to its isolation address (the rewrite
// Step 2 makes, done offline) on the first isolated capture file; identical records are counted.
// The same comparison as tests/replay/rewrite/tcprewrite-agreement-test.cc, without its list of
// differences by design (docs/replay.md explains them).
nlohmann::json RewriteAgreement(const fs::path& captures, const SimIsolationSummary& s, const fs::path& work) {
  if (std::system("command -v tcprewrite >/dev/null 2>&1") != 0)
    return {{"tcprewrite", "not installed (Debian package tcpreplay)"}};
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(captures))
    if (entry.path().extension() == ".pcap") files.push_back(entry.path());
  if (files.empty()) return {{"tcprewrite", "no isolated capture to rewrite"}};
  std::sort(files.begin(), files.end());
  fs::create_directories(work);
  const std::string pnat = FormatIpv4(s.host_ip) + ":" + FormatIpv4(s.instance_ip);
  const std::string ours = (work / "ntlab.pcap").string(), theirs = (work / "tcprewrite.pcap").string();
  const std::string ntlab = (fs::read_symlink("/proc/self/exe")).string();
  const std::string common = " --pnat=" + pnat + " --fixcsum";
  bool ok = std::system((ntlab + " rewrite '" + files[0].string() + "' '" + ours + "'" + common + " >/dev/null").c_str()) == 0 &&
            std::system(("tcprewrite --infile='" + files[0].string() + "' --outfile='" + theirs + "'" + common).c_str()) == 0;
  if (!ok) return {{"tcprewrite", "a rewrite failed"}};
  std::vector<std::string> a = Records(ours), b = Records(theirs);
  std::size_t same = 0, trailer = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] == b[i]) ++same;
    else if (CountsTrailerIntoIpLength(a[i], b[i])) ++trailer;
  }
  fs::remove_all(work);
  const std::size_t packets = std::max(a.size(), b.size());
  return {{"tcprewrite", "installed"}, {"capture", files[0].filename().string()}, {"options", common.substr(1)},
          {"packets", packets}, {"identical", same}, {"trailer_counted_by_tcprewrite", trailer},
          {"unexplained", packets - same - trailer},
          {"agreement", packets == 0 ? 0.0 : double(same) / double(packets)}};
}

nlohmann::json FeedbackMetrics(const ZeusIsolationFeedback& f) {
  nlohmann::json m;
  const SimIsolationSummary& s = f.isolation;
  m["rules"] = s.rules;
  m["leaked_packets"] = s.leaked_packets;
  m["leaked_by_node"] = s.leaked_by_node;
  m["switch_verdicts"] = s.switch_verdicts;
  m["contained_by_graph"] = s.contained_by_graph;
  m["graph_leak_path"] = s.graph_leak_path;
  m["graph_usable_edges"] = s.graph_usable_edges;
  m["recorded_exchanges"] = s.recorded_exchanges;
  m["answered"] = s.answered;
  m["unmatched"] = s.unmatched;
  m["report_length_scale"] = s.report_length_scale;
  m["lan_episodes"] = f.lan.episodes.size();
  m["replayed_episodes"] = f.outcomes.size();
  m["paired_with_original"] = f.paired;
  m["same_cluster_rate"] = f.same_cluster_rate ? nlohmann::json(*f.same_cluster_rate) : nlohmann::json();
  m["beyond_training_radius"] = f.beyond_radius;
  double distance = 0;
  for (const auto& o : f.outcomes) distance += o.distance;
  m["mean_distance"] = f.outcomes.empty() ? 0.0 : distance / double(f.outcomes.size());
  nlohmann::json episodes = nlohmann::json::array();
  for (const auto& o : f.outcomes)
    episodes.push_back({{"first_ts", FormatTs(o.replayed.first_ts)},
                        {"php_requests", o.replayed.php_requests},
                        {"response_length", o.replayed.mean_ok_response_length},
                        {"cluster", o.cluster},
                        {"cluster_label", f.lan.model.ClusterLabel(o.cluster)},
                        {"original_cluster", o.original_cluster ? nlohmann::json(*o.original_cluster) : nlohmann::json()},
                        {"distance", o.distance},
                        {"cluster_radius", o.cluster_radius}});
  m["episodes"] = episodes;
  return m;
}

bool DrawEpisodes(const ZeusIsolationFeedback& f, const std::string& stem) {
  if (!GnuplotFigure::Available() || f.outcomes.empty()) return false;
  std::vector<std::vector<std::string>> rows{{"x", "y", "set"}};
  auto point = [&](const ZeusEpisode& e, const char* set) {
    rows.push_back({std::to_string(e.mean_ok_response_length), std::to_string(e.php_requests), set});
  };
  for (const auto& e : f.lan.episodes) point(e, "0");
  for (const auto& o : f.outcomes) point(o.replayed, "1");
  GnuplotFigure figure(stem);
  figure.SetData(rows);
  figure.SetScript(R"(set title 'Zeus episodes: in the LAN (trained on) and replayed in isolation (paper 002)'
set xlabel 'mean length of the 200 OK answer to *.php (bytes)'
set ylabel '*.php requests in the episode'
set grid
set key outside right top
plot @DATA@ using 1:($3 == 0 ? $2 : 1/0) with points pt 7 ps 0.8 title 'LAN, before the move', \
     @DATA@ using 1:($3 == 1 ? $2 : 1/0) with points pt 6 ps 1.6 title 'replayed in isolation'
)");
  return figure.Render();
}

}  // namespace

IsolationStepResult IsolationStep(const std::string& simulation_dir, const std::string& out_dir) {
  ZeusIsolationOptions options;
  options.lan_capture = simulation_dir + "/pcap";
  options.isolation_capture = simulation_dir + "/isolation-pcap";
  options.summary_path = simulation_dir + "/isolation.json";
  options.answers_path = simulation_dir + "/isolation_responder.csv";
  options.truth_path = simulation_dir + "/zeus_episodes.csv";
  ZeusIsolationFeedback feedback = RunZeusIsolationFeedback(options);
  const std::string dir = out_dir + "/isolation";
  fs::create_directories(dir);
  IsolationStepResult result;
  result.metrics = FeedbackMetrics(feedback);
  result.metrics["rewrite_agreement"] =
      RewriteAgreement(options.isolation_capture, feedback.isolation, fs::path(dir) / "rewrite-work");
  feedback.updated.Save(dir + "/model-updated.json");
  result.figure_drawn = DrawEpisodes(feedback, dir + "/episodes");
  return result;
}

}  // namespace ntlab
