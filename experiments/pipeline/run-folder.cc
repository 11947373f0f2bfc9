#include "experiments/pipeline/run-folder.h"

#include "analyzers/formats/basic-types.h"

#include <filesystem>

namespace ntlab {
namespace fs = std::filesystem;

const std::vector<std::string>& RunOutputs() {
  static const std::vector<std::string> outputs{
      "pcap",       "plots",     "zeus",         "kraken",      "socketlog.csv",     "socketlog-polls.csv",
      "socket-history.csv",      "events.csv",   "truth.csv",   "hosts.csv",         "labels.csv",
      "metrics.json", "report.md", "zeus_episodes.csv", "kraken_truth.csv", "simulation.json"};
  return outputs;
}

const std::vector<std::string>& BulkyRunOutputs() {
  static const std::vector<std::string> bulky{"pcap", "socketlog.csv", "socketlog-polls.csv", "socket-history.csv",
                                              "events.csv"};
  return bulky;
}

void PrepareRunFolder(const std::string& out) {
  fs::path dir(out);
  std::error_code ec;
  if (fs::exists(dir)) {
    if (!fs::is_directory(dir)) throw InputError(out + ": exists and is not a folder");
    bool empty = fs::directory_iterator(dir) == fs::directory_iterator();
    if (!empty && !fs::exists(dir / "run.json"))
      throw InputError(out + ": folder is not empty and is not an earlier ntlab run (no run.json); choose another --out");
    for (const auto& old : RunOutputs()) fs::remove_all(dir / old, ec);
  }
  fs::create_directories(dir, ec);
  if (ec) throw InputError(out + ": cannot create folder: " + ec.message());
}

}  // namespace ntlab
