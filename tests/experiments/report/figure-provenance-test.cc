#include "experiments/report/figure-provenance.h"

#include "experiments/report/run-report.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include "tests/support/build-paths.h"

using namespace ntlab;

namespace {

/// A references document in the shape of experiments/references/paper-001.yaml: post_rate tuned
/// at 50 ms, sessions an input, engine_rate compared but not declared.
YAML::Node HandMadeReferences() {
  return YAML::Load(R"(
engine_only: {rate: 0.9017}
after_post_processing: {rate: 0.9980, unknown: 260}
setting: {sessions: 127245}
beside:
  sessions_monitored: setting.sessions
  engine_rate: engine_only.rate
  post_rate: after_post_processing.rate
provenance:
  scenario: office.yaml
  input:
    sessions_monitored: {note: "the paper's session count", at: {workload.sessions_per_day: 127245}}
  calibrated:
    post_rate:
      knobs: {events.short_loss: 0.2}
      at: {poll_interval: 50ms, labeling.events: true}
      default: [logger.late_polls]
)");
}

/// A scenario file named office.yaml with the declared settings at their declared values.
std::string WriteOfficeScenario() {
  const std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-figure-provenance";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/office.yaml") << "poll_interval: 50ms\nevents:\n  short_loss: 0.2\n"
                                         "workload:\n  sessions_per_day: 127245\n";
  return dir + "/office.yaml";
}

}  // namespace

TEST_CASE("figure marks follow the references file's provenance", "[analysis][report][provenance]") {
  const FigureProvenance provenance(HandMadeReferences());
  const std::string office = WriteOfficeScenario();
  const RunSettings calibrated = SettingsOfRun(office, {}, true);

  CHECK(provenance.MarkOf("sessions_monitored", calibrated).origin == FigureOrigin::Input);
  FigureMark post = provenance.MarkOf("post_rate", calibrated);
  CHECK(post.origin == FigureOrigin::Calibrated);
  CHECK(post.why.find("events.short_loss = 0.2") != std::string::npos);
  CHECK(post.why.find("after_post_processing.rate") != std::string::npos);

  SECTION("a compared figure nobody declared is predicted") {
    CHECK(provenance.MarkOf("engine_rate", calibrated).origin == FigureOrigin::Predicted);
  }
  SECTION("the same value written another way keeps the mark") {
    CHECK(provenance.MarkOf("post_rate", SettingsOfRun(office, {{"poll_interval", "0.05s"}}, true)).origin ==
          FigureOrigin::Calibrated);
  }
  SECTION("another poll interval, another knob value or no events makes it a prediction") {
    FigureMark at100 = provenance.MarkOf("post_rate", SettingsOfRun(office, {{"poll_interval", "100ms"}}, true));
    CHECK(at100.origin == FigureOrigin::Predicted);
    CHECK(at100.why == "calibrated at poll_interval = 50ms, run at 100ms");
    CHECK(provenance.MarkOf("post_rate", SettingsOfRun(office, {{"events.short_loss", "0.3"}}, true)).origin ==
          FigureOrigin::Predicted);
    CHECK(provenance.MarkOf("post_rate", SettingsOfRun(office, {}, false)).origin == FigureOrigin::Predicted);
    // A key the calibration left at its default, now set: the logger it was tuned with is gone.
    FigureMark late = provenance.MarkOf("post_rate", SettingsOfRun(office, {{"logger.late_polls", "true"}}, true));
    CHECK(late.origin == FigureOrigin::Predicted);
    CHECK(late.why == "calibrated at logger.late_polls = (default), run at true");
    // The input holds whatever the poll interval: it names no poll setting.
    CHECK(provenance.MarkOf("sessions_monitored", SettingsOfRun(office, {{"poll_interval", "100ms"}}, true)).origin ==
          FigureOrigin::Input);
  }
  SECTION("another scenario makes every figure a prediction") {
    const std::string other = std::filesystem::path(office).replace_filename("other.yaml").string();
    std::filesystem::copy_file(office, other, std::filesystem::copy_options::overwrite_existing);
    CHECK(provenance.MarkOf("sessions_monitored", SettingsOfRun(other, {}, true)).origin == FigureOrigin::Predicted);
    CHECK(provenance.MarkOf("post_rate", SettingsOfRun(other, {}, true)).origin == FigureOrigin::Predicted);
  }
}

TEST_CASE("without a provenance section every figure is predicted", "[analysis][report][provenance]") {
  YAML::Node refs = HandMadeReferences();
  refs.remove("provenance");
  const FigureProvenance provenance(refs);
  const RunSettings run = SettingsOfRun(WriteOfficeScenario(), {}, true);
  for (const char* metric : {"sessions_monitored", "engine_rate", "post_rate"})
    CHECK(provenance.MarkOf(metric, run).origin == FigureOrigin::Predicted);
}

TEST_CASE("effective settings: the last override, else the scenario file", "[analysis][report][provenance]") {
  const std::string office = WriteOfficeScenario();
  CHECK(EffectiveSetting({office, {}}, "events.short_loss") == "0.2");
  CHECK(EffectiveSetting({office, {{"events.short_loss", "0.1"}, {"events.short_loss", "0.3"}}}, "events.short_loss") ==
        "0.3");
  CHECK(EffectiveSetting({office, {}}, "events.short_lifetime").empty());
  CHECK(EffectiveSetting({office, {}}, "poll_interval.deeper").empty());
}

TEST_CASE("run report marks each figure beside the paper's", "[analysis][report][provenance]") {
  const std::string office = WriteOfficeScenario();
  const std::string refs = std::filesystem::path(office).replace_filename("refs.yaml").string();
  std::ofstream(refs) << YAML::Dump(HandMadeReferences());
  RunReportInput input;
  input.scenario_name = "office";
  input.scenario_path = office;
  input.references_path = refs;
  input.metrics = {{"sessions_monitored", 1000}, {"engine_matched", 900}, {"matched", 998}, {"unknown", 2},
                   {"engine_rate", 0.9}, {"matching_rate", 0.998}, {"accuracy", 0.97}};
  input.settings = SettingsOfRun(office, {}, true);
  std::string report = RenderRunReport(input);
  CHECK(report.find("| matching rate | 90.00 % **predicted** | 99.80 % **calibrated** | 90.17 % | 99.80 % |") !=
        std::string::npos);
  CHECK(report.find("| sessions (monitored hosts) | 1,000 **input** |") != std::string::npos);
  CHECK(report.find("- `engine_rate` beside the paper's `engine_only.rate`: **predicted**") != std::string::npos);

  input.settings = SettingsOfRun(office, {{"poll_interval", "1s"}}, true);
  report = RenderRunReport(input);
  CHECK(report.find("| 99.80 % **predicted** |") != std::string::npos);
  CHECK(report.find("% **calibrated**") == std::string::npos);
  CHECK(report.find("`post_rate` beside the paper's `after_post_processing.rate`: **predicted** (calibrated at "
                    "poll_interval = 50ms, run at 1s)") != std::string::npos);
}

TEST_CASE("the shipped paper-001 references mark the calibration where it was made", "[analysis][report][provenance]") {
  const std::string source = NTLAB_SOURCE_DIR;
  const FigureProvenance provenance(YAML::LoadFile(source + "/experiments/references/paper-001.yaml"));
  const std::string paper001 = source + "/scenarios/paper-001.yaml";
  const RunSettings asShipped = SettingsOfRun(paper001, {}, true);
  CHECK(provenance.MarkOf("post_rate", asShipped).origin == FigureOrigin::Calibrated);
  CHECK(provenance.MarkOf("sessions_monitored", asShipped).origin == FigureOrigin::Input);
  CHECK(provenance.MarkOf("top10", asShipped).origin == FigureOrigin::Input);
  CHECK(provenance.MarkOf("engine_rate", asShipped).origin == FigureOrigin::Predicted);
  CHECK(provenance.MarkOf("post_rate", SettingsOfRun(paper001, {{"poll_interval", "100ms"}}, true)).origin ==
        FigureOrigin::Predicted);
  CHECK(provenance.MarkOf("post_rate", SettingsOfRun(paper001, {{"seed", "2"}}, true)).origin ==
        FigureOrigin::Predicted);
  CHECK(provenance.MarkOf("post_rate", SettingsOfRun(paper001, {{"labeling.engine", "ntlab"}}, true)).origin ==
        FigureOrigin::Predicted);
  const std::string quickstart = source + "/scenarios/quickstart.yaml";
  CHECK(provenance.MarkOf("sessions_monitored", SettingsOfRun(quickstart, {}, true)).origin == FigureOrigin::Predicted);
}
