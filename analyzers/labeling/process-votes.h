// Which process was seen with one key (a remote IP for stage D, a TLS server name for the sni
// stage), counted per observation. Both stages answer only when one process dominates the key:
// enough observations, and the most frequent process holding a large enough share of them. A key
// shared by several processes (a CDN address, a name two programs fetch from) is then refused.
#pragma once

#include "analyzers/labeling/match-stage.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntlab {

class ProcessVotes {
 public:
  /// One observation of `process` (latest pid kept) at packet time `ts`.
  void Add(std::string_view process, std::uint32_t pid, TimeUs ts);

  /// The most frequent process (the first seen among equals) when the key has at least
  /// `min_observations` and that process at least `min_share` of them; `evidence_ts` is the
  /// newest observation of any process.
  std::optional<MatchResult> Dominant(std::uint32_t min_observations, double min_share) const;

  std::uint32_t Observations() const { return m_total; }
  /// Observations that named `process`.
  std::uint32_t CountOf(std::string_view process) const;
  /// CountOf(process) / Observations() (0 with no observations): how pure the key is for it.
  double ShareOf(std::string_view process) const;
  /// Distinct processes seen with the key.
  std::size_t Processes() const { return m_counts.size(); }

 private:
  struct Count {
    std::string process;
    std::uint32_t pid = 0;
    std::uint32_t n = 0;
  };
  std::vector<Count> m_counts;  // few processes per key: a vector beats a map
  std::uint32_t m_total = 0;
  TimeUs m_lastTs = 0;
};

}  // namespace ntlab
