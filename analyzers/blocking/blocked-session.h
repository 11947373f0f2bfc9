// One session as `ntlab block` judges it (docs/blocking.md): where it went, who owned it (the
// labeling engine's label and, with a truth, the true owner), what the wire says it is (the
// messenger grammar), and each method's decision with its evidence.
#pragma once

#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/process-identity.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ntlab {

/// A method's answer for one session. NotEvaluable: the input it needs is missing (methods 2 and 3
/// without a socket log, or with an owner nobody knows); never counted as "not blocked".
enum class BlockVerdict : std::uint8_t { Blocked, Passed, NotEvaluable };

struct MethodDecision {
  BlockVerdict verdict = BlockVerdict::NotEvaluable;
  std::string reason;  // the evidence: the CIDR hit, the matching process and how it was known
};

/// Who owned a session, and how that is known ("label msnmsgr.exe pid 4120 (stage A)", "truth").
struct SessionOwner {
  std::string image_name;                    // empty or "Unknown": not known
  std::optional<ProcessIdentity> identity;   // window class / control text, when the socket log has them
  std::string known_from;
  bool Known() const { return !image_name.empty() && image_name != "Unknown"; }
};

struct BlockSession {
  std::uint64_t id = 0;                     // in the order sessions ended, as labels.csv lists them
  Proto proto = Proto::Tcp;
  Endpoint host;
  Endpoint remote;
  Direction direction = Direction::Outbound;
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::string protocol;                     // messenger protocol recognised; empty: none
  std::optional<SessionOwner> label;        // none without a socket log
  std::optional<SessionOwner> truth;        // none without a truth
  bool IsMessenger() const { return !protocol.empty(); }
};

}  // namespace ntlab
