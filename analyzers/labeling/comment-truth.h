// Ground truth from the capture itself: the owning process that process-aware capture tools
// (ptcpdump) write into each pcapng packet's comment, turned into one truth.csv row per session
// (`ntlab truth`, `ntlab label --truth-from-comments`). A real capture then grades labels the way
// the simulator's truth.csv does.
//
// A session's owner is the (pid, process) most of the commented packets the host side sent name
// (those the remote sent only when the host sent none: on loopback they name the remote's
// process); on a tie, the one named first. A session whose deciding comments name more than one
// owner is a conflict: counted, the first few described, its majority kept. A session without any owner comment gets no row. The
// row is the session seen from the monitored host: host = the host's address, local = the host's
// endpoint, remote = the other, open_ts/close_ts = the session's first and last packet, so
// TruthJoin fits it to the same session of a labelling run that chooses the host side alike
// (the same known hosts).
#pragma once

#include "analyzers/capture/pcap-packet-source.h"
#include "analyzers/formats/records.h"
#include "analyzers/sessions/sessionizer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

namespace ntlab {

struct CommentTruthStats {
  std::uint64_t sessions = 0;
  std::uint64_t sessions_with_owner = 0;   // one row each
  std::uint64_t conflicting_sessions = 0;  // deciding comments naming more than one owner
  std::uint64_t packets_with_owner = 0;    // packets with an owner comment
  std::vector<std::string> conflicts;      // the first kNamedConflicts, described
  CaptureStats capture;
};

struct CommentTruth {
  std::vector<TruthRow> rows;  // in session order (first packet time, then host endpoint, then remote)
  CommentTruthStats stats;
};

constexpr std::size_t kNamedConflicts = 5;

/// {"sessions", "sessions_with_owner", "conflicting_sessions", "packets_with_owner", "conflicts"}
/// (metrics.json `comment_truth` of `label --truth-from-comments`).
nlohmann::json CommentTruthJson(const CommentTruthStats& stats);

struct CommentTruthOptions {
  std::unordered_set<IpAddress> known_hosts;  // choose the monitored side as in Sessionizer
  /// `--hosts`: known hosts too, and sessions of no host in them give no row (and are not counted).
  std::vector<HostNetwork> host_networks;
  SessionizerConfig sessions;
  CaptureOptions capture;
};

/// Reads the captures with their comments (pcap files have none: no rows) and sessionizes them.
/// Throws InputError on unreadable input.
CommentTruth ExtractCommentTruth(const std::vector<std::string>& inputs, const CommentTruthOptions& options = {});

}  // namespace ntlab
