// `ntlab merge`: paper 000's device <-> network merge. The hosts' own captures (inside the NAT)
// and the capture outside it are joined by fingerprints of the packets both saw; each network flow
// gets the device flow, and with it the process (--labels) beside its domain (--domains).
#include "analyzers/domains/merge-pipeline.h"
#include "analyzers/formats/atomic-file.h"
#include "experiments/cli/commands.h"

#include <cstdio>
#include <memory>

namespace ntlab {
namespace {

std::string Share(const nlohmann::json& rate) {
  if (!rate.is_number()) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %%", 100.0 * rate.get<double>());
  return text;
}

}  // namespace

Subcommand AddMergeCommand(CLI::App& app) {
  auto* merge = app.add_subcommand("merge", "Join the device view and the network view (outside a NAT) by packet "
                                            "hashes (paper 000)");
  auto options = std::make_shared<MergeRunOptions>();
  merge->add_option("--device", options->device, "The hosts' own captures (file(s) or folder(s))")->required();
  merge->add_option("--network", options->network, "The capture outside the NAT (file(s) or folder(s))")->required();
  AddStrictCapturesFlag(*merge, options->capture.strict_captures);
  merge->add_option("--labels", options->labels, "labels.csv of the device view: the process of each merged flow");
  merge->add_option("--socket-log", options->socket_log,
                    "The device view's socket log: the user (its `user` column) of each merged flow's process");
  merge->add_option("--domains", options->domains, "flows.csv of `ntlab domains` on the network view: the domain");
  merge->add_option("--truth", options->truth, "expected-domains.csv (device flows): grades the merged domains");
  merge->add_option("--out", options->out_dir, "Folder for merged.csv and metrics.json")->required();
  return {merge, [options] {
            OutputTransaction outputs;
            outputs.CreateFolders(options->out_dir);
            nlohmann::json m = RunViewMerge(*options);
            outputs.Keep();
            std::printf("%s network flows, %s merged with a device flow (%s); %s of packets matched, %s "
                        "fingerprint collisions\n",
                        m["network_flows"].dump().c_str(), m["merged_flows"].dump().c_str(),
                        Share(m["merge_rate"]).c_str(), Share(m["packet_match_rate"]).c_str(),
                        m["fingerprint_collisions"].dump().c_str());
            return 0;
          }};
}

}  // namespace ntlab
