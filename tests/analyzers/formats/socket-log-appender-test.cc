#include "analyzers/formats/socket-log-appender.h"
#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace ntlab;

namespace {
using ntlab::test_support::TempPath;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

TEST_CASE("socket log appender writes the interval writer's bytes, a poll at a time", "[analysis][formats]") {
  const std::vector<SocketIntervalRow> rows{
      {1741597200050000, 1741597200100000, "pc01", Proto::Tcp, 0x0A00000B, 50123, Endpoint{0xC6336410, 443},
       SocketState::Established, 4242, "chrome, the browser"},
      {1741597200050000, 1741597200050000, "pc01", Proto::Udp, 0, 5353, std::nullopt, SocketState::None, 0, ""}};
  const std::string atomicPath = TempPath("appender-atomic.csv"), livePath = TempPath("appender-live.csv");
  SocketIntervalWriter atomic(atomicPath);
  for (const auto& row : rows) atomic.Write(row);
  atomic.Commit();

  SocketIntervalAppender live(livePath);
  const std::string header = Slurp(livePath);
  CHECK(header == "first_ts,last_ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n");
  for (const auto& row : rows) live.Write(row);
  CHECK(Slurp(livePath) == header);  // nothing reaches the file before the poll's Flush
  live.Flush();
  CHECK(Slurp(livePath) == Slurp(atomicPath));
  CHECK(live.Rows() == 2);
  std::remove(atomicPath.c_str());
  std::remove(livePath.c_str());
  CHECK_THROWS_AS(SocketIntervalAppender("/nonexistent-dir/socketlog.csv"), InputError);
}
