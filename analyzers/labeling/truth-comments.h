// The reverse of comment-truth.h: the simulator's truth (truth.csv) written into its captures as
// per-packet owner comments, in ptcpdump's layout, so that a simulated capture has the form of a
// real process-aware one (`ntlab run --pcapng-comments`) and `ntlab truth` reads the truth back
// from it.
//
// A frame's owner is the truth row of its local endpoint: the side that is the capture's host
// (rotated file name), or, in a file without one, the first side a truth row fits (source, then
// destination). A row fits when proto and local port agree, its local address is the frame's (a
// row bound to 0.0.0.0 counts for its host's address, learnt from the host's other rows), its
// remote is the frame's other side if it has one, and the frame falls within its lifetime
// (`slack` either side, as TruthJoin). A connected row beats a listener or unconnected one;
// among equals, the latest opened. A frame no row fits gets no comment.
#pragma once

#include "analyzers/formats/records.h"
#include "analyzers/sessions/session-key.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

class TruthOwners {
 public:
  explicit TruthOwners(std::vector<TruthRow> rows, TimeUs slack = kUsPerSecond);
  const TruthRow* Find(Proto proto, Endpoint local, Endpoint remote, TimeUs ts) const;

 private:
  static AddressKey Key(const IpAddress& ip, Proto proto, std::uint16_t port) {
    return {ip, std::uint32_t(static_cast<std::uint8_t>(proto)) << 16 | port};
  }
  std::vector<TruthRow> m_rows;
  std::unordered_map<AddressKey, std::vector<std::uint32_t>, AddressKeyHash> m_byLocal;
  TimeUs m_slack;
};

struct TruthCommentStats {
  std::uint64_t files = 0;
  std::uint64_t frames = 0;
  std::uint64_t frames_with_owner = 0;
};

/// Writes each capture of `inputs` (files or folders, as CapturePlan reads them) to `outDir`
/// (which must exist) as pcapng under the same name with the ".pcapng" extension, every frame
/// with its owner's comment. Throws InputError on unreadable input or an unwritable output.
TruthCommentStats WriteTruthCommentedCaptures(const std::vector<std::string>& inputs, const TruthOwners& owners,
                                              const std::string& outDir);

}  // namespace ntlab
