// The scenario's `workload:` section: the catalog path, the session rate and the byte cap, with
// the same strict errors as the rest of the schema.
#include "scenarios/config/scenario-config.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {
std::string Write(const std::string& name, const std::string& text) {
  std::string path = ntlab::test_support::TempPath("workload-" + name + ".yaml");
  std::ofstream(path) << text;
  return path;
}

std::string Scenario(const std::string& workload) {
  return "name: w\nduration: 10s\nworkload:\n" + workload + "hosts:\n  - name: pc01\n  - name: pc02\n";
}

std::string Catalog() { return std::string(NTLAB_SOURCE_DIR) + "/scenarios/catalogs/paper-001.yaml"; }

std::string ErrorOf(const std::string& path, const std::vector<ScenarioOverride>& overrides = {}) {
  try {
    LoadScenario(path, overrides);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("workload: the paper-001 scenarios load", "[analysis][scenario]") {
  auto full = LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/scenarios/paper-001.yaml");
  CHECK(full.workload.enabled);
  CHECK(full.hosts.size() == 7);
  CHECK(full.duration_s == Approx(86400));
  CHECK(full.workload.sessions_per_day == Approx(127245));
  CHECK(full.workload.bytes_cap == Approx(256 * 1024));
  CHECK(full.workload.catalog.find("scenarios/catalogs/paper-001.yaml") != std::string::npos);
  CHECK(full.hosts[0].processes.empty());

  auto small = LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/tests/data/scenarios/paper-001-small.yaml");
  CHECK(small.workload.enabled);
  CHECK(small.hosts.size() == 3);

  auto quick = LoadScenario(std::string(NTLAB_SOURCE_DIR) + "/scenarios/quickstart.yaml");
  CHECK_FALSE(quick.workload.enabled);
}

TEST_CASE("workload: keys, defaults and overrides", "[analysis][scenario]") {
  auto path = Write("ok", Scenario("  catalog: " + Catalog() + "\n  sessions_per_day: 100000\n"));
  auto c = LoadScenario(path);
  CHECK(c.workload.sessions_per_day == Approx(100000));
  CHECK(c.workload.bytes_cap == Approx(262144));
  CHECK(c.workload.servers == 4);
  auto o = LoadScenario(path, {ParseOverride("workload.sessions_per_day=90000"), ParseOverride("workload.bytes_cap=1MB")});
  CHECK(o.workload.sessions_per_day == Approx(90000));
  CHECK(o.workload.bytes_cap == Approx(1048576));

  double bytes = 0;
  CHECK(ParseByteSize("64KB", bytes));
  CHECK(bytes == Approx(65536));
  CHECK(ParseByteSize("1000", bytes));
  CHECK(bytes == Approx(1000));
  CHECK_FALSE(ParseByteSize("12 parsecs", bytes));
}

TEST_CASE("workload: bad values name the key", "[analysis][scenario]") {
  CHECK(ErrorOf(Write("missing", Scenario("  catalog: " + Catalog() + "\n"))).find("workload.sessions_per_day: required") !=
        std::string::npos);
  CHECK(ErrorOf(Write("zero", Scenario("  catalog: " + Catalog() + "\n  sessions_per_day: 0\n")))
            .find("workload.sessions_per_day: must be within 1..1e+08") != std::string::npos);
  CHECK(ErrorOf(Write("cap", Scenario("  catalog: " + Catalog() + "\n  sessions_per_day: 10\n  bytes_cap: lots\n")))
            .find("workload.bytes_cap: 'lots' is not a size") != std::string::npos);
  CHECK(ErrorOf(Write("unknown", Scenario("  catalog: " + Catalog() + "\n  sessions_per_day: 10\n  hosts: 7\n")))
            .find("workload.hosts: unknown key") != std::string::npos);
  CHECK(ErrorOf(Write("nocat", Scenario("  catalog: nowhere.yaml\n  sessions_per_day: 10\n"))).find("nowhere.yaml") !=
        std::string::npos);
  // Without a workload, hosts still need their processes.
  CHECK(ErrorOf(Write("noproc", "name: w\nduration: 10s\nhosts:\n  - name: pc01\n"))
            .find("hosts[0].processes: required") != std::string::npos);
}

TEST_CASE("workload: addresses_per_server", "[analysis][scenario]") {
  auto base = "  catalog: " + Catalog() + "\n  sessions_per_day: 100000\n";
  CHECK(LoadScenario(Write("aps-default", Scenario(base))).workload.addresses_per_server == 1024);
  CHECK(LoadScenario(Write("aps", Scenario(base + "  addresses_per_server: 3000\n"))).workload.addresses_per_server == 3000);
  CHECK(WorkloadBlockStride(1) == 1);
  CHECK(WorkloadBlockStride(1024) == 1024);
  CHECK(WorkloadBlockStride(1025) == 2048);
  CHECK(ErrorOf(Write("aps0", Scenario(base + "  addresses_per_server: 0\n")))
            .find("workload.addresses_per_server: must be a whole number within 1..16384") != std::string::npos);
  CHECK(ErrorOf(Write("apsbig", Scenario(base + "  addresses_per_server: 16385\n")))
            .find("workload.addresses_per_server: must be a whole number within 1..16384") != std::string::npos);
  CHECK(ErrorOf(Write("apsfrac", Scenario(base + "  addresses_per_server: 2.5\n")))
            .find("workload.addresses_per_server: must be a whole number within 1..16384") != std::string::npos);
  // 9 servers x 16384 do not fit 198.18.0.0/15; 8 do.
  CHECK(LoadScenario(Write("aps8", Scenario(base + "  servers: 8\n  addresses_per_server: 16384\n"))).workload.servers == 8);
  CHECK(ErrorOf(Write("aps9", Scenario(base + "  servers: 9\n  addresses_per_server: 9000\n")))
            .find("exceed 198.18.0.0/15") != std::string::npos);
}

TEST_CASE("workload: never_seen_share and system_share (issue 10), off by default", "[analysis][scenario]") {
  auto base = "  catalog: " + Catalog() + "\n  sessions_per_day: 100000\n";
  auto off = LoadScenario(Write("realism-off", Scenario(base)));
  CHECK(off.workload.never_seen_share == 0);
  CHECK(off.workload.system_share == 0);
  auto on = LoadScenario(Write("realism-on", Scenario(base + "  never_seen_share: 0.05\n  system_share: 0.02\n")));
  CHECK(on.workload.never_seen_share == Approx(0.05));
  CHECK(on.workload.system_share == Approx(0.02));
  auto o = LoadScenario(Write("realism-off", Scenario(base)), {ParseOverride("workload.never_seen_share=0.1")});
  CHECK(o.workload.never_seen_share == Approx(0.1));
  CHECK(ErrorOf(Write("ns-big", Scenario(base + "  never_seen_share: 0.6\n")))
            .find("workload.never_seen_share: must be within 0..0.5") != std::string::npos);
  CHECK(ErrorOf(Write("sys-big", Scenario(base + "  system_share: 0.3\n")))
            .find("workload.system_share: must be within 0..0.2") != std::string::npos);
  // The servers' blocks must leave 198.19.0.0/16 to the fresh addresses: 8 x 16384 do not.
  CHECK(LoadScenario(Write("ns-8", Scenario(base + "  servers: 8\n  addresses_per_server: 16384\n"))).workload.servers == 8);
  CHECK(ErrorOf(Write("ns-8on", Scenario(base + "  servers: 8\n  addresses_per_server: 16384\n  never_seen_share: 0.01\n")))
            .find("workload.never_seen_share: the servers' blocks must fit 198.18.0.0/16") != std::string::npos);
  // 10 s of 100,000 sessions/day is ~12 sessions; a week at 10 M/day and 0.5 exhausts the block.
  std::string week = "name: w\nduration: 7d\nworkload:\n  catalog: " + Catalog() +
                     "\n  sessions_per_day: 10000000\n  never_seen_share: 0.5\nhosts:\n  - name: pc01\n  - name: pc02\n";
  CHECK(ErrorOf(Write("ns-week", week)).find("would exhaust 198.19.0.0/16") != std::string::npos);
}

TEST_CASE("workload: ipv6_share (issue 10), off by default, within 0..1", "[analysis][scenario]") {
  auto base = "  catalog: " + Catalog() + "\n  sessions_per_day: 100000\n";
  CHECK(LoadScenario(Write("ipv6-off", Scenario(base))).workload.ipv6_share == 0);
  CHECK(LoadScenario(Write("ipv6-on", Scenario(base + "  ipv6_share: 0.3\n"))).workload.ipv6_share == Approx(0.3));
  auto o = LoadScenario(Write("ipv6-off", Scenario(base)), {ParseOverride("workload.ipv6_share=1")});
  CHECK(o.workload.ipv6_share == Approx(1));
  CHECK(ErrorOf(Write("ipv6-big", Scenario(base + "  ipv6_share: 1.5\n")))
            .find("workload.ipv6_share: must be within 0..1") != std::string::npos);
  CHECK(ErrorOf(Write("ipv6-neg", Scenario(base + "  ipv6_share: -0.1\n")))
            .find("workload.ipv6_share: must be within 0..1") != std::string::npos);
}

TEST_CASE("workload: browser_processes and browser_child_lifetime (issue 10), off by default", "[analysis][scenario]") {
  auto base = "  catalog: " + Catalog() + "\n  sessions_per_day: 100000\n";
  auto off = LoadScenario(Write("browsers-off", Scenario(base)));
  CHECK(off.workload.browser_processes == 0);
  CHECK(off.workload.browser_child_lifetime_s == Approx(300));
  auto on = LoadScenario(Write("browsers-on", Scenario(base + "  browser_processes: 4\n  browser_child_lifetime: 2min\n")));
  CHECK(on.workload.browser_processes == 4);
  CHECK(on.workload.browser_child_lifetime_s == Approx(120));
  auto o = LoadScenario(Write("browsers-off", Scenario(base)), {ParseOverride("workload.browser_processes=2")});
  CHECK(o.workload.browser_processes == 2);
  CHECK(ErrorOf(Write("browsers-big", Scenario(base + "  browser_processes: 17\n"))).find("workload.browser_processes") !=
        std::string::npos);
  CHECK(ErrorOf(Write("browsers-life", Scenario(base + "  browser_child_lifetime: 10ms\n")))
            .find("workload.browser_child_lifetime") != std::string::npos);
}
