#include "scenarios/config/workload-catalog.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {
const std::string kShipped = std::string(NTLAB_SOURCE_DIR) + "/scenarios/catalogs/paper-001.yaml";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string WriteCatalog(const std::string& name, const std::string& text) {
  std::string path = ntlab::test_support::TempPath("catalog-" + name + ".yaml");
  std::ofstream(path) << text;
  return path;
}

std::string ErrorOf(const std::string& path) {
  try {
    LoadWorkloadCatalog(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

/// The shipped catalog with `from` (first occurrence, must exist) replaced by `to`.
std::string Edited(const std::string& from, const std::string& to) {
  std::string text = ReadFile(kShipped);
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}
}  // namespace

TEST_CASE("the shipped paper-001 workload catalog loads", "[analysis][scenario]") {
  auto c = LoadWorkloadCatalog(kShipped);
  CHECK(c.name == "paper-001");
  CHECK(c.processes.size() >= 115);
  CHECK(c.reference.sessions == Approx(127245));
  CHECK(c.reference.hosts == 7);
  CHECK(c.unknown_share == Approx(0.002));
  CHECK(c.profiles.count("office-day") == 1);
  for (const auto& p : c.processes) {
    INFO(p.name);
    CHECK(!p.behaviour.basis.empty());
    CHECK(p.behaviour.lifetime.median > 0);
  }
}

TEST_CASE("catalog shares sum to 1 and follow Table 3", "[analysis][scenario]") {
  auto c = LoadWorkloadCatalog(kShipped);
  double sum = c.unknown_share, other = 0;
  for (const auto& p : c.processes) {
    sum += p.share;
    if (p.table3_rank == 0) other += p.share;
  }
  CHECK(sum == Approx(1).margin(1e-6));
  CHECK(other == Approx(kPaper001OtherShare).margin(1e-6));
  for (const auto& row : Paper001Table3()) {
    INFO(row.process);
    bool found = false;
    for (const auto& p : c.processes)
      if (p.name == row.process) {
        found = true;
        CHECK(p.share == Approx(row.share).margin(1e-4));
      }
    CHECK(found);
  }
  // 105 other applications, each below Table 3's rank 10 (heavy tail, ranks preserved).
  int tail = 0;
  for (const auto& p : c.processes)
    if (p.table3_rank == 0) {
      ++tail;
      CHECK(p.share < 0.0119);
    }
  CHECK(tail == 105);
  // True shares (every simulated session has an owner) sum to 1.
  double trueSum = 0;
  for (const auto& r : ComputeArrivalRates(c, 127245, 7)) trueSum += r.true_share;
  CHECK(trueSum == Approx(1).margin(1e-9));
}

TEST_CASE("arrival rates reproduce the labelled shares", "[analysis][scenario]") {
  auto c = LoadWorkloadCatalog(kShipped);
  auto rates = ComputeArrivalRates(c, 127245, 7);
  REQUIRE(rates.size() == c.processes.size());
  double dnsInduced = 0, total = 0;
  for (std::size_t i = 0; i < rates.size(); ++i) {
    const auto& r = rates[i];
    INFO(r.name);
    CHECK(r.arrivals_per_day > 0);
    CHECK(r.per_host_per_hour == Approx(r.arrivals_per_day / 7 / 24));
    double hourlySum = 0;
    for (double v : r.hourly_per_running_host) hourlySum += v;
    CHECK(hourlySum / 24 == Approx(r.per_running_host_per_hour));
    if (r.name != c.dns_client.process)
      dnsInduced += r.labelled_per_day * c.processes[i].behaviour.dns_lookups_per_session;
    total += r.labelled_per_day;
  }
  CHECK(total == Approx(127245));
  const auto& svc = rates[0];
  REQUIRE(svc.name == "svchost.exe");
  CHECK(svc.labelled_per_day == Approx(127245 * 0.5601 / 0.998));
  // svchost's label count = its own sessions (arrivals + long-lived) * (1 + own lookups) + others' lookups.
  double own = svc.arrivals_per_day + svc.long_lived_per_day;
  CHECK(own * (1 + c.processes[0].behaviour.dns_lookups_per_session) + dnsInduced ==
        Approx(svc.labelled_per_day));
  CHECK(svc.dns_induced_per_day > 0);
  // sshd runs on 2 of 7 hosts: its per-running-host rate is 7/2 of the all-host mean.
  for (const auto& r : rates)
    if (r.name == "sshd.exe") {
      CHECK(r.running_hosts == 2);
      CHECK(r.per_running_host_per_hour == Approx(r.per_host_per_hour * 3.5));
    }
  // The office-day profile puts more sessions at 10:00 than at 03:00 or in the 12:00 lunch dip.
  for (const auto& r : rates)
    if (r.name == "chrome.exe") {
      CHECK(r.hourly_per_running_host[10] > 5 * r.hourly_per_running_host[3]);
      CHECK(r.hourly_per_running_host[12] < r.hourly_per_running_host[11]);
    }
  CHECK_THROWS_AS(ComputeArrivalRates(c, 0, 7), InputError);
  CHECK_THROWS_AS(ComputeArrivalRates(c, 1000, 0), InputError);
}

TEST_CASE("catalog lifetimes include sub-poll-interval connections", "[analysis][scenario]") {
  auto c = LoadWorkloadCatalog(kShipped);
  // PROTOCOLS §4.4: lognormal median 0.4 s, sigma 2.3 puts 15-25 % of connections under 50 ms.
  const auto& svc = c.processes[0].behaviour.lifetime;
  const double paperPollInterval = 0.05;  // paper 001's SocketLogger period
  double under = FractionShorterThan(svc, paperPollInterval);
  CHECK(under > 0.15);
  CHECK(under < 0.25);
  CHECK(FractionShorterThan(svc, svc.median) == Approx(0.5));
  CHECK(FractionShorterThan(LogNormalSpec{1, 1}, 0) == 0);
}

TEST_CASE("bad workload catalogs fail with the key path", "[analysis][scenario]") {
  SECTION("unknown key") {
    auto path = WriteCatalog("unknown", Edited("    table3_rank: 1\n", "    table3_rank: 1\n    colour: blue\n"));
    auto e = ErrorOf(path);
    CHECK_THAT(e, Catch::StartsWith(path + ": processes[0].colour: unknown key"));
  }
  SECTION("poll_interval, no longer a catalog key") {
    auto path = WriteCatalog("poll", Edited("unknown_share: 0.0020", "poll_interval: 50ms\nunknown_share: 0.0020"));
    CHECK_THAT(ErrorOf(path), Catch::StartsWith(path + ": poll_interval: no longer a catalog key"));
    CHECK_THAT(ErrorOf(path), Catch::Contains("set poll_interval in the scenario"));
  }
  SECTION("unknown key inside a behaviour") {
    auto path = WriteCatalog("unknown-b", Edited("      instances: 12", "      jitter: 3\n      instances: 12"));
    CHECK_THAT(ErrorOf(path), Catch::Contains(": processes[0].behaviour.jitter: unknown key"));
  }
  SECTION("a single value where a mapping belongs") {
    // Found by tests/fuzz/workload-catalog-fuzzer: yaml-cpp's BadSubscript escaped, naming no file.
    auto path = WriteCatalog("profiles-scalar",
                             "catalog: x\n"
                             "dns_client: {process: svchost.exe, lifetime: {median: 30ms}, bytes: {median: 220}, basis: b}\n"
                             "profiles: office-day\n"
                             "processes: []\n");
    CHECK_THAT(ErrorOf(path), Catch::StartsWith(path + ": profiles: expected a mapping of keys"));
  }
  SECTION("a profile with no name, or a name given twice") {
    // Found by the workload-catalog fuzz campaign: an entry with no key was looked up again by the
    // text "null", and yaml-cpp's InvalidNode escaped, naming no file.
    const std::string hourly = "{basis: b, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}";
    const std::string head = "catalog: x\n"
                             "dns_client: {process: svchost.exe, lifetime: {median: 30ms}, bytes: {median: 220}, basis: b}\n"
                             "profiles:\n  office-day: " + hourly + "\n";
    auto nameless = WriteCatalog("profile-null-key", head + "  : " + hourly + "\nprocesses: []\n");
    CHECK_THAT(ErrorOf(nameless), Catch::StartsWith(nameless + ": profiles: a name must be a plain, non-empty value"));
    auto twice = WriteCatalog("profile-twice", head + "  office-day: " + hourly + "\nprocesses: []\n");
    CHECK_THAT(ErrorOf(twice), Catch::StartsWith(twice + ": profiles: 'office-day' is listed twice"));
  }
  SECTION("negative share") {
    auto path = WriteCatalog("negative", Edited("share: 0.1577", "share: -0.1577"));
    CHECK_THAT(ErrorOf(path), Catch::Contains(": processes[1].share: must be > 0"));
  }
  SECTION("profile of 23 entries") {
    auto path = WriteCatalog("profile23", Edited("1.6, 0.9, 0.5, 0.4, 0.3, 0.25, 0.2]", "1.6, 0.9, 0.5, 0.4, 0.3, 0.25]"));
    CHECK_THAT(ErrorOf(path), Catch::Contains(": profiles.office-day.hourly: needs 24 hourly values"));
  }
  SECTION("negative hourly value in a per-process override") {
    std::string hourly = "      hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
    auto path = WriteCatalog("hourly-neg", Edited("      profile: always-on\n", hourly));
    CHECK_THAT(ErrorOf(path), Catch::Contains(": processes[0].behaviour.hourly[12]: must be >= 0"));
  }
  SECTION("shares not summing to 1") {
    auto path = WriteCatalog("sum", Edited("share: 0.002677", "share: 0.003677"));  // msedge.exe, tail
    CHECK_THAT(ErrorOf(path), Catch::Contains(": processes: shares plus unknown_share must sum to 1"));
  }
  SECTION("a Table 3 share that differs from the paper") {
    // Move 0.001 from chrome to Code: the sum stays 1, but both leave Table 3.
    std::string text = Edited("share: 0.1577", "share: 0.1567");
    auto pos = text.find("share: 0.0328");
    text.replace(pos, 13, "share: 0.0338");
    CHECK_THAT(ErrorOf(WriteCatalog("table3", text)), Catch::Contains(": processes[1].share: Table 3 gives chrome.exe"));
  }
  SECTION("a Table 3 row missing") {
    auto path = WriteCatalog("rank", Edited("    table3_rank: 10\n", ""));
    CHECK_THAT(ErrorOf(path), Catch::Contains(": processes: Table 3 rank 10 (System) is missing"));
  }
  SECTION("a process without a behaviour") {
    std::string text = ReadFile(kShipped);
    auto start = text.find("    behaviour:\n", text.find("name: System"));
    auto end = text.find("  - name:", start);
    text.erase(start, end - start);
    CHECK_THAT(ErrorOf(WriteCatalog("nobehaviour", text)), Catch::Contains(": processes[9].behaviour: required key is missing"));
  }
  SECTION("non-positive lifetime") {
    auto path = WriteCatalog("lifetime", Edited("lifetime: {median: 400ms, sigma: 2.3}", "lifetime: {median: 0s, sigma: 2.3}"));
    CHECK_THAT(ErrorOf(path), Catch::Contains(": processes[0].behaviour.lifetime.median: '0s' is out of range (must be within 1us .. 1d)"));
  }
  SECTION("an SNI outside the reserved names") {
    auto path = WriteCatalog("sni", Edited("www.search.example.com", "www.google.com"));
    CHECK_THAT(ErrorOf(path), Catch::Contains(": processes[1].behaviour.sni[0]: 'www.google.com' is not a reserved name"));
  }
  SECTION("protocol fractions not summing to 1") {
    auto path = WriteCatalog("mix", Edited("{tls: 0.40, http: 0.08,", "{tls: 0.50, http: 0.08,"));
    CHECK_THAT(ErrorOf(path), Catch::Contains(": processes[0].behaviour.protocols: fractions must sum to 1"));
  }
  SECTION("DNS lookups that exceed svchost's share") {
    auto path = WriteCatalog("dns", Edited("dns_lookups_per_session: 0.15", "dns_lookups_per_session: 9"));
    CHECK_THAT(ErrorOf(path), Catch::Contains("svchost.exe cannot meet its share"));
  }
  SECTION("missing file") {
    CHECK_THAT(ErrorOf("/nonexistent/catalog.yaml"), Catch::Contains("cannot open workload catalog"));
  }
}
