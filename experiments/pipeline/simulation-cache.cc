#include "experiments/pipeline/simulation-cache.h"

#include "analyzers/formats/atomic-file.h"

#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace ntlab {
namespace fs = std::filesystem;
namespace {

std::string FileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Fnv1a64Hex(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

SimulationSummary SimulateInto(const SimulationRequest& request, const SimulateFunction& simulate,
                               const std::string& dir) {
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "pcap", ec);
  if (ec) throw InputError(dir + ": cannot create folder: " + ec.message());
  return simulate(*request.config, dir);
}

/// An exclusive lock on a file, released when it goes out of scope (or the process dies).
class FileLock {
 public:
  explicit FileLock(const std::string& path) : m_fd(::open(path.c_str(), O_RDWR | O_CREAT, 0644)) {
    if (m_fd < 0 || ::flock(m_fd, LOCK_EX) != 0) throw InputError(path + ": cannot lock");
  }
  ~FileLock() {
    if (m_fd >= 0) ::close(m_fd);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int m_fd;
};

}  // namespace

nlohmann::json SimulationSummary::ToJson() const {
  nlohmann::json j = {{"frames_captured", frames_captured}, {"pcap_files", pcap_files},
          {"socket_history_rows", socket_history_rows}, {"truth_rows", truth_rows},
          {"events_recorded", events_recorded}, {"events_lost", events_lost},
          {"zeus_episodes", zeus_episodes}, {"kraken_infected", kraken_infected},
          {"wall_seconds", wall_seconds}};
  // Only simulations with a domain truth carry its counts, so earlier runs' files stay as they were.
  if (domain_truth_rows > 0) {
    j["domain_truth_rows"] = domain_truth_rows;
    j["domain_truth_conflicts"] = domain_truth_conflicts;
    j["domain_truth_hard_coded"] = domain_truth_hard_coded;
  }
  if (outside_frames_captured > 0) j["outside_frames_captured"] = outside_frames_captured;
  return j;
}

SimulationSummary SimulationSummary::FromJson(const nlohmann::json& j) {
  SimulationSummary s;
  s.frames_captured = j.at("frames_captured");
  s.pcap_files = j.at("pcap_files");
  s.socket_history_rows = j.at("socket_history_rows");
  s.truth_rows = j.at("truth_rows");
  s.events_recorded = j.at("events_recorded");
  s.events_lost = j.at("events_lost");
  s.zeus_episodes = j.at("zeus_episodes");
  s.kraken_infected = j.at("kraken_infected");
  s.wall_seconds = j.at("wall_seconds");
  s.domain_truth_rows = j.value("domain_truth_rows", std::uint64_t{0});
  s.domain_truth_conflicts = j.value("domain_truth_conflicts", std::uint64_t{0});
  s.domain_truth_hard_coded = j.value("domain_truth_hard_coded", std::uint64_t{0});
  s.outside_frames_captured = j.value("outside_frames_captured", std::uint64_t{0});
  return s;
}

std::string SimulationKeyText(const SimulationRequest& request) {
  std::ostringstream key;
  key << "code " << request.code_version << "\n";
  key << "scenario " << Fnv1a64Hex(FileText(request.scenario_path)) << "\n";
  if (request.config->workload.enabled)
    key << "catalog " << Fnv1a64Hex(FileText(request.config->workload.catalog)) << "\n";
  for (const auto& [k, v] : SimulationOverrides(request.overrides)) key << "set " << k << "=" << v << "\n";
  return key.str();
}

SimulationFiles ObtainSimulation(const SimulationRequest& request, const SimulateFunction& simulate) {
  SimulationFiles files;
  if (request.cache_dir.empty()) {
    files.dir = request.run_dir;
    files.summary = SimulateInto(request, simulate, files.dir);
    return files;
  }
  std::string keyText = SimulationKeyText(request);
  fs::path cache(request.cache_dir);
  std::error_code ec;
  fs::create_directories(cache, ec);
  if (ec) throw InputError(request.cache_dir + ": cannot create folder: " + ec.message());
  std::string key = Fnv1a64Hex(keyText);
  files.dir = (cache / key).string();
  FileLock lock((cache / (key + ".lock")).string());
  fs::path done = fs::path(files.dir) / "simulation.json";
  if (fs::exists(done)) {
    std::ifstream in(done);
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_discarded() && j.value("key", "") == keyText) {
      files.summary = SimulationSummary::FromJson(j.at("result"));
      files.reused = true;
      return files;
    }
  }
  // The entry is made under a staging name and renamed into place with its simulation.json, so a
  // simulation that fails or is interrupted is never handed out. The lock makes this process the
  // only one at work on the key: staging folders left by earlier ones are dead.
  for (const auto& entry : fs::directory_iterator(cache, ec))
    if (entry.path().filename().string().rfind(key + ".partial-", 0) == 0) fs::remove_all(entry.path(), ec);
  const std::string staging = files.dir + ".partial-" + std::to_string(::getpid());
  files.summary = SimulateInto(request, simulate, staging);
  WriteFileAtomically(staging + "/simulation.json",
                      nlohmann::json{{"key", keyText}, {"result", files.summary.ToJson()}}.dump(2) + "\n");
  fs::remove_all(files.dir, ec);  // a colliding entry, or one made by an older ntlab without staging
  fs::rename(staging, files.dir, ec);
  if (ec) throw InputError(files.dir + ": cannot move the simulation into the cache: " + ec.message());
  return files;
}

}  // namespace ntlab
