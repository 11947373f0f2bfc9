// `ntlab truth CAPTURE...`: the owners that process-aware capture tools wrote into pcapng packet
// comments, as ntlab's truth.csv, one row per session (analyzers/labeling/comment-truth.h). To
// standard output, or atomically to --out; the counts go to standard error then, to standard
// output with --out.
#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/host-networks.h"
#include "analyzers/labeling/comment-truth.h"
#include "experiments/cli/commands.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace ntlab {
namespace {

struct TruthArguments {
  std::vector<std::string> inputs;
  std::string hosts;
  std::string out;
  bool strict_captures = false;
};

void PrintCommentTruthSummary(std::FILE* to, const std::string& name, const CommentTruthStats& s) {
  std::fprintf(to, "%s: %llu sessions, %llu with an owner comment (%llu packets), %llu with conflicting owners\n",
               name.c_str(), static_cast<unsigned long long>(s.sessions),
               static_cast<unsigned long long>(s.sessions_with_owner),
               static_cast<unsigned long long>(s.packets_with_owner),
               static_cast<unsigned long long>(s.conflicting_sessions));
  for (const auto& conflict : s.conflicts) std::fprintf(to, "  conflict: %s\n", EscapeForMessage(conflict).c_str());
  if (s.conflicting_sessions > s.conflicts.size())
    std::fprintf(to, "  (%llu more conflicts not shown)\n",
                 static_cast<unsigned long long>(s.conflicting_sessions - s.conflicts.size()));
}

int Truth(const TruthArguments& a) {
  if (!a.out.empty()) CheckOutputFile(a.out);
  OutputTransaction outputs;
  CommentTruthOptions options;
  options.capture.strict_captures = a.strict_captures;
  if (!a.hosts.empty()) options.host_networks = ParseHostNetworks({a.hosts});
  CommentTruth truth = ExtractCommentTruth(a.inputs, options);
  if (a.out.empty()) {
    TruthStreamWriter writer(std::cout);
    for (const auto& row : truth.rows) writer.Write(row);
    std::cout.flush();
    PrintCommentTruthSummary(stderr, "truth", truth.stats);
    return 0;
  }
  TruthWriter writer(a.out);
  for (const auto& row : truth.rows) writer.Write(row);
  writer.Commit();
  outputs.Keep();
  PrintCommentTruthSummary(stdout, a.out, truth.stats);
  return 0;
}

}  // namespace

Subcommand AddTruthCommand(CLI::App& app) {
  auto* truth = app.add_subcommand(
      "truth", "Ground truth (truth.csv) from the process comments of pcapng captures (ptcpdump's PID/Cmd)");
  auto arguments = std::make_shared<TruthArguments>();
  truth->add_option("captures", arguments->inputs, "Capture file(s) or folder(s)")->required();
  truth->add_option("--out", arguments->out, "truth.csv to write (default: standard output)");
  AddStrictCapturesFlag(*truth, arguments->strict_captures);
  truth->add_option("--hosts", arguments->hosts,
                    "Monitored hosts (IPv4 or IPv6 addresses and CIDR blocks, comma-separated): the local side of each session; "
                    "sessions of other hosts give no row");
  return {truth, [arguments] { return Truth(*arguments); }};
}

}  // namespace ntlab
