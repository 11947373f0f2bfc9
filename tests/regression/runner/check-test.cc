// The regression checks themselves: a check that should fail does, and its message names it.
#include "tests/regression/runner/check.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace ntlab::regression;

namespace {

fs::path OutputFolder(const std::string& name) {
  fs::path dir = fs::path(NTLAB_REGRESSION_WORK) / "check-test" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void WriteText(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

const char* kLabels =
    "proto,host_port,process,stage,community_id\n"
    "tcp,50001,chrome.exe,A,1:aaa=\n"
    "tcp,50002,chrome.exe,B,1:bbb=\n"
    "udp,51001,svchost.exe,A,1:ccc=\n"
    "tcp,50003,\"Unknown, still\",,1:ddd=\n";

const char* kMetrics = R"({"accuracy": 0.9817, "sessions": 4, "stages": {"A": {"decided": 2}},
  "top10": {"chrome.exe": 0.5}, "confusion": [[19, 0], [0, 26]], "truth": null, "reused": false,
  "wrong_labels": [{"label": "chrome.exe", "truth": "Code.exe", "count": 2}]})";

std::vector<std::string> Evaluate(const std::string& yaml, const fs::path& out, std::size_t number = 1) {
  return Check::FromYaml(YAML::Load(yaml), number).Evaluate(out);
}

bool Contains(const std::vector<std::string>& failures, const std::string& text) {
  for (const auto& f : failures)
    if (f.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("filter and count: a wrong count fails and names the check", "[analysis][regression]") {
  fs::path out = OutputFolder("count");
  WriteText(out / "labels.csv", kLabels);
  CHECK(Evaluate("{csv: labels.csv, filter: {stage: A}, count: 2}", out).empty());
  CHECK(Evaluate("{csv: labels.csv, filter: {stage: A, proto: udp}, count: 1}", out).empty());
  CHECK(Evaluate("{csv: labels.csv, count: 4}", out).empty());
  auto failures = Evaluate("{name: stage A decides, csv: labels.csv, filter: {stage: A}, count: 3}", out, 7);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0] == "check 7 'stage A decides' (labels.csv[stage='A']): 2 rows, expected 3");
}

TEST_CASE("match: a named row must exist once and hold every value", "[analysis][regression]") {
  fs::path out = OutputFolder("match");
  WriteText(out / "labels.csv", kLabels);
  CHECK(Evaluate("{csv: labels.csv, filter: {community_id: '1:bbb='}, match: {process: chrome.exe, stage: B}}", out)
            .empty());
  CHECK(Evaluate("{csv: labels.csv, filter: {host_port: 50003}, match: {process: 'Unknown, still', stage: ''}}", out)
            .empty());
  CHECK(Evaluate("{csv: labels.csv, filter: {process: chrome.exe}, count: 2, match: {proto: tcp}}", out).empty());

  auto wrong = Evaluate("{csv: labels.csv, filter: {community_id: '1:bbb='}, match: {stage: A}}", out, 2);
  REQUIRE(wrong.size() == 1);
  CHECK(wrong[0] == "check 2 (labels.csv[community_id='1:bbb=']): row 2 column 'stage' is 'B', expected 'A'");
  CHECK(Contains(Evaluate("{csv: labels.csv, filter: {process: chrome.exe}, match: {proto: tcp}}", out),
                 "selects 2 rows; match: without count: needs exactly one"));
  CHECK(Contains(Evaluate("{csv: labels.csv, filter: {host: pc01}, count: 0}", out), "has no column 'host'"));
}

TEST_CASE("values: numbers compare as numbers, quoted text as text", "[analysis][regression]") {
  fs::path out = OutputFolder("values");
  WriteText(out / "t.csv", "port,rate,flag,empty\n443.0,0.98171,true,\n");
  CHECK(Evaluate("{csv: t.csv, match: {port: 443, rate: {value: 0.9817, tolerance: 0.0001}, flag: true, empty: null}}",
                 out)
            .empty());
  CHECK(Contains(Evaluate("{csv: t.csv, match: {port: '443'}}", out), "is '443.0', expected '443'"));
  CHECK(Contains(Evaluate("{csv: t.csv, match: {rate: 0.9817}}", out), "expected 0.9817"));
  CHECK(
      Contains(Evaluate("{csv: t.csv, match: {rate: {value: 0.98, tolerance: 0.001}}}", out), "expected 0.98 ± 0.001"));
}

TEST_CASE("json: values by dotted path, rows of an array", "[analysis][regression]") {
  fs::path out = OutputFolder("json");
  WriteText(out / "metrics.json", kMetrics);
  CHECK(Evaluate("{json: metrics.json, match: {sessions: 4, stages.A.decided: 2, top10.chrome.exe: 0.5, "
                 "confusion.1.1: 26, truth: null, reused: false, accuracy: {value: 0.98, tolerance: 0.002}}}",
                 out)
            .empty());
  auto failures = Evaluate("{json: metrics.json, match: {sessions: 5, stages.B.decided: 0, reused: 'false'}}", out, 4);
  REQUIRE(failures.size() == 3);
  CHECK(failures[0] == "check 4 (metrics.json): sessions is 4, expected 5");
  CHECK(failures[1] == "check 4 (metrics.json): no value at 'stages.B.decided'");
  CHECK(failures[2] == "check 4 (metrics.json): reused is false, expected 'false'");
  CHECK(Evaluate(
            "{json: metrics.json, rows: wrong_labels, filter: {label: chrome.exe}, match: {truth: Code.exe, count: 2}}",
            out)
            .empty());
  CHECK(Contains(Evaluate("{json: metrics.json, rows: wrong_labels, count: 3}", out), "1 rows, expected 3"));
}

TEST_CASE("a missing output fails the check that reads it", "[analysis][regression]") {
  fs::path out = OutputFolder("missing");
  auto failures = Evaluate("{csv: labels.csv, count: 1}", out, 3);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0] ==
        "check 3 (labels.csv): " + (out / "labels.csv").string() + ": cannot open file (missing or unreadable)");
  CHECK(Contains(Evaluate("{json: metrics.json, match: {a: 1}}", out), "no output file metrics.json"));
}

TEST_CASE("a check that asserts nothing or has unknown keys is refused", "[analysis][regression]") {
  CHECK_THROWS_AS(Check::FromYaml(YAML::Load("{csv: labels.csv, filter: {stage: A}}"), 1), CaseError);
  CHECK_THROWS_AS(Check::FromYaml(YAML::Load("{csv: labels.csv, count: 1, where: {stage: A}}"), 1), CaseError);
  CHECK_THROWS_AS(Check::FromYaml(YAML::Load("{csv: a.csv, json: b.json, count: 1}"), 1), CaseError);
  CHECK_THROWS_AS(Check::FromYaml(YAML::Load("{json: m.json, filter: {a: 1}, count: 1}"), 1), CaseError);
  CHECK_THROWS_AS(Check::FromYaml(YAML::Load("{json: m.json, match: {a: {value: 1}}}"), 1), CaseError);
}
