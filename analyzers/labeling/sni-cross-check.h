// Cross-check of learnt labels against the session's TLS server name (issue 10). A learnt stage
// (A2, B, C, D, full scan) infers the owner from other sessions; when the session carries an SNI,
// the SNIs each process used in sessions labelled by direct evidence (stage A, events,
// events_post) on the same host say whether the answer is plausible. The label is flagged when
// its process was never seen with that SNI while another process was: a cache keyed on a shared
// remote (a CDN address, a port several programs use) most likely answered with the wrong one.
// The check is causal: it uses the direct-evidence sessions finished before the checked one, as a
// streaming labeller could. It changes no label; labels.csv shows it (`sni_conflict`) and
// metrics.json counts how often it is right (`sni_cross_check`, docs/formats.md).
#pragma once

#include "analyzers/labeling/labeler.h"
#include "analyzers/labeling/process-votes.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

/// Learnt stages whose answers are checked: the sni stage answers from the SNI itself and direct
/// evidence needs no check.
bool IsCheckedBySniCrossCheck(const std::string& stage);

class SniCrossCheck {
 public:
  /// Remembers the session's SNI for its owner when direct evidence labelled it; ignores others.
  void Observe(HostId host, const std::string& sni, const LabelDecision& decision, TimeUs ts);
  /// Null when the check does not apply (no label, not a learnt stage, no SNI); true when the
  /// label disagrees with the SNI history (see above), false otherwise.
  std::optional<bool> Check(HostId host, const std::string& sni, const std::optional<LabelDecision>& decision) const;

 private:
  std::vector<std::unordered_map<std::string, ProcessVotes>> m_byHost;  // host -> SNI -> owners seen
};

/// How the flag fared against the truth (metrics.json `sni_cross_check`).
struct SniCrossCheckStats {
  std::uint64_t checked = 0;         // learnt labels with an SNI
  std::uint64_t flagged = 0;
  std::uint64_t flagged_wrong = 0;   // flagged, and the truth names another process
  std::uint64_t flagged_right = 0;   // flagged, but the label was right
  std::uint64_t checked_wrong = 0;   // wrong labels among the checked ones (what the flag could catch)

  /// One check's outcome; `correct` null when no truth row fits.
  void Count(bool flagged, const bool* correct);
  /// `wrong_labels` = every wrong label of the run, the denominator of `recall`.
  nlohmann::json ToJson(bool hasTruth, std::uint64_t wrongLabels) const;
};

}  // namespace ntlab
