// `ntlab messengers` through the real binary: the summary line on the regression corpus's
// messenger capture, and bad input (a bad truth file, a bad prefix) as one error line, exit 2 and
// no output folder.
#include "tests/support/command-outcome.h"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include "tests/support/build-paths.h"

using ntlab::test_support::Ntlab;
namespace fs = std::filesystem;

namespace {

const std::string kCase = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/messengers-login";

std::string FreshDir(const std::string& name) {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/messengers-" + name + "-" + std::to_string(::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("messengers: the summary line names sessions, endpoints, table and grades", "[analysis][e2e][messengers]") {
  const std::string out = FreshDir("summary") + "/out";
  auto o = Ntlab("messengers --pcap " + kCase + "/capture.pcap --truth " + kCase + "/messenger-roles.csv --out " + out);
  INFO(o.output);
  CHECK(o.exit_code == 0);
  CHECK(o.output.find("11 messenger sessions of 13 TCP sessions; 12 endpoints, 7 IP-table entries; "
                      "role accuracy 91.67 %, endpoint coverage 100.00 %") != std::string::npos);
  for (const char* file : {"sessions.csv", "structure.csv", "ip-table.csv", "metrics.json"})
    CHECK(fs::is_regular_file(out + "/" + file));
}

TEST_CASE("messengers: a bad truth file or prefix is one error line, exit 2, no output",
          "[analysis][e2e][messengers]") {
  const std::string dir = FreshDir("bad");
  std::ofstream(dir + "/roles.csv") << "ip,port,role\n64.4.9.254,1863,gateway\n";
  auto truth =
      Ntlab("messengers --pcap " + kCase + "/capture.pcap --truth " + dir + "/roles.csv --out " + dir + "/out");
  CHECK(truth.exit_code == 2);
  CHECK(truth.output.find("roles.csv:2: column 'role': 'gateway' is not dispatch") != std::string::npos);
  CHECK_FALSE(fs::exists(dir + "/out"));
  auto prefix = Ntlab("messengers --pcap " + kCase + "/capture.pcap --prefix 33 --out " + dir + "/out");
  CHECK(prefix.exit_code == 2);
  CHECK_FALSE(fs::exists(dir + "/out"));
}
