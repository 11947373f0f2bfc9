// The SocketLogger is emulated from socket-history.csv (docs/design.md), which is only sound if
// the history says exactly what the table showed: polling the table inside the event loop and
// sampling the recorded history at the same instants must give the same rows.
#include "scenarios/sim/socket-history-recorder.h"

#include "analyzers/formats/records.h"

#include "ns3/simulator.h"
#include "ns3/string.h"

#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <tuple>
#include "tests/support/build-paths.h"

using namespace ns3;
using ntlab::Proto;
using ntlab::SocketState;

namespace {

using RowKey = std::tuple<std::uint16_t, std::uint32_t, int, std::uint32_t>;  // port, remote ip, state, pid

RowKey KeyOf(std::uint16_t port, std::uint32_t remote, SocketState state, std::uint32_t pid) {
  return {port, remote, static_cast<int>(state), pid};
}

}  // namespace

TEST_CASE("socket history: sampling the record equals polling the table", "[sim][socket-logger]") {
  const ntlab::TimeUs epoch = 1741597200'000000;
  const std::string path = std::string(NTLAB_BINARY_DIR) + "/test-socket-history.csv";
  Ptr<SocketTable> table = CreateObject<SocketTable>();
  table->SetAttribute("HostName", StringValue("pc01"));
  table->AssignStreams(1);
  {
    ntlab::SocketHistoryRecorder recorder(path, [epoch](Time t) { return epoch + t.GetMicroSeconds(); }, Seconds(20));
    recorder.Observe(table);

    // Random connections: open (SYN_SENT), maybe established, closed actively or not, at random
    // times, many of them shorter than a poll.
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
      double open = std::uniform_real_distribution<>(0, 15)(rng);
      double established = open + std::uniform_real_distribution<>(0, 0.05)(rng);
      double close = established + std::exponential_distribution<>(5)(rng);
      bool active = rng() % 2;
      uint32_t remote = 0xC6336400u + i;
      uint32_t pid = 4 * (1 + rng() % 20);
      Simulator::Schedule(Seconds(open), [=]() {
        uint16_t port = table->AllocatePort(Proto::Tcp);
        uint32_t id = table->Open(Proto::Tcp, Ipv4Address("10.0.0.11"), port,
                                  SocketTable::Remote{ToIpAddress(Ipv4Address(remote)), 443}, SocketState::SynSent, pid, "app.exe");
        Simulator::Schedule(Seconds(established - open), [=]() { table->SetState(id, SocketState::Established); });
        Simulator::Schedule(Seconds(close - open), [=]() { table->Close(id, active); });
      });
    }
    // Poll inside the event loop at irregular instants (TIME_WAIT rows never expire before 20 s).
    std::vector<std::pair<ntlab::TimeUs, std::set<RowKey>>> polls;
    for (double t = 0.0137; t < 19; t += 0.0731) {
      Simulator::Schedule(Seconds(t), [&, t]() {
        std::set<RowKey> rows;
        table->ForEachVisible([&](const SocketEntry& e) {
          rows.insert(KeyOf(e.localPort, e.remoteIp.V4(), e.state, e.pid));
        });
        polls.emplace_back(epoch + Seconds(t).GetMicroSeconds(), std::move(rows));
      });
    }
    Simulator::Stop(Seconds(20));
    Simulator::Run();
    recorder.Finish();
    Simulator::Destroy();

    std::vector<ntlab::SocketIntervalRow> history;
    ntlab::SocketIntervalReader reader(path);
    ntlab::SocketIntervalRow row;
    while (reader.Next(row)) history.push_back(row);
    REQUIRE(history.size() > 600);  // every connection has SYN_SENT, ESTABLISHED and often TIME_WAIT rows

    std::size_t nonEmpty = 0;
    for (const auto& [ts, seen] : polls) {
      std::set<RowKey> sampled;
      for (const auto& h : history)
        if (h.first_ts <= ts && ts < h.last_ts)
          sampled.insert(KeyOf(h.local_port, h.remote ? h.remote->ip.V4() : 0, h.state, h.pid));
      INFO("poll at " << ntlab::FormatTs(ts));
      CHECK(sampled == seen);
      nonEmpty += !seen.empty();
    }
    CHECK(nonEmpty > polls.size() / 2);
  }
}

TEST_CASE("socket history: kernel sockets (System's, workload.system_share) stay out of it", "[sim][socket-logger]") {
  const std::string path = std::string(NTLAB_BINARY_DIR) + "/test-socket-history-kernel.csv";
  Ptr<SocketTable> table = CreateObject<SocketTable>();
  table->SetAttribute("HostName", StringValue("pc01"));
  table->AssignStreams(1);
  ntlab::SocketHistoryRecorder recorder(path, [](Time t) { return t.GetMicroSeconds(); }, Seconds(10));
  recorder.Observe(table);
  int opened = 0;
  table->TraceConnectWithoutContext("SocketOpened", Callback<void, const SocketEntry&>([&](const SocketEntry&) { ++opened; }));
  Simulator::Schedule(Seconds(1), [&]() {
    uint32_t smb = table->Open(Proto::Tcp, Ipv4Address("10.0.0.11"), 50001, SocketTable::Remote{ToIpAddress(Ipv4Address("10.0.0.12")), 445},
                               SocketState::SynSent, 4, "System", true);
    table->SetState(smb, SocketState::Established);
    table->Open(Proto::Udp, Ipv4Address::GetAny(), 137, std::nullopt, SocketState::None, 4, "System", true);
    table->Open(Proto::Tcp, Ipv4Address("10.0.0.11"), 50002, SocketTable::Remote{ToIpAddress(Ipv4Address("10.0.0.12")), 443},
                SocketState::Established, 1200, "chrome.exe");
    Simulator::Schedule(Seconds(2), [&, smb]() { table->Close(smb, true); });
  });
  Simulator::Stop(Seconds(10));
  Simulator::Run();
  recorder.Finish();
  Simulator::Destroy();
  CHECK(opened == 3);  // the table (and so the truth and ETW) had all three
  std::vector<ntlab::SocketIntervalRow> history;
  ntlab::SocketIntervalReader reader(path);
  ntlab::SocketIntervalRow row;
  while (reader.Next(row)) history.push_back(row);
  REQUIRE(history.size() == 1);  // only chrome's row: no SYN_SENT, ESTABLISHED, TIME_WAIT or UDP row of System's
  CHECK(history[0].process == "chrome.exe");
}
