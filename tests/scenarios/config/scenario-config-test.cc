#include "analyzers/formats/capture-file-name.h"
#include "scenarios/config/scenario-config.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {
std::string WriteScenario(const std::string& name, const std::string& text) {
  std::string path = ntlab::test_support::TempPath(name + ".yaml");
  std::ofstream(path) << text;
  return path;
}

const char* kMinimal = R"(name: t
duration: 10s
servers:
  - {name: web, kind: web, domains: [a.example]}
hosts:
  - name: pc01
    processes:
      - {name: chrome.exe, behaviour: browser, domains: [a.example], interval: 2s}
)";

std::string ErrorOf(const std::string& path) {
  try {
    LoadScenario(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("the shipped scenarios load", "[analysis][scenario]") {
  auto quick = LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml");
  CHECK(quick.hosts.size() == 4);
  CHECK(quick.poll_interval_s == Approx(0.05));
  CHECK(quick.rotate_s == Approx(60));
  CHECK(FormatUtcStamp(quick.start) == "20250310T090000Z");
  auto small = LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/small.yaml");
  CHECK(small.seed == 7);
  CHECK(small.servers[2].kind == ServerKind::SshClient);
  auto zeus = LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/scenarios/zeus-office.yaml");
  CHECK(zeus.servers[0].kind == ServerKind::ZeusCnc);
  CHECK(zeus.hosts[0].processes[0].behaviour == Behaviour::ZeusBot);
  auto kraken = LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/scenarios/kraken-office.yaml");
  CHECK(kraken.kraken.enabled);
  CHECK(kraken.kraken.update_servers == 5);
  CHECK(kraken.hosts[4].processes[0].behaviour == Behaviour::DyndnsUpdater);
}

TEST_CASE("overrides change scenario values before validation", "[analysis][scenario]") {
  std::string path = std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml";
  auto c = LoadScenario(path, {{"poll_interval", "5s"}, {"events.loss", "0.5"}, {"benign_load", "4"}});
  CHECK(c.poll_interval_s == Approx(5));
  CHECK(c.events.loss == Approx(0.5));
  CHECK(c.benign_load == Approx(4));
  CHECK_THROWS_WITH(LoadScenario(path, {{"events.loss", "2"}}), Catch::Contains("events.loss: must be within 0..1"));
  CHECK_THROWS_WITH(LoadScenario(path, {{"hosts", "3"}}), Catch::Contains("only single values can be overridden"));
  CHECK_THROWS_WITH(LoadScenario(path, {{"flavour", "salty"}}), Catch::Contains("flavour: unknown key"));
}

TEST_CASE("durations parse with units", "[analysis][scenario]") {
  double s = 0;
  CHECK((ParseDuration("50ms", s) && s == Approx(0.05)));
  CHECK((ParseDuration("3min", s) && s == Approx(180)));
  CHECK((ParseDuration("1.5", s) && s == Approx(1.5)));
  CHECK((ParseDuration("2h", s) && s == Approx(7200)));
  CHECK_FALSE(ParseDuration("5 parsecs", s));
  CHECK_FALSE(ParseDuration("fast", s));
}

TEST_CASE("scenario errors name the file and the key", "[analysis][scenario]") {
  CHECK(ErrorOf(WriteScenario("ok", kMinimal)).empty());

  std::string unknown = std::string(kMinimal) + "colour: blue\n";
  auto msg = ErrorOf(WriteScenario("unknown-key", unknown));
  CHECK(msg.find("-unknown-key.yaml: colour: unknown key") != std::string::npos);

  std::string badInterval = kMinimal;
  badInterval.replace(badInterval.find("interval: 2s"), 12, "interval: -1s");
  msg = ErrorOf(WriteScenario("bad-interval", badInterval));
  CHECK(msg.find("hosts[0].processes[0].interval: '-1s' is out of range (must be within 10ms .. 1d)") != std::string::npos);

  std::string badPoll = std::string(kMinimal) + "poll_interval: 0.1us\n";
  CHECK(ErrorOf(WriteScenario("bad-poll", badPoll)).find("poll_interval") != std::string::npos);

  std::string unserved = kMinimal;
  unserved.replace(unserved.find("domains: [a.example], interval"), 20, "domains: [b.example]");
  CHECK(ErrorOf(WriteScenario("unserved", unserved)).find("no server serves 'b.example'") != std::string::npos);

  std::string wrongKey = kMinimal;
  wrongKey.replace(wrongKey.find("interval: 2s"), 12, "interval: 2s, port: 22");
  CHECK(ErrorOf(WriteScenario("wrong-key", wrongKey)).find("applies only to inbound-server") != std::string::npos);

  CHECK(ErrorOf(std::string(NTLAB_BINARY_DIR) + "/no-such.yaml").find("cannot open") != std::string::npos);
  CHECK(ErrorOf(WriteScenario("not-yaml", "name: [unclosed\n")).find("not valid YAML") != std::string::npos);
}

TEST_CASE("ETW short-connection loss, logger cost and labeling keys", "[analysis][scenario]") {
  std::string path = std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml";
  auto c = LoadScenario(path, {{"events.short_lifetime", "20ms"},
                               {"events.short_loss", "0.4"},
                               {"logger.poll_cost_base", "1ms"},
                               {"logger.poll_cost_per_row", "20us"},
                               {"labeling.defer_learnt", "true"},
                               {"labeling.events_in_post", "true"},
                               {"labeling.engine", "ntlab"}});
  CHECK(c.events.short_lifetime_s == Approx(0.02));
  CHECK(c.events.short_loss == Approx(0.4));
  CHECK(c.logger.poll_cost_base_ms == Approx(1.0));
  CHECK(c.logger.poll_cost_per_row_ms == Approx(0.02));
  CHECK(c.labeling.defer_learnt);
  CHECK(c.labeling.events_in_post);
  CHECK(c.labeling.engine == "ntlab");
  auto d = LoadScenario(path);  // defaults leave existing scenarios as they were
  CHECK(d.events.short_loss == 0);
  CHECK_FALSE(d.labeling.defer_learnt);
  CHECK(d.labeling.engine == "paper");
  CHECK_THROWS_WITH(LoadScenario(path, {{"labeling.engine", "fast"}}),
                    Catch::Contains("'fast' is not an engine (paper or ntlab)"));
  CHECK_THROWS_WITH(LoadScenario(path, {{"events.short_loss", "1.5"}}), Catch::Contains("events.short_loss: must be within 0..1"));
  CHECK_THROWS_WITH(LoadScenario(path, {{"labeling.guess", "true"}}), Catch::Contains("labeling.guess: unknown key"));
  // Analysis keys never re-simulate.
  CHECK(IsAnalysisKey("poll_interval"));
  CHECK(IsAnalysisKey("labeling.defer_learnt"));
  CHECK(IsAnalysisKey("labeling.engine"));
  CHECK_FALSE(IsAnalysisKey("events.loss"));
  CHECK_FALSE(IsAnalysisKey("seed"));
}

TEST_CASE("logger and host realism keys are off by default, read and range-checked", "[analysis][scenario][realism]") {
  const std::string quickstart = std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml";
  const std::string paper = std::string(NTLAB_SOURCE_DIR) + "/scenarios/paper-001.yaml";
  auto d = LoadScenario(paper);
  CHECK(d.logger.clock_offset_s == 0);
  CHECK(d.logger.clock_drift_ppm == 0);
  CHECK(d.logger.poll_jitter_s == 0);
  CHECK_FALSE(d.logger.late_polls);
  CHECK_FALSE(d.logger.name_at_poll);
  CHECK_FALSE(d.workload.pid_release_at_exit);
  CHECK(d.workload.pid_reuse < 0);  // the catalog's own restarts.pid_reuse
  auto c = LoadScenario(paper, {{"logger.clock_offset", "100ms"},
                                {"logger.clock_drift_ppm", "20"},
                                {"logger.poll_jitter", "2ms"},
                                {"logger.late_polls", "true"},
                                {"logger.name_lookup", "at_poll"},
                                {"workload.pid_release", "at_exit"},
                                {"workload.pid_reuse", "0.9"}});
  CHECK(c.logger.clock_offset_s == Approx(0.1));
  CHECK(c.logger.clock_drift_ppm == Approx(20));
  CHECK(c.logger.poll_jitter_s == Approx(0.002));
  CHECK(c.logger.late_polls);
  CHECK(c.logger.name_at_poll);
  CHECK(c.workload.pid_release_at_exit);
  CHECK(c.workload.pid_reuse == Approx(0.9));
  CHECK_THROWS_WITH(LoadScenario(quickstart, {{"logger.name_lookup", "cached"}}),
                    Catch::Contains("'cached' is not at_open or at_poll"));
  CHECK_THROWS_WITH(LoadScenario(quickstart, {{"logger.clock_offset", "2min"}}), Catch::Contains("logger.clock_offset"));
  CHECK_THROWS_WITH(LoadScenario(quickstart, {{"logger.clock_drift_ppm", "-1"}}), Catch::Contains("logger.clock_drift_ppm"));
  CHECK_THROWS_WITH(LoadScenario(paper, {{"workload.pid_release", "never"}}),
                    Catch::Contains("'never' is not sockets_closed or at_exit"));
  CHECK_THROWS_WITH(LoadScenario(paper, {{"workload.pid_reuse", "2"}}), Catch::Contains("workload.pid_reuse"));
}
