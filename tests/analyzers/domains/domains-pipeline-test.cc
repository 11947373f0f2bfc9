// The whole `ntlab domains` run: the same captures give the same bytes, twice.
#include "analyzers/domains/domains-pipeline.h"
#include "analyzers/formats/domain-files.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json RunInto(const char* name) {
  fs::path out = fs::path(NTLAB_BINARY_DIR) / (std::string("test-domains-") + name);
  fs::remove_all(out);
  fs::create_directories(out);
  DomainRunOptions options;
  options.inputs = {std::string(NTLAB_SOURCE_DIR) + "/tests/regression/domains-cdn/capture.pcap"};
  options.truth = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/domains-cdn/expected-domains.csv";
  options.out_dir = out.string();
  return RunDomainLabelling(options);
}

}  // namespace

TEST_CASE("domains pipeline: the same capture gives the same bytes", "[analysis][domains][pipeline]") {
  nlohmann::json first = RunInto("run1");
  nlohmann::json second = RunInto("run2");
  CHECK(first == second);
  const fs::path a = fs::path(NTLAB_BINARY_DIR) / "test-domains-run1";
  const fs::path b = fs::path(NTLAB_BINARY_DIR) / "test-domains-run2";
  for (const char* file : {"flows.csv", "metrics.json", "stats.sqlite"}) {
    INFO(file);
    CHECK(ReadBytes(a / file) == ReadBytes(b / file));
    CHECK_FALSE(ReadBytes(a / file).empty());
  }
  CHECK(first["label_accuracy"].get<double>() == Approx(6.0 / 7));
  CHECK(first["shared_ip_accuracy"] == 0.75);
  CHECK(first["address_only_shared_ip_accuracy"] == 0.5);
}

TEST_CASE("domains pipeline: with a socket log, flows carry their process and are cross-checked", "[analysis][domains][pipeline][crosscheck]") {
  const std::string sim = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s";
  fs::path out = fs::path(NTLAB_BINARY_DIR) / "test-domains-device-view";
  fs::remove_all(out);
  fs::create_directories(out);
  DomainRunOptions options;
  options.inputs = {sim + "/pcap"};
  options.socket_log = sim + "/socketlog.csv";
  options.label_truth = sim + "/truth.csv";
  options.out_dir = out.string();
  nlohmann::json m = RunDomainLabelling(options);
  auto flows = ReadDomainFlowsCsv((out / "flows.csv").string());
  auto checks = ReadCrossCheckCsv((out / "crosscheck.csv").string());
  REQUIRE(checks.size() == flows.size());
  std::size_t withProcess = 0, unusual = 0;
  for (std::size_t i = 0; i < flows.size(); ++i) {
    CHECK(checks[i].flow_id == flows[i].flow_id);
    withProcess += !flows[i].process.empty() && flows[i].process != "Unknown";
    unusual += checks[i].verdict == "unusual";
  }
  CHECK(withProcess > flows.size() / 2);  // the engine labels most sessions of this run
  CHECK(m["process_accuracy"].get<double>() > 0.9);
  const nlohmann::json& c = m["cross_check"];
  CHECK(c["unusual"] == unusual);
  CHECK(c["usual"].get<std::uint64_t>() + c["unusual"].get<std::uint64_t>() + c["no_profile"].get<std::uint64_t>() +
            c["no_name"].get<std::uint64_t>() + c["no_process"].get<std::uint64_t>() == flows.size());
  CHECK(c.contains("flag_precision"));
  CHECK(c["wrong_labels_flagged"].get<std::uint64_t>() <= c["wrong_labels"].get<std::uint64_t>());
}

TEST_CASE("domains pipeline: a label truth without a socket log is refused", "[analysis][domains][pipeline]") {
  DomainRunOptions options;
  options.inputs = {std::string(NTLAB_SOURCE_DIR) + "/tests/regression/domains-cdn/capture.pcap"};
  options.label_truth = "truth.csv";
  options.out_dir = NTLAB_BINARY_DIR;
  CHECK_THROWS_AS(RunDomainLabelling(options), InputError);
}
