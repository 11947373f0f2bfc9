// Finds the ground-truth socket behind a session, to grade labels. Kept apart from the matching
// stages on purpose: the truth comes from the simulator, never from the code being evaluated.
//
// A truth row fits a session when it belongs to the session's host (its local_ip is the host IP,
// or its host name maps to that IP through the socket index), has the same proto and local port,
// the same remote if it has one, and its lifetime overlaps the session within `slack`
// (open_ts <= last_ts + slack and, if closed, close_ts >= first_ts - slack). Among several, the
// largest overlap wins.
#pragma once

#include "analyzers/labeling/socket-index.h"
#include "analyzers/sessions/session.h"

#include <unordered_map>
#include <vector>

namespace ntlab {

class TruthJoin {
 public:
  static TruthJoin Load(const std::string& truthPath, const SocketIndex& index,
                        TimeUs slack = kUsPerSecond);
  static TruthJoin FromRows(std::vector<TruthRow> rows, const SocketIndex& index,
                            TimeUs slack = kUsPerSecond);

  const TruthRow* Find(const Session& session) const;
  std::size_t Rows() const { return m_rows.size(); }

 private:
  static AddressKey Key(const IpAddress& ip, Proto proto, std::uint16_t port) {
    return {ip, std::uint32_t(static_cast<std::uint8_t>(proto)) << 16 | port};
  }

  std::vector<TruthRow> m_rows;
  std::unordered_map<AddressKey, std::vector<std::uint32_t>, AddressKeyHash> m_byLocal;
  TimeUs m_slack = kUsPerSecond;
};

}  // namespace ntlab
