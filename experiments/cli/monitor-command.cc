// `ntlab monitor --iface IF --out DIR`: paper 000's domain labelling live on an interface (issue
// 13 item 1, docs/domains.md): libtins' sniffer, the same outputs as `ntlab domains`, and the
// kernel's drop counters. Stops after --duration / --packets, or at SIGINT/SIGTERM, which end a
// live monitor normally: the outputs are completed, not taken back.
#include "analyzers/domains/domains-pipeline.h"
#include "analyzers/formats/atomic-file.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/interrupt-watch.h"

#include <atomic>
#include <cstdio>
#include <memory>

namespace ntlab {

Subcommand AddMonitorCommand(CLI::App& app) {
  auto* monitor = app.add_subcommand("monitor", "Label a live interface's flows with domains from DNS answers (paper 000; root)");
  auto options = std::make_shared<DomainRunOptions>();
  auto capture = std::make_shared<LiveCaptureConfig>();
  monitor->add_option("--iface", capture->iface, "Interface to capture on")->required();
  monitor->add_option("--out", options->out_dir, "Folder for flows.csv, metrics.json and stats.sqlite")->required();
  monitor->add_option("--duration", capture->duration_s, "Seconds to capture (default: until SIGINT/SIGTERM)")
      ->check(CLI::Range(0.0, 1e9));
  monitor->add_option("--packets", capture->max_packets, "Stop after this many frames (default: no limit)");
  monitor->add_option("--retention", options->retention_s, "Seconds of statistics kept behind the newest second")
      ->check(CLI::Range(std::int64_t(0), std::int64_t(kMaxTimeSeconds)));
  return {monitor, [options, capture] {
            OutputTransaction outputs;
            outputs.CreateFolders(options->out_dir);
            std::atomic<bool> stop{false};
            ScopedInterruptReaction reaction([&stop](int) { stop = true; });
            capture->stop = &stop;
            capture->on_listening = [iface = capture->iface] { PrintListening(iface); };
            nlohmann::json m = RunDomainMonitor(*options, *capture);
            outputs.Keep();
            const nlohmann::json& c = m["capture"];
            std::printf("%s: %s frames in %.1f s, %s flows, %s labelled with a domain; kernel dropped %s, "
                        "interface dropped %s\n",
                        capture->iface.c_str(), c["frames"].dump().c_str(), c["seconds"].get<double>(),
                        m["flows"].dump().c_str(), m["flows_labelled"].dump().c_str(), c["kernel_dropped"].dump().c_str(),
                        c["interface_dropped"].dump().c_str());
            return 0;
          }};
}

}  // namespace ntlab
