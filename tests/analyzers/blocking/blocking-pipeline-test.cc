#include "analyzers/blocking/blocking-pipeline.h"

#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/messenger-files.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

const std::string kCase = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/blocking-bypasses";

BlockRunOptions Options(const std::string& policy, const std::string& outName) {
  BlockRunOptions options;
  options.policy = policy;
  options.inputs = {kCase + "/capture.pcap"};
  options.out_dir = TempPath(outName);
  std::filesystem::create_directories(options.out_dir);
  return options;
}

}  // namespace

TEST_CASE("blocking pipeline: an IP table proposed by ntlab messengers, read through its file", "[analysis][blocking]") {
  WriteIpTableCsv(TempPath("proposed-ip-table.csv"), {{Ip("64.4.9.0"), 24, "dispatch", "", Sec(1), Sec(1)}});
  const std::string policy = TempPath("proposed-policy.yaml");
  std::ofstream(policy) << "ip_table:\n  file: " << std::filesystem::path(TempPath("proposed-ip-table.csv")).filename().string() << "\n";
  BlockRunOptions options = Options(policy, "block-proposed");
  options.socket_log = kCase + "/socketlog.csv";
  options.truth = kCase + "/truth.csv";
  nlohmann::json m = RunBlocking(options);
  // 64.4.9.254 serves the dispatch sessions of msnmsgr.exe and of its renamed copy: 2 of 8.
  CHECK(m["by_label"]["ip_table"]["messenger_sessions"] == 8);
  CHECK(m["by_label"]["ip_table"]["messenger_sessions_blocked"] == 2);
  CHECK(m["by_truth"]["ip_table"]["messenger_sessions_blocked"] == 2);
  CHECK(m["identity_columns"] == true);
  CHECK(std::filesystem::exists(options.out_dir + "/labels.csv"));
}

TEST_CASE("blocking pipeline: a truth without a socket log is refused before any output", "[analysis][blocking]") {
  const std::string policy = TempPath("refused-policy.yaml");
  std::ofstream(policy) << "process:\n  image_names: [msnmsgr.exe]\n";
  BlockRunOptions options = Options(policy, "block-refused");
  std::filesystem::remove(options.out_dir + "/sessions.csv");
  options.truth = kCase + "/truth.csv";
  CHECK_THROWS_WITH(RunBlocking(options), Catch::Contains("--truth needs --socket-log"));
  CHECK_FALSE(std::filesystem::exists(options.out_dir + "/sessions.csv"));
}
