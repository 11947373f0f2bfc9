// The subcommands of `ntlab`, each declared with its options by one Add...Command function. A
// command only turns its arguments into a call of the pipeline (experiments/pipeline) or of an
// analyzer, and prints the outcome.
//
// `run` simulates, so it needs ns-3: run-command.cc in the full build; in the analysis-only build
// (-DNTLAB_WITH_SIMULATION=OFF) run-command-without-simulation.cc says how to get it.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace ntlab {

struct Subcommand {
  CLI::App* command = nullptr;
  std::function<int()> action;   // after parsing, when this subcommand was given; returns the exit code
};

Subcommand AddRunCommand(CLI::App& app);
Subcommand AddLabelCommand(CLI::App& app);
Subcommand AddSessionsCommand(CLI::App& app);
Subcommand AddZeusCommand(CLI::App& app);
Subcommand AddKrakenCommand(CLI::App& app);
Subcommand AddDomainsCommand(CLI::App& app);
Subcommand AddValidateCommand(CLI::App& app);
Subcommand AddRewriteCommand(CLI::App& app);
Subcommand AddIsolateCommand(CLI::App& app);  // isolate-command.cc: paper 002's replay in namespaces
Subcommand AddMessengersCommand(CLI::App& app);  // messengers-command.cc
Subcommand AddSocketlogCommand(CLI::App& app);  // socketlog-command.cc: paper 001's SocketLogger on Linux
Subcommand AddBlockCommand(CLI::App& app);  // block-command.cc
Subcommand AddReportCommand(CLI::App& app);  // report-command.cc: paper 000's web report
Subcommand AddMonitorCommand(CLI::App& app);  // monitor-command.cc: paper 000 live on an interface
Subcommand AddMergeCommand(CLI::App& app);  // merge-command.cc: paper 000's device <-> network merge
Subcommand AddTruthCommand(CLI::App& app);  // truth-command.cc: truth.csv from pcapng process comments
Subcommand AddCaptureCommand(CLI::App& app);  // capture-command.cc: paper 001's per-host per-minute captures

/// `--strict-captures`, on every command that reads captures: a truncated last record is an error
/// instead of a warning. Bound to the command's own CaptureOptions::strict_captures, so the choice
/// travels with its options to the capture reader (no process-wide setting).
void AddStrictCapturesFlag(CLI::App& command, bool& strictCaptures);

/// "IFACE: listening" on stderr once a live capture (capture, monitor) has the interface open
/// (capture-command.cc): traffic sent after the line is seen, which the live tests wait for.
void PrintListening(const std::string& iface);

/// One line: sessions, matched, unknown, matching rate, engine rate, accuracy (metrics.json keys).
void PrintLabelingSummary(const std::string& name, const nlohmann::json& metrics);

}  // namespace ntlab
