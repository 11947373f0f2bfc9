// The runner end to end, through its executable and the real ntlab: wrong checks fail by name,
// the update switch rewrites expected/ and nothing else, malformed cases and failing commands are
// reported as such.
#include "tests/support/command-outcome.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

using ntlab::test_support::Outcome;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A case folder written by the test; its commands read a committed trap capture.
fs::path MakeCase(const std::string& name, const std::string& testYaml) {
  fs::path dir = fs::path(NTLAB_REGRESSION_WORK) / "cases" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "test.yaml") << testYaml;
  return dir;
}

Outcome RunRunner(const fs::path& caseDir, bool update = false) {
  std::string command = std::string(update ? "NTLAB_UPDATE_BASELINES=1 " : "NTLAB_UPDATE_BASELINES= ") +
                        NTLAB_REGRESSION_RUNNER + " --ntlab " + NTLAB_EXECUTABLE + " --work " +
                        (fs::path(NTLAB_REGRESSION_WORK) / "out" / caseDir.filename()).string() + " " +
                        caseDir.string() + " 2>&1";
  return ntlab::test_support::RunShell(command);
}

const std::string kSessions =
    std::string("sessions ") + NTLAB_REGRESSION_DIR + "/trap-sni-post/capture.pcap > sessions.csv";

}  // namespace

TEST_CASE("runner: a deliberately wrong checks file fails, naming each wrong check", "[analysis][regression]") {
  fs::path dir = MakeCase("wrong-checks",
                          "description: deliberately wrong checks\n"
                          "commands: ['" +
                              kSessions +
                              "']\n"
                              "checks:\n"
                              "  - {csv: sessions.csv, count: 9}\n"
                              "  - {name: one session too many, csv: sessions.csv, count: 10}\n"
                              "  - {csv: sessions.csv, filter: {host_port: 50705}, match: {sni: www.example.com}}\n"
                              "  - {csv: sessions.csv, filter: {sni: shared.example.org}, count: 3}\n");
  Outcome out = RunRunner(dir);
  INFO(out.output);
  CHECK(out.exit_code == 1);
  CHECK(out.output.find("ok   check 1 (sessions.csv)") != std::string::npos);
  CHECK(out.output.find("check 2 'one session too many' (sessions.csv): 9 rows, expected 10") != std::string::npos);
  CHECK(out.output.find("check 3 (sessions.csv[host_port=50705]): row 5 column 'sni' is 'cdn.example.com', "
                        "expected 'www.example.com'") != std::string::npos);
  CHECK(out.output.find("ok   check 4") != std::string::npos);
  CHECK(out.output.find("regression/wrong-checks: FAILED") != std::string::npos);
}

TEST_CASE("runner: the update switch rewrites expected files and never test.yaml", "[analysis][regression]") {
  const std::string yaml = "description: update switch\ncommands: ['" + kSessions +
                           "']\nexpected: [sessions.csv]\n"
                           "checks: [{csv: sessions.csv, count: 9}]\n";
  fs::path dir = MakeCase("update-switch", yaml);
  fs::create_directories(dir / "expected");
  std::ofstream(dir / "expected" / "sessions.csv") << "stale\n";
  std::ofstream(dir / "expected" / "labels.csv") << "a baseline the case no longer lists\n";

  Outcome stale = RunRunner(dir);
  INFO(stale.output);
  CHECK(stale.exit_code == 1);
  CHECK(stale.output.find("expected/sessions.csv differs from the output: line 1: expected 'stale', got 'proto,") !=
        std::string::npos);
  CHECK(stale.output.find("expected/labels.csv is not listed under expected:") != std::string::npos);

  Outcome update = RunRunner(dir, true);
  INFO(update.output);
  CHECK(update.exit_code == 0);
  CHECK(update.output.find("updated expected/sessions.csv") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "expected" / "labels.csv"));
  CHECK(ReadText(dir / "test.yaml") == yaml);
  CHECK(ReadText(dir / "expected" / "sessions.csv") ==
        ReadText(fs::path(NTLAB_REGRESSION_WORK) / "out" / "update-switch" / "sessions.csv"));

  CHECK(RunRunner(dir).exit_code == 0);
}

TEST_CASE("runner: the update switch does not silence a hand-written check", "[analysis][regression]") {
  fs::path dir = MakeCase("update-keeps-checks",
                          "description: a wrong check under the switch\n"
                          "commands: ['" +
                              kSessions +
                              "']\n"
                              "checks: [{csv: sessions.csv, count: 8}]\n");
  Outcome out = RunRunner(dir, true);
  INFO(out.output);
  CHECK(out.exit_code == 1);
  CHECK(out.output.find("check 1 (sessions.csv): 9 rows, expected 8") != std::string::npos);
}

TEST_CASE("runner: malformed cases and failing commands are reported as such", "[analysis][regression]") {
  fs::path hidden = MakeCase("hidden-simulation",
                             "description: x\ncommands: ['run scenario.yaml --out run']\n"
                             "checks: [{json: run/metrics.json, match: {sessions: 1}}]\n");
  Outcome malformed = RunRunner(hidden);
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.output.find("must say simulates: true") != std::string::npos);

  fs::path failing = MakeCase("failing-command",
                              "description: x\ncommands: ['sessions missing.pcap > s.csv']\n"
                              "checks: [{csv: s.csv, count: 0}]\n");
  Outcome failed = RunRunner(failing);
  CHECK(failed.exit_code == 1);
  CHECK(failed.output.find("command 1 (ntlab sessions missing.pcap > s.csv) exited with status 2") !=
        std::string::npos);
}
