// `ntlab rewrite IN OUT`: offline capture rewriting (replay/rewrite), with tcprewrite's option
// names where the meaning is the same (--pnat, --srcipmap, --dstipmap, --portmap, --enet-dmac,
// --enet-smac, --fixcsum), so that a tcprewrite command line carries over (docs/replay.md).
#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/rewrite-rules.h"
#include "experiments/cli/commands.h"
#include "experiments/pipeline/metrics-step.h"
#include "replay/rewrite/capture-rewriter.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace ntlab {
namespace {

struct RewriteArguments {
  std::string in, out, metrics;
  std::vector<std::string> pnat, srcipmap, dstipmap, portmap, map_files;
  std::string enet_dmac, enet_smac;
  bool fix_checksums = false;
  double time_shift = 0, time_scale = 1.0;
};

// A list option takes one value per occurrence (repeat it, or separate pairs by commas), so that it
// never swallows IN and OUT when it comes first.
void AddRewriteOptions(CLI::App& rewrite, RewriteArguments& a) {
  rewrite.add_option("IN", a.in, "Capture to rewrite (pcap or pcapng)")->required();
  rewrite.add_option("OUT", a.out, "Rewritten capture to write (pcap)")->required();
  rewrite.add_option("--pnat", a.pnat, "FROM:TO[,...] networks, source and destination (10.0.0.0/24:192.168.5.0/24)")->allow_extra_args(false);
  rewrite.add_option("--srcipmap", a.srcipmap, "FROM:TO[,...] networks, source addresses only")->allow_extra_args(false);
  rewrite.add_option("--dstipmap", a.dstipmap, "FROM:TO[,...] networks, destination addresses only")->allow_extra_args(false);
  rewrite.add_option("--portmap", a.portmap, "FROM:TO[,...] TCP/UDP ports, source and destination")->allow_extra_args(false);
  rewrite.add_option("--enet-dmac", a.enet_dmac, "Destination MAC of every Ethernet frame");
  rewrite.add_option("--enet-smac", a.enet_smac, "Source MAC of every Ethernet frame");
  rewrite.add_option("--map", a.map_files, "Rewrite map CSV (kind,from,to; docs/formats.md)")->allow_extra_args(false);
  rewrite.add_flag("--fixcsum,--fix-checksums", a.fix_checksums,
                   "Recompute every IPv4, TCP and UDP checksum (else only the changes are applied to them)");
  rewrite.add_option("--time-shift", a.time_shift, "Seconds added to every packet time (after scaling)")
      ->check(CLI::Range(-4.0e9, 4.0e9));
  rewrite.add_option("--time-scale", a.time_scale, "Gaps between packets multiplied by this (from the first packet)")
      ->check(CLI::Range(1e-6, 1e6));
  rewrite.add_option("--metrics", a.metrics, "JSON file for the counts (packets, changed, passed through by reason)");
}

RewriteRules CollectRules(const RewriteArguments& a) {
  RewriteRules rules;
  auto append = [](auto& to, auto from) { to.insert(to.end(), from.begin(), from.end()); };
  for (const auto& text : a.pnat) append(rules.addresses, ParseAddressRules(text, "--pnat"));
  for (const auto& text : a.srcipmap) append(rules.source_addresses, ParseAddressRules(text, "--srcipmap"));
  for (const auto& text : a.dstipmap) append(rules.destination_addresses, ParseAddressRules(text, "--dstipmap"));
  for (const auto& text : a.portmap) append(rules.ports, ParsePortRules(text, "--portmap"));
  if (!a.enet_dmac.empty()) rules.destination_macs.push_back(ParseMacRule(a.enet_dmac, "--enet-dmac"));
  if (!a.enet_smac.empty()) rules.source_macs.push_back(ParseMacRule(a.enet_smac, "--enet-smac"));
  for (const auto& path : a.map_files) ReadRewriteMapCsv(path, rules);
  return rules;
}

int Rewrite(const RewriteArguments& a) {
  std::error_code ec;
  if (std::filesystem::equivalent(a.in, a.out, ec))
    throw InputError(a.out + ": is the input capture itself; write the rewrite to another file");
  CaptureRewriteOptions options;
  options.maps = RewriteMaps::FromRules(CollectRules(a));  // every rule checked before any packet is read
  options.fix_checksums = a.fix_checksums;
  options.time_scale = a.time_scale;
  options.time_shift = static_cast<TimeUs>(std::llround(a.time_shift * 1e6));
  CheckOutputFile(a.out);
  if (!a.metrics.empty()) CheckOutputFile(a.metrics);
  OutputTransaction outputs;
  CaptureRewriteSummary summary = RewriteCapture(a.in, a.out, options);
  if (!a.metrics.empty()) WriteMetrics(a.metrics, summary.counts.ToJson());
  outputs.Keep();
  const RewriteCounts& c = summary.counts;
  std::printf("%s: %llu packets, %llu changed, %llu unchanged; network layer passed through: %s\n", a.out.c_str(),
              static_cast<unsigned long long>(c.packets), static_cast<unsigned long long>(c.changed),
              static_cast<unsigned long long>(c.packets - c.changed), c.DescribePassed().c_str());
  return 0;
}

}  // namespace

Subcommand AddRewriteCommand(CLI::App& app) {
  auto* rewrite = app.add_subcommand("rewrite", "Rewrite a capture's addresses, ports, MACs and times (paper 002 replay)");
  auto arguments = std::make_shared<RewriteArguments>();
  AddRewriteOptions(*rewrite, *arguments);
  return {rewrite, [arguments] { return Rewrite(*arguments); }};
}

}  // namespace ntlab
