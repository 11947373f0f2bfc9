// merged.csv of `ntlab merge`: a round trip of merged and unmerged flows, and the errors bad rows get.
#include "analyzers/formats/merge-files.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using test_support::InputErrorOf;
using test_support::WriteText;
using ntlab::test_support::TempPath;

namespace {

MergedFlowRow MergedFlow() {
  MergedFlowRow r;
  r.public_side = {*ParseIpv4("203.0.113.1"), 20004};
  r.remote = {*ParseIpv4("198.51.100.10"), 443};
  r.first_ts = 1741597232951147;
  r.last_ts = 1741597234434464;
  r.packets = 17;
  r.matched = 15;
  r.colliding = 2;
  r.merged = true;
  r.host = {*ParseIpv4("10.0.0.11"), 58357};
  r.votes = 15;
  r.domain = "b.example.com";
  r.process = "chrome.exe";
  r.pid = 4242;
  r.user = "alice";
  return r;
}

}  // namespace

TEST_CASE("merge files: merged.csv reads back what was written", "[analysis][formats][domains]") {
  const std::string path = TempPath("merged.csv");
  MergedFlowRow unmerged = MergedFlow();
  unmerged.merged = false;
  unmerged.host = {};
  unmerged.votes = 0;
  unmerged.process.clear();
  unmerged.pid.reset();
  unmerged.user.clear();
  MergedFlowWriter writer(path);
  writer.Write(MergedFlow());
  writer.Write(unmerged);
  writer.Commit();
  const auto rows = ReadMergedFlowsCsv(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].public_side == MergedFlow().public_side);
  CHECK(rows[0].host == MergedFlow().host);
  CHECK(rows[0].merged);
  CHECK(rows[0].colliding == 2);
  CHECK(rows[0].process == "chrome.exe");
  CHECK(rows[0].pid == std::optional<std::uint32_t>(4242));
  CHECK(rows[0].user == "alice");
  CHECK(rows[1].user.empty());
  CHECK_FALSE(rows[1].merged);
  CHECK(rows[1].host == Endpoint{});
  CHECK_FALSE(rows[1].pid);
  CHECK(rows[1].domain == "b.example.com");
}

TEST_CASE("merge files: an unmerged flow with a device endpoint is refused by column", "[analysis][formats][domains]") {
  const std::string path = TempPath("merged-bad.csv");
  WriteText(path,
            "proto,public_ip,public_port,remote_ip,remote_port,first_ts,last_ts,packets,matched_packets,"
            "colliding_packets,merged,host_ip,host_port,votes,domain,process,pid,user\n"
            "tcp,203.0.113.1,20004,198.51.100.10,443,1741597232.951147,1741597234.434464,17,15,2,0,10.0.0.11,58357,0,,,,\n");
  CHECK(InputErrorOf([&] { ReadMergedFlowsCsv(path); }).find("column 'host_ip'") != std::string::npos);
  WriteText(path,
            "proto,public_ip,public_port,remote_ip,remote_port,first_ts,last_ts,packets,matched_packets,"
            "colliding_packets,merged,host_ip,host_port,votes,domain,process,pid,user\n"
            "tcp,203.0.113.1,20004,198.51.100.10,443,1741597232.951147,1741597234.434464,17,15,2,yes,,,0,,,,\n");
  CHECK(InputErrorOf([&] { ReadMergedFlowsCsv(path); }).find("column 'merged'") != std::string::npos);
}
