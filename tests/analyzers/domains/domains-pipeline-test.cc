// The whole `ntlab domains` run: the same captures give the same bytes, twice.
#include "analyzers/domains/domains-pipeline.h"

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
