// `ntlab isolate`: paper 002's replay on the real kernel (replay/isolation). Needs root. On Ctrl-C or
// SIGTERM it stops the replay, removes every namespace it made and takes back its output files.
#include "analyzers/formats/atomic-file.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/interrupt-watch.h"
#include "replay/isolation/isolation-replay.h"
#include "replay/isolation/namespace-lab.h"

#include <cstdio>
#include <memory>

namespace ntlab {
namespace {

struct IsolateArguments {
  IsolateOptions options;
  std::string host;
};

int Isolate(IsolateArguments& a) {
  if (!a.host.empty()) {
    a.options.host = ParseIpv4(a.host);
    if (!a.options.host) throw InputError("--host: '" + a.host + "' is not an IPv4 address");
  }
  for (const auto& name : RemoveLeftoversOfDeadRuns())
    std::fprintf(stderr, "ntlab: removed namespace %s left by an ended run\n", name.c_str());
  OutputTransaction outputs;
  outputs.CreateFolders(a.options.out_dir);
  std::atomic<bool> stop{false};
  ScopedInterruptReaction reaction([&stop](int signal) {
    stop = true;
    RemoveOwnNamespaces();
    EndInterrupted(signal, "isolation lab removed");
  });
  IsolateOutcome outcome = RunIsolation(a.options, stop);
  outputs.Keep();
  const auto& m = outcome.metrics;
  std::printf("rule set %s: %s packets replayed, %s delivered in isolation, %s leaked; containment by graph %s, "
              "by counters %s (setup %.2f s, teardown %.2f s; %s/metrics.json)\n",
              m["rule_set"].get<std::string>().c_str(), m["replayed_packets"].dump().c_str(),
              m["delivered_packets"].dump().c_str(), m["leaked_packets"].dump().c_str(),
              m["contained_by_graph"].get<bool>() ? "holds" : "FAILS",
              m["contained_by_counters"].get<bool>() ? "holds" : "FAILS", outcome.setup_s, outcome.teardown_s,
              a.options.out_dir.c_str());
  return 0;
}

}  // namespace

Subcommand AddIsolateCommand(CLI::App& app) {
  auto* isolate = app.add_subcommand(
      "isolate", "Replay a host's capture into an isolated network of Linux namespaces with 002's conntrack rules "
                 "(root)");
  auto a = std::make_shared<IsolateArguments>();
  isolate->add_option("--pcap", a->options.capture, "Capture (pcap or pcapng) holding the moved host's traffic")
      ->required();
  isolate->add_option("--host", a->host, "The moved host's address (default: the most frequent IPv4 source)");
  isolate->add_option("--rules", a->options.rules,
                      "Rule set: paper (002 Steps 1-3), or the deliberately wrong accept-new / no-final-drop")
      ->check(CLI::IsMember({"paper", "accept-new", "no-final-drop"}));
  isolate->add_option("--mode", a->options.mode,
                      "packets: the host's captured packets as they are (default); sessions: its TCP sessions "
                      "re-enacted with sockets, answered by the responder with the recorded responses")
      ->check(CLI::IsMember({"packets", "sessions"}));
  isolate->add_option("--gap-us", a->options.gap_us, "Microseconds between replayed packets (default 0)")
      ->check(CLI::Range(0u, 10'000'000u));
  isolate->add_option("--out", a->options.out_dir, "Folder for metrics.json, rules.nft, report.md")->required();
  return {isolate, [a] { return Isolate(*a); }};
}

}  // namespace ntlab
