// Why labels are wrong: every wrong label (truth known, other process) gets a reason class, and the
// most frequent (label, truth, stage, reason) tuples go to metrics.json (`wrong_labels`).
//
// Reasons, the stage-specific ones first:
//  - stale_rule: decided by A2 from a rule whose last confirmation is older than `stale_after`;
//  - shared_remote: decided by C or D, and the remote IP served several truth processes on this
//    host during the run;
//  - port_reuse: the socket log shows a process other than the truth owner on the session's local
//    port within `port_window` of the session (the label came from another tenant of the port);
//  - other.
// Classification waits for the end of the run, because "served several processes" is only known
// then; only the wrong labels and one small set per (host, remote IP) are kept meanwhile.
#pragma once

#include "analyzers/labeling/full-socket-scan.h"
#include "analyzers/labeling/labeler.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

struct WrongLabelConfig {
  TimeUs stale_after = 24 * 3600 * kUsPerSecond;  // a day: a week-old rule outlives most app updates
  TimeUs port_window = 60 * kUsPerSecond;
  std::size_t top = 10;
};

struct WrongLabelCount {
  std::string label;
  std::string truth;
  std::string stage;
  std::string reason;   // port_reuse | shared_remote | stale_rule | other
  std::uint64_t count = 0;
};

class WrongLabelAnalysis {
 public:
  WrongLabelAnalysis(const FullSocketScan& scan, WrongLabelConfig config = {}) : m_scan(scan), m_config(config) {}

  /// Every monitored session with a truth row (labelled or not).
  void Observe(const LabelledSession& labelled, const std::string& truthProcess);
  /// The `top` most frequent tuples, most frequent first (ties in name order).
  std::vector<WrongLabelCount> Top() const;

 private:
  struct Wrong {
    SessionKey key;
    HostId host = kNoHost;
    TimeUs first_ts = 0;
    TimeUs last_ts = 0;
    LabelDecision decision;
    std::string truth;
  };
  std::string Reason(const Wrong& w) const;

  const FullSocketScan& m_scan;
  WrongLabelConfig m_config;
  std::vector<Wrong> m_wrong;
  std::unordered_map<AddressKey, std::vector<std::string>, AddressKeyHash> m_remoteProcesses;  // (remote ip, host)
};

}  // namespace ntlab
