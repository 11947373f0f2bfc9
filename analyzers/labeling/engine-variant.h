// Which labelling engine `ntlab label --engine` runs. `paper` reproduces paper 001's rules as
// they are (the default, so reproduction figures stay what they were); `ntlab` changes them
// where the regression traps show the paper's rules give wrong labels (issue 10):
// A2 and C refuse keys two processes used, A2/B/C/D skip DNS/NTP, the full scan keeps the remote
// end of TCP rows and gives no all-dates answer on ephemeral ports, stage A refuses old rows and
// rows an event contradicts, and the learnt stages wait for the session's end (defer_learnt).
// Post-processing adds dns_use: an Unknown DNS lookup's resolver from the session that used its
// answer, where that consumer's lookups always had one resolver (dns-use-match.h).
// The ntlab engine also writes each label's confidence. docs/results.md measures both.
#pragma once

#include <optional>
#include <string_view>

namespace ntlab {

enum class LabelEngine { Paper, Ntlab };

inline const char* ToString(LabelEngine engine) { return engine == LabelEngine::Ntlab ? "ntlab" : "paper"; }

inline std::optional<LabelEngine> ParseLabelEngine(std::string_view name) {
  if (name == "paper") return LabelEngine::Paper;
  if (name == "ntlab") return LabelEngine::Ntlab;
  return std::nullopt;
}

}  // namespace ntlab
