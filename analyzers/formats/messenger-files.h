// The files of `ntlab messengers` (issue 12 item 5, docs/messengers.md, docs/formats.md):
// - sessions.csv: one row per recognised messenger session (protocol, role from the session's own
//   commands, evidence, hand-offs it announced), written as sessions end (streaming);
// - structure.csv: the inferred server and peer endpoints with their roles and the rule that gave them;
// - ip-table.csv: proposed IP-table entries (paper 004's blocking method 1), one CIDR per row;
// - messenger-roles.csv: the truth, one role per endpoint (ip, port, role).
// Readers throw InputError naming file, line and column; writers write atomically.
#pragma once

#include "analyzers/formats/csv-io.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

/// Paper 004's server roles, plus the peer of a direct (P2P) transfer inside the LAN.
enum class MessengerRole : std::uint8_t { Unknown, Dispatch, Notification, Switchboard, P2pPeer };
const char* ToString(MessengerRole role);  // "unknown", "dispatch", "notification", "switchboard", "p2p_peer"
std::optional<MessengerRole> ParseMessengerRole(std::string_view text);

/// One row of sessions.csv.
struct MessengerSessionRow {
  std::uint64_t session_id = 0;  // the sessionizer's id, in creation order
  Endpoint host;                 // the monitored (LAN) side
  Endpoint remote;
  Direction direction = Direction::Outbound;
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::string protocol;  // msnp, nateon, msn_direct
  MessengerRole role = MessengerRole::Unknown;
  std::uint64_t commands = 0;  // commands (or direct-connection frames) parsed, both directions
  std::string evidence;        // first command word of each side in order: "C:VER S:VER C:CVR ..."
  std::string handoffs;        // addresses the session announced: "NS 64.4.15.10:1863;SB ..."
  std::string relayed_to;      // the SOCKS target when the session went through an IP relay, else empty
  std::optional<Endpoint> relay_target;  // the same when it is an IPv4 address (not a column of its own)
};

class MessengerSessionWriter {
 public:
  explicit MessengerSessionWriter(const std::string& path);
  void Write(const MessengerSessionRow& row);
  void Commit() { m_csv.Commit(); }

 private:
  CsvWriter m_csv;
};

/// One row of structure.csv: an endpoint of the recovered messenger structure.
struct ServerRoleRow {
  Endpoint endpoint;
  std::string protocol;
  MessengerRole role = MessengerRole::Unknown;
  std::string rule;                  // which graph rule decided the role (docs/messengers.md)
  std::optional<int> handoff_depth;  // hand-offs from a dispatch server (0: itself); none: not reached
  std::uint64_t sessions = 0;        // sessions to it seen in the capture
  std::uint64_t hosts = 0;           // distinct LAN hosts that opened them
  std::string announced_by;          // endpoints that named it in a hand-off, ';'-joined
  TimeUs first_seen = 0;             // first session or announcement
  TimeUs last_seen = 0;
};

void WriteServerStructureCsv(const std::string& path, const std::vector<ServerRoleRow>& rows);

/// One row of ip-table.csv: a prefix to block and why.
struct IpTableRow {
  Ipv4 network = 0;
  int prefix_length = 24;
  std::string roles;     // the roles of the endpoints inside, ';'-joined, sorted
  std::string evidence;  // the endpoints inside with their roles
  TimeUs first_seen = 0;
  TimeUs last_seen = 0;
};

std::string FormatCidr(Ipv4 network, int prefixLength);  // "64.4.9.0/24"
void WriteIpTableCsv(const std::string& path, const std::vector<IpTableRow>& rows);
std::vector<IpTableRow> ReadIpTableCsv(const std::string& path);

/// One row of messenger-roles.csv (the truth): the role an endpoint plays. One row per endpoint.
struct MessengerRoleTruthRow {
  Endpoint endpoint;
  MessengerRole role = MessengerRole::Unknown;  // never Unknown in a valid file
};

std::vector<MessengerRoleTruthRow> ReadMessengerRolesCsv(const std::string& path);
void WriteMessengerRolesCsv(const std::string& path, const std::vector<MessengerRoleTruthRow>& rows);

}  // namespace ntlab
