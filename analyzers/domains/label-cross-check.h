// Cross-checked labels (paper 000 with paper 001's engine, issue 13 item 6): each session's
// process label, its DNS domain, SNI and HTTP Host side by side, and a flag on sessions whose name
// is one that the labelled process rarely contacts — a hint of a wrong process label that needs
// no truth.
//
// The rule (docs/domains.md): a session's *name* is its DNS domain, else its SNI, else its HTTP
// Host, cut to its last two labels (www.shop.example -> shop.example: one site's many host names
// are one contact). A process's *profile* is the count of its sessions per name over the same
// capture. A session of process P with name N is checked against P's other sessions
// (leave-one-out, so a session never vouches for itself): with at least `min_other_sessions`
// named ones, it is `unusual` (flagged) when the share of them with name N is below
// `usual_share`, else `usual`. Sessions without a process label (`no_process`), without a name
// (`no_name`) or whose process has too few other named sessions (`no_profile`) are not judged.
// With a truth, the flag is graded: how many wrong process labels it catches, and its precision.
#pragma once

#include "analyzers/formats/domain-files.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace ntlab {

struct CrossCheckConfig {
  std::uint64_t min_other_sessions = 5;
  double usual_share = 0.05;
};

/// "shop.example" for "www.shop.example"; a name with fewer than three labels is kept whole, an
/// address too. (No public-suffix list: "a.co.uk" and "b.co.uk" are one name here.)
std::string ProfileName(const std::string& host);

class LabelCrossCheck {
 public:
  explicit LabelCrossCheck(CrossCheckConfig config = {}) : m_config(config) {}

  /// The profile: call for every flow first.
  void Learn(const DomainFlowRow& flow);
  /// Judges one flow against the profile; `truthProcess` empty when unknown.
  CrossCheckRow Check(const DomainFlowRow& flow, const std::string& truthProcess);
  /// metrics.json's "cross_check" object.
  nlohmann::json Summary() const;

 private:
  struct Profile {
    std::uint64_t named = 0;
    std::map<std::string, std::uint64_t> by_name;
  };
  static std::string NameOf(const DomainFlowRow& flow);

  CrossCheckConfig m_config;
  std::map<std::string, Profile> m_profiles;  // by process
  std::map<std::string, std::uint64_t> m_verdicts;
  bool m_graded = false;
  std::uint64_t m_truthKnown = 0, m_wrong = 0, m_wrongFlagged = 0, m_flaggedGraded = 0, m_wrongJudged = 0;
};

}  // namespace ntlab
