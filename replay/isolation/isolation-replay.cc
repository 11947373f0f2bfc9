#include "replay/isolation/isolation-replay.h"

#include "analyzers/formats/isolation-files.h"
#include "replay/isolation/containment-graph.h"
#include "replay/isolation/isolation-rules.h"
#include "replay/isolation/namespace-lab.h"
#include "replay/isolation/session-actors.h"

#include <tins/tins.h>

#include <chrono>
#include <exception>
#include <future>
#include <map>
#include <sstream>
#include <thread>

namespace ntlab {
namespace {

bool InsideLabSubnets(Ipv4 ip) { return (ip >> 16) == ((10u << 8) | 231u); }  // 10.231.0.0/16

std::vector<Tins::IP> ReadIpPackets(const std::string& capture, ReplayFrames& frames) {
  std::vector<Tins::IP> packets;
  try {
    Tins::FileSniffer sniffer(capture);
    sniffer.sniff_loop([&](Tins::PDU& pdu) {
      ++frames.records;
      if (auto* ip = pdu.find_pdu<Tins::IP>()) packets.push_back(*ip);
      else ++frames.not_ipv4;
      return true;
    });
  } catch (const std::exception& e) {
    throw InputError(capture + ": cannot read the capture (" + std::string(e.what()) + ")");
  }
  return packets;
}

Ipv4 HostOf(const Tins::IPv4Address& address) { return *ParseIpv4(address.to_string()); }

Ipv4 MostFrequentSource(const std::vector<Tins::IP>& packets) {
  std::map<Ipv4, std::uint64_t> counts;
  for (const auto& ip : packets) ++counts[HostOf(ip.src_addr())];
  Ipv4 best = 0;
  std::uint64_t most = 0;
  for (const auto& [address, n] : counts)  // ties: the lowest address, so the choice is deterministic
    if (n > most) best = address, most = n;
  return best;
}

}  // namespace

ReplayFrames ReadReplayFrames(const std::string& capture, std::optional<Ipv4> host, const LabTopology& topology) {
  ReplayFrames frames;
  std::vector<Tins::IP> packets = ReadIpPackets(capture, frames);
  frames.host = host ? *host : MostFrequentSource(packets);
  const LabLink& link = topology.LinkOf(LabNode::Isolation);
  for (auto& ip : packets) {
    if (HostOf(ip.src_addr()) != frames.host) {
      ++frames.other_hosts;
      continue;
    }
    for (Ipv4 address : {HostOf(ip.src_addr()), HostOf(ip.dst_addr())})
      if (InsideLabSubnets(address))
        throw InputError(capture + ": address " + FormatIpv4(address) +
                         " lies in 10.231.0.0/16, the isolation lab's own subnets; rewrite the capture first");
    Tins::EthernetII frame = Tins::EthernetII(link.gateway_mac, link.node_mac) / ip;
    frames.frames.push_back(frame.serialize());
  }
  if (frames.frames.empty())
    throw InputError(capture + ": no IPv4 packet sent by " + FormatIpv4(frames.host) + " to replay");
  return frames;
}

namespace {

struct SessionReplay {
  std::size_t sessions = 0, opened = 0, answered_by_responder = 0, answered_as_recorded = 0;
};

/// The responder serves on one thread inside its namespace while the host acts out the script on
/// another inside isolation; errors of either are rethrown once both have ended.
SessionReplay ReplaySessions(const NamespaceLab& lab, const std::vector<ScriptedSession>& script, Ipv4 host,
                             const std::atomic<bool>& stop) {
  SessionReplay replay;
  replay.sessions = script.size();
  std::atomic<bool> host_done{false};
  std::promise<void> listening;
  std::exception_ptr responder_error;
  std::thread responder([&] {
    try {
      lab.EnterFromThisThread(LabNode::Responder);
      ScriptedResponder serving(script);
      listening.set_value();
      replay.answered_by_responder = serving.Serve(host_done);
    } catch (...) {
      responder_error = std::current_exception();
      listening.set_value();
    }
  });
  listening.get_future().wait();
  std::exception_ptr host_error;
  if (!responder_error) {
    std::thread actor([&] {
      try {
        lab.EnterFromThisThread(LabNode::Isolation);
        HostOutcome outcome = ActOutHost(script, host, stop);
        replay.opened = outcome.opened;
        replay.answered_as_recorded = outcome.answered;
      } catch (...) {
        host_error = std::current_exception();
      }
    });
    actor.join();
  }
  host_done = true;
  responder.join();
  if (responder_error) std::rethrow_exception(responder_error);
  if (host_error) std::rethrow_exception(host_error);
  return replay;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

nlohmann::json Metrics(const IsolationRuleSet& rules, const ContainmentProof& proof, const ReplayFrames& frames,
                       std::size_t sent, const LabCounters& counters, const LabTopology& topology) {
  nlohmann::json m;
  m["rule_set"] = rules.name;
  m["moved_host"] = FormatIpv4(frames.host);
  m["capture_records"] = frames.records;
  m["skipped_other_hosts"] = frames.other_hosts;
  m["skipped_not_ipv4"] = frames.not_ipv4;
  m["replayed_packets"] = sent;
  m["gateway_received_from_isolation"] = counters.arrivals.count("gateway:iso0") ? counters.arrivals.at("gateway:iso0") : 0;
  m["delivered_packets"] = counters.ArrivalsAt(LabNode::Responder, topology);
  m["replies_to_isolated_host"] = counters.ArrivalsAt(LabNode::Isolation, topology);
  m["leaked_packets"] = counters.ArrivalsAt(LabNode::Enterprise, topology);
  m["conntrack_committed"] = counters.committed ? nlohmann::json(*counters.committed) : nlohmann::json();
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& [rule, packets] : counters.forward_hits) hits.push_back({{"rule", rule}, {"packets", packets}});
  m["gateway_forward_hits"] = hits;
  m["contained_by_graph"] = proof.contained;
  m["graph_leak_path"] = proof.leak_path;
  m["contained_by_counters"] = counters.ArrivalsAt(LabNode::Enterprise, topology) == 0;
  return m;
}

std::string Report(const IsolationRuleSet& rules, const ContainmentProof& proof, const nlohmann::json& m) {
  std::ostringstream r;
  r << "# ntlab isolate: rule set `" << rules.name << "`\n\n" << rules.description << ".\n\n";
  r << "## Containment, statically (Boost.Graph over the rule set)\n\n";
  for (const auto& e : proof.usable)
    r << "- gateway port of " << LabNodeName(e.from_port) << " -> " << LabNodeName(e.to) << ": " << e.states << "\n";
  r << "\n" << (proof.contained ? "No path from isolation to any node outside it."
                                : "LEAK: isolation reaches " + proof.leak_path.back() + " by a path through the gateway.")
    << "\n\n## Containment, on the kernel (packets counted per namespace)\n\n| what | packets |\n|---|---|\n";
  for (const char* key : {"replayed_packets", "gateway_received_from_isolation", "delivered_packets",
                          "replies_to_isolated_host", "leaked_packets", "conntrack_committed"})
    r << "| " << key << " | " << m[key].dump() << " |\n";
  r << "\nPaper 002's rules keep `leaked_packets` at 0; the gateway's rules with their counters after the "
       "replay are in `gateway-after.nft`.\n";
  return r.str();
}

}  // namespace

IsolateOutcome RunIsolation(const IsolateOptions& options, const std::atomic<bool>& stop) {
  CheckLabCanRun();
  const LabTopology topology = StandardLabTopology();
  const IsolationRuleSet rules = RuleSetByName(options.rules);
  const std::string nft = RenderNft(rules, topology);
  ReplayFrames frames = ReadReplayFrames(options.capture, options.host, topology);
  ContainmentProof proof = ProveContainment(rules, topology);
  if (options.mode != "packets" && options.mode != "sessions")
    throw InputError("--mode: unknown replay mode '" + options.mode + "' (known: packets, sessions)");
  const bool by_sessions = options.mode == "sessions";
  std::vector<ScriptedSession> script;
  if (by_sessions) script = ReadSessionScript(options.capture, frames.host);
  if (by_sessions && script.empty())
    throw InputError(options.capture + ": no TCP session opened by " + FormatIpv4(frames.host) + " to re-enact");
  IsolateOutcome outcome;
  auto start = std::chrono::steady_clock::now();
  NamespaceLab lab(topology, nft, {frames.host});
  outcome.setup_s = SecondsSince(start);
  start = std::chrono::steady_clock::now();
  std::size_t sent = 0;
  SessionReplay sessions;
  if (by_sessions)
    sessions = ReplaySessions(lab, script, frames.host, stop);
  else
    sent = lab.Send(LabNode::Isolation, frames.frames, options.gap_us, stop);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the last replies cross the gateway
  LabCounters counters = lab.ReadCounters();
  outcome.replay_s = SecondsSince(start);
  start = std::chrono::steady_clock::now();
  lab.TearDown();
  outcome.teardown_s = SecondsSince(start);
  outcome.metrics = Metrics(rules, proof, frames, sent, counters, topology);
  outcome.metrics["mode"] = options.mode;
  if (by_sessions) {
    // Packets the host's sockets sent, as the gateway counted them arriving.
    outcome.metrics["replayed_packets"] = outcome.metrics["gateway_received_from_isolation"];
    outcome.metrics["sessions"] = sessions.sessions;
    outcome.metrics["sessions_opened"] = sessions.opened;
    outcome.metrics["sessions_answered_as_recorded"] = sessions.answered_as_recorded;
  }
  IsolationOutputs files;
  files.rules_nft = nft;
  files.gateway_after_nft = counters.gateway_rules_after;
  files.metrics = outcome.metrics;
  files.report_md = Report(rules, proof, outcome.metrics);
  files.run = {{"setup_s", outcome.setup_s}, {"replay_s", outcome.replay_s}, {"teardown_s", outcome.teardown_s}};
  WriteIsolationOutputs(options.out_dir, files);
  return outcome;
}

}  // namespace ntlab
