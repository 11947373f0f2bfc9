#include "analyzers/labeling/socket-index.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

TEST_CASE("socket index groups polls into sorted snapshots", "[analysis][labeling]") {
  auto pc1 = Ip("10.0.0.11");
  std::vector<SocketRow> rows = {
      // Two hosts interleaved, rows of a poll out of port order.
      Tcp(Sec(1.00), "pc01", Ep("10.0.0.11", 50001), Ep("198.51.100.1", 443), SocketState::Established, 10, "chrome.exe"),
      Tcp(Sec(1.00), "pc01", Ep("0.0.0.0", 135), std::nullopt, SocketState::Listen, 900, "svchost.exe"),
      Tcp(Sec(1.01), "pc02", Ep("10.0.0.12", 50001), Ep("198.51.100.1", 443), SocketState::Established, 20, "Code.exe"),
      Udp(Sec(1.00), "pc01", Ep("0.0.0.0", 5353), 900, "svchost.exe"),
      Tcp(Sec(1.05), "pc01", Ep("127.0.0.1", 9000), std::nullopt, SocketState::Listen, 30, "local.exe"),
      Tcp(Sec(1.06), "pc02", Ep("127.0.0.1", 9000), std::nullopt, SocketState::Listen, 31, "local.exe"),
      Tcp(Sec(1.10), "pc01", Ep("10.0.0.11", 50001), Ep("198.51.100.1", 443), SocketState::Established, 10, "chrome.exe"),
  };
  auto index = SocketIndex::FromRows(rows, {{"pc03", {Ip("10.0.0.13")}}});
  CHECK(index.HostCount() == 3);
  HostId h1 = index.FindHost("pc01");
  REQUIRE(h1 != kNoHost);
  CHECK(index.HostOfIp(pc1) == h1);
  CHECK(index.HostOfIp(Ip("127.0.0.1")) == kNoHost);  // loopback never names a host
  CHECK(index.HostOfIp(Ip("10.0.0.13")) == index.FindHost("pc03"));
  CHECK(index.HostIps(h1) == std::vector<IpAddress>{pc1});
  REQUIRE(index.SnapshotCount(h1) == 3);
  CHECK(index.SnapshotAt(h1, 0).ts == Sec(1.00));
  CHECK(index.SnapshotAt(h1, 1).ts == Sec(1.05));

  CHECK(index.NearestSnapshot(h1, Sec(0)) == 0);
  CHECK(index.NearestSnapshot(h1, Sec(1.02)) == 0);
  CHECK(index.NearestSnapshot(h1, Sec(1.025)) == 0);  // tie: the earlier poll
  CHECK(index.NearestSnapshot(h1, Sec(1.03)) == 1);
  CHECK(index.NearestSnapshot(h1, Sec(99)) == 2);

  auto listen = SocketsAt(index, h1, 0, Proto::Tcp, 135);
  REQUIRE(listen.size() == 1);
  CHECK(index.ProcessName(listen[0].process) == "svchost.exe");
  CHECK(listen[0].state == SocketState::Listen);
  CHECK(SocketsAt(index, h1, 0, Proto::Udp, 5353).size() == 1);
  CHECK(SocketsAt(index, h1, 0, Proto::Udp, 135).empty());
  CHECK(index.SocketCount() == rows.size());
}

TEST_CASE("an address seen under two host names is ambiguous", "[analysis][labeling]") {
  std::vector<SocketRow> rows = {
      Udp(Sec(1), "pc01", Ep("10.0.0.50", 53), 1, "a.exe"),
      Udp(Sec(1), "pc02", Ep("10.0.0.50", 53), 2, "b.exe"),
  };
  auto index = SocketIndex::FromRows(rows);
  CHECK(index.HostOfIp(Ip("10.0.0.50")) == kNoHost);
  auto explicitMap = SocketIndex::FromRows(rows, {{"pc02", {Ip("10.0.0.50")}}});
  CHECK(explicitMap.HostOfIp(Ip("10.0.0.50")) == explicitMap.FindHost("pc02"));
}

TEST_CASE("socket index: IPv6 local addresses name their host, ::1 and :: do not", "[analysis][labeling][ipv6]") {
  const Endpoint host6{*ParseIp("2001:db8::11"), 50001};
  const Endpoint server6{*ParseIp("2001:db8:1::60"), 443};
  std::vector<SocketRow> rows = {
      Tcp(Sec(1.00), "pc01", host6, server6, SocketState::Established, 10, "chrome.exe"),
      Tcp(Sec(1.00), "pc01", Endpoint{*ParseIp("::"), 135}, std::nullopt, SocketState::Listen, 900, "svchost.exe"),
      Tcp(Sec(1.00), "pc02", Endpoint{*ParseIp("::1"), 9000}, std::nullopt, SocketState::Listen, 31, "local.exe"),
  };
  auto index = SocketIndex::FromRows(rows);
  const HostId pc1 = index.FindHost("pc01");
  REQUIRE(pc1 != kNoHost);
  CHECK(index.HostOfIp(host6.ip) == pc1);
  CHECK(index.HostOfIp(*ParseIp("::1")) == kNoHost);
  CHECK(index.HostOfIp(*ParseIp("::")) == kNoHost);
  CHECK(index.HostIps(pc1) == std::vector<IpAddress>{host6.ip});
  CHECK(index.AllHostIps().count(host6.ip) == 1);
}
