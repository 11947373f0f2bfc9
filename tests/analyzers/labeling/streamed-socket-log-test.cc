// The socket log streamed beside the capture (`--stream-socket-log`) must give the labels of the
// loaded log byte for byte: on every regression case with a socket log, both engines, batch and
// streaming post-processing, and with a lookbehind so short that the window drops rows the next
// question needs (the log is then read again from the start).
#include "analyzers/labeling/labeling-pipeline.h"
#include "analyzers/labeling/socket-log-window.h"
#include "tests/support/build-paths.h"
#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace ntlab;
using ntlab::test_support::TempPath;
namespace fs = std::filesystem;

namespace {

const std::string kCorpus = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// An interval-form log written out as the snapshot form a real logger would have written: every
// poll of the schedule, its visible rows in file order, polls of all hosts in time order.
void ExpandToSnapshots(const std::string& intervals, const std::string& polls, const std::string& out) {
  std::vector<SocketIntervalRow> rows;
  SocketIntervalReader reader(intervals);
  for (SocketIntervalRow row; reader.Next(row);) rows.push_back(row);
  std::vector<std::pair<TimeUs, std::string>> pollTimes;
  PollRunReader runs(polls);
  for (PollRunRow run; runs.Next(run);)
    for (std::uint64_t k = 0; k < run.polls; ++k) pollTimes.emplace_back(run.first_ts + run.interval_us * TimeUs(k), run.host);
  std::stable_sort(pollTimes.begin(), pollTimes.end());
  SocketLogWriter writer(out);
  for (const auto& [ts, host] : pollTimes)
    for (const auto& r : rows)
      if (r.host == host && r.first_ts <= ts && ts <= r.last_ts)
        writer.Write(SocketRow{ts, r.host, r.proto, r.local_ip, r.local_port, r.remote, r.state, r.pid, r.process});
  writer.Commit();
}

struct Case {
  std::string name;
  std::vector<std::string> pcaps;
  std::string socket_log;
  std::optional<std::string> events;
  std::optional<std::string> truth;
};

std::vector<Case> CorpusCases() {
  std::vector<Case> cases;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    std::string dir = entry.path().string() + "/";
    if (!fs::exists(dir + "socketlog.csv")) continue;
    Case c{entry.path().filename().string(), {}, dir + "socketlog.csv", std::nullopt, std::nullopt};
    c.pcaps = {fs::exists(dir + "pcap") ? dir + "pcap" : dir + "capture.pcap"};
    if (fs::exists(dir + "events.csv")) c.events = dir + "events.csv";
    if (fs::exists(dir + "truth.csv")) c.truth = dir + "truth.csv";
    if (DetectSocketLogForm(c.socket_log) == SocketLogForm::Interval) {
      std::string expanded = TempPath("stream-" + c.name + "-snapshots.csv");
      ExpandToSnapshots(c.socket_log, PollRunPathFor(c.socket_log), expanded);
      c.socket_log = expanded;
    }
    cases.push_back(c);
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

// labels.csv and metrics.json of one run.
std::pair<std::string, std::string> Label(LabelOptions options, const std::string& tag, SocketLogUse* use = nullptr) {
  options.labels_out = TempPath("stream-labels-" + tag + ".csv");
  options.metrics_out = TempPath("stream-metrics-" + tag + ".json");
  RunLabeling(options, use);
  return {Slurp(options.labels_out), Slurp(*options.metrics_out)};
}

}  // namespace

TEST_CASE("streamed socket log labels like the loaded one on the regression corpus", "[analysis][labeling][stream]") {
  auto cases = CorpusCases();
  REQUIRE(cases.size() >= 9);  // seven traps, capture-ipv6, blocking-bypasses, sim-2host-60s
  std::size_t rewound = 0;
  for (const Case& c : cases) {
    for (LabelEngine engine : {LabelEngine::Paper, LabelEngine::Ntlab}) {
      for (bool streamingPost : {false, true}) {
        LabelOptions options;
        UseEngine(options, engine);
        options.pcap_inputs = c.pcaps;
        options.socket_log = c.socket_log;
        options.events = c.events;
        options.truth = c.truth;
        options.post.streaming = streamingPost;
        std::string tag = c.name + "-" + ToString(engine) + (streamingPost ? "-streaming" : "-batch");
        INFO(tag);
        auto loaded = Label(options, tag + "-loaded");
        options.stream_socket_log = true;
        SocketLogUse use;
        auto streamed = Label(options, tag + "-streamed", &use);
        CHECK(streamed.first == loaded.first);
        CHECK(streamed.second == loaded.second);
        CHECK(use.held_max <= use.intervals);
        rewound += use.rewinds;
        // A lookbehind shorter than one poll: the window keeps only stage A's 10 polls back
        // (small logs only: a question beyond them costs a pass over the log).
        if (c.name.rfind("trap-", 0) != 0 || engine != LabelEngine::Paper || streamingPost) continue;
        options.socket_log_lookbehind = 1;
        SocketLogUse tight;
        auto rewinding = Label(options, tag + "-tight", &tight);
        CHECK(rewinding.first == loaded.first);
        CHECK(rewinding.second == loaded.second);
        rewound += tight.rewinds;
      }
    }
  }
  CHECK(rewound > 0);  // sim-2host-60s's second capture group starts the log over
}

TEST_CASE("streamed socket index holds only open and recent sockets", "[analysis][labeling][stream]") {
  // 200 short connections, one every second, each seen by 3 polls (50 ms apart), plus a listener.
  std::string path = TempPath("stream-window-log.csv");
  {
    SocketLogWriter log(path);
    const TimeUs t0 = 1741597200LL * kUsPerSecond;
    for (int second = 0; second < 200; ++second)
      for (int poll = 0; poll < 20; ++poll) {
        TimeUs ts = t0 + TimeUs(second) * kUsPerSecond + TimeUs(poll) * 50'000;
        log.Write({ts, "pc01", Proto::Tcp, IpAddress::FromIpv4(0), 135, std::nullopt, SocketState::Listen, 1020, "svchost.exe"});
        if (poll < 3)
          log.Write({ts, "pc01", Proto::Tcp, *IpAddress::Parse("10.0.0.11"), std::uint16_t(50000 + second),
                     Endpoint{*IpAddress::Parse("198.51.100.1"), 443}, SocketState::Established,
                     std::uint32_t(5000 + second), second % 2 ? "chrome.exe" : "curl.exe"});
      }
    log.Commit();
  }
  SocketStreamOptions options;
  options.lookbehind = 5 * kUsPerSecond;
  options.polls_back = 10;
  std::size_t segments = 0;
  options.segments = [&](const SocketIndex&, HostId, const SocketInterval*, std::size_t n) { segments += n; };
  SocketIndex streamed = SocketIndex::OpenStreamed(path, {}, options);
  SocketIndex loaded = SocketIndex::Load(path);
  CHECK(segments == loaded.SocketCount());  // every interval reaches the whole-log consumer once
  CHECK(streamed.SocketCount() == loaded.SocketCount());
  HostId host = streamed.FindHost("pc01");
  REQUIRE(host == loaded.FindHost("pc01"));
  CHECK(streamed.HostIps(host) == loaded.HostIps(host));
  for (std::uint32_t pid : {5000u, 5001u, 1020u}) CHECK(*streamed.NameOfPid(host, pid) == *loaded.NameOfPid(host, pid));
  auto owners = [&](const SocketIndex& index, std::size_t snapshot, std::uint16_t port) {
    std::vector<std::string> names;
    index.VisitSockets(host, snapshot, Proto::Tcp, port, [&](const IndexedSocket& s) {
      names.push_back(index.ProcessName(s.process));
      return false;
    });
    return names;
  };
  for (std::size_t second = 0; second < 200; ++second)
    for (std::size_t poll : {0, 2, 3}) {
      std::size_t snapshot = second * 20 + poll;
      CHECK(owners(streamed, snapshot, std::uint16_t(50000 + second)) == owners(loaded, snapshot, std::uint16_t(50000 + second)));
      CHECK(owners(streamed, snapshot, 135) == owners(loaded, snapshot, 135));
    }
  CHECK(streamed.Rewinds() == 0);
  // 5 s of lookbehind holds about 5 connections plus the listener, not 200.
  CHECK(streamed.IntervalsHeldMax() <= 12);
  CHECK(loaded.SocketCount() == 201);
  // A question from before the window reads the log again, and answers as Load does.
  CHECK(owners(streamed, 20, 50001) == owners(loaded, 20, 50001));
  CHECK(streamed.Rewinds() == 1);
}

TEST_CASE("streamed socket log refuses the interval form", "[analysis][labeling][stream]") {
  std::string path = kCorpus + "sim-2host-60s/socketlog.csv";
  CHECK_THROWS_AS(SocketIndex::OpenStreamed(path, {}, SocketStreamOptions{}), InputError);
}
