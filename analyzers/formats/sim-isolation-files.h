// The files a simulation with an isolation: section writes (docs/formats.md, "Simulated
// isolation files"): isolation.json (the move, the switch's verdicts, the leak counters) and
// isolation_responder.csv (what the responder answered, and from which recorded exchange).
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ntlab {

struct SimIsolationSummary {
  std::string host;                 // hosts[].name of the moved host
  Ipv4 host_ip = 0;                 // its address (it keeps it after the move)
  Ipv4 instance_ip = 0;             // its address in the isolation subnet (Step 2's rewritten source)
  Ipv4 responder_ip = 0;
  TimeUs move_ts = 0;
  std::string rules;                // paper | accept-new | no-final-drop
  double report_length_scale = 1;
  std::uint64_t leaked_packets = 0;  // distinct packets from the moved host seen outside isolation
  std::map<std::string, std::uint64_t> leaked_by_node;   // receptions per node outside isolation
  std::map<std::string, std::uint64_t> switch_verdicts;  // packets per deciding rule
  std::uint64_t recorded_exchanges = 0;
  std::uint64_t answered = 0;
  std::uint64_t unmatched = 0;
  // The static proof over the switch's own flow rules (replay/containment/switch-containment.h).
  bool contained_by_graph = true;
  std::vector<std::string> graph_leak_path;     // instance -> ... -> lan; empty when contained
  std::vector<std::string> graph_usable_edges;  // "switch:P -> node: state: protos; ..."
};

struct ResponderAnswerRow {
  TimeUs ts = 0;
  std::string method;
  std::string path;
  std::int64_t recorded = -1;       // index of the recorded exchange; -1: nothing recorded (404)
  TimeUs recorded_ts = 0;           // its request's capture time (0 without one)
  std::uint32_t response_bytes = 0;
};

void WriteSimIsolationSummary(const std::string& path, const SimIsolationSummary& summary);
SimIsolationSummary ReadSimIsolationSummary(const std::string& path);  // InputError on a bad file
void WriteResponderAnswers(const std::string& path, const std::vector<ResponderAnswerRow>& rows);
std::vector<ResponderAnswerRow> ReadResponderAnswers(const std::string& path);

}  // namespace ntlab
