// WriteSessionsCsv (`ntlab sessions`): the capture options and the host networks travel with each
// call, so two callers in one process can choose differently.
#include "analyzers/sessions/sessions-csv.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

std::size_t Rows(const std::string& csv) { return std::count(csv.begin(), csv.end(), '\n') - 1; }

}  // namespace

TEST_CASE("sessions CSV: strictness is chosen per call, not per process", "[analysis][sessions][captures]") {
  const std::string cut = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/capture-truncated-tail/capture.pcap";
  CaptureOptions strict;
  strict.strict_captures = true;
  strict.warn = [](const std::string&) {};
  std::ostringstream ignored;
  CHECK_THROWS_WITH(WriteSessionsCsv({cut}, ignored, {}, strict), Catch::Contains("truncated capture (--strict-captures)"));
  // The same process, the next call lenient: the strict one left nothing behind.
  CaptureOptions lenient;
  std::vector<std::string> warnings;
  lenient.warn = [&warnings](const std::string& line) { warnings.push_back(line); };
  std::ostringstream out;
  CaptureStats stats = WriteSessionsCsv({cut}, out, {}, lenient);
  CHECK(stats.truncated_files == 1);
  CHECK(Rows(out.str()) == 9);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[1] == "89 records read; skipped: cut-short last record 1");
}

TEST_CASE("sessions CSV: IPv6 host networks choose the rows", "[analysis][sessions][hosts][ipv6]") {
  const std::string capture = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/capture-ipv6/capture.pcap";
  auto rows = [&](const std::string& hosts) {
    std::ostringstream out;
    WriteSessionsCsv({capture}, out, {}, {}, ParseHostNetworks({hosts}));
    return Rows(out.str());
  };
  CHECK(rows("2001:db8::11") == 6);
  CHECK(rows("10.0.0.11") == 1);
  CHECK(rows("2001:db8::11,10.0.0.0/8") == 7);
  CHECK(rows("2001:db9::/32") == 0);
}
