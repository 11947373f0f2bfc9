// `ntlab block`: which sessions of a capture paper 004's three blocking methods (IP table, process
// start, per-process packets) would have dropped, and why (issue 12 item 3, docs/blocking.md).
#include "analyzers/blocking/blocking-pipeline.h"
#include "analyzers/formats/atomic-file.h"
#include "experiments/cli/commands.h"

#include <cstdio>
#include <memory>

namespace ntlab {
namespace {

// "ip_table 7/11 blocked, 0 benign wrongly" for one method of one view.
std::string Line(const std::string& method, const nlohmann::json& counts) {
  return method + " " + counts["messenger_sessions_blocked"].dump() + "/" + counts["messenger_sessions"].dump() +
         " messenger sessions blocked, " + counts["benign_sessions_wrongly_blocked"].dump() + " benign wrongly";
}

}  // namespace

Subcommand AddBlockCommand(CLI::App& app) {
  auto* block = app.add_subcommand(
      "block", "Evaluate paper 004's blocking methods (IP table, process, process packets) on captures");
  auto options = std::make_shared<BlockRunOptions>();
  block->add_option("--policy", options->policy, "Blocking policy (YAML, docs/formats.md)")->required();
  block->add_option("--pcap", options->inputs, "Capture file(s) or folder(s)")->required();
  AddStrictCapturesFlag(*block, options->capture.strict_captures);
  block->add_option("--socket-log", options->socket_log, "Socket log: owners for the process methods");
  block->add_option("--truth", options->truth, "truth.csv: grades the methods against the true owner too");
  block->add_option("--out", options->out_dir, "Folder for sessions.csv, metrics.json (and labels.csv)")->required();
  return {block, [options] {
            OutputTransaction outputs;
            outputs.CreateFolders(options->out_dir);
            nlohmann::json m = RunBlocking(*options);
            outputs.Keep();
            std::printf("%s sessions", m["sessions"].dump().c_str());
            for (const auto& [method, counts] : m["by_label"].items())
              std::printf("; %s", Line(method, counts).c_str());
            std::printf("\n");
            return 0;
          }};
}

}  // namespace ntlab
