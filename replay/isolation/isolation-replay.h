// `ntlab isolate`: paper 002's replay on the real kernel. Proves containment statically
// (containment-graph), builds the namespace lab with the same rule set, replays the moved host's
// packets of a capture from inside the isolation namespace, and counts what arrives where:
// `leaked_packets` are those that reached the enterprise namespace, and must be 0.
#pragma once

#include "replay/isolation/lab-topology.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

struct IsolateOptions {
  std::string capture;
  std::optional<Ipv4> host;        // the moved host; default: the capture's most frequent IPv4 source
  std::string rules = "paper";     // a RuleSetNames() entry
  std::string out_dir;
  unsigned gap_us = 0;             // pause between replayed packets
  std::string mode = "packets";    // packets: the host's packets as captured; sessions: its TCP
                                   // sessions re-enacted with sockets against a scripted responder
};

/// The moved host's packets, framed for the isolation namespace's interface.
struct ReplayFrames {
  Ipv4 host = 0;
  std::vector<std::vector<std::uint8_t>> frames;
  std::uint64_t records = 0, other_hosts = 0, not_ipv4 = 0;
};

/// Reads a pcap or pcapng capture (InputError naming the file if it cannot) and keeps the IPv4
/// packets sent by `host` (or the most frequent source), each in an Ethernet frame from the
/// isolated host's interface to the gateway. A capture address inside the lab's own subnets is an
/// InputError: the replay would talk to the lab itself.
ReplayFrames ReadReplayFrames(const std::string& capture, std::optional<Ipv4> host, const LabTopology& topology);

struct IsolateOutcome {
  nlohmann::json metrics;
  double setup_s = 0, replay_s = 0, teardown_s = 0;  // wall clock: printed and in run.json only
};

/// Runs the whole command; writes metrics.json, rules.nft, gateway-after.nft, report.md and run.json
/// into `out_dir`. `stop` ends the replay early (the caller tears the lab down on a signal).
IsolateOutcome RunIsolation(const IsolateOptions& options, const std::atomic<bool>& stop);

}  // namespace ntlab
