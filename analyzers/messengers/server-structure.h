// Recovering the messengers' server structure (issue 12 item 5, paper 004's Dispatch ->
// Notification -> Switchboard) with Boost.Graph. Vertices are LAN hosts and server (or peer)
// endpoints; edges are sessions (host -> endpoint), direct P2P sessions (host -> peer) and
// hand-offs (the endpoint that announced an address -> the announced endpoint, NS / SB / P2P).
// Each endpoint's role comes from the graph, strongest rule first (docs/messengers.md):
//   1. it announces a notification server (XFR NS, NateOn's REQS answer)   -> dispatch
//   2. it was announced: as NS -> notification, as SB -> switchboard, as a direct peer -> p2p_peer
//   3. it announces switchboards (XFR SB, RNG)                              -> notification
//   4. otherwise the roles its sessions' own commands gave (session-role.h), by majority
// and its hand-off depth is the breadth-first distance from a dispatch endpoint along hand-offs.
// A session's endpoint is the side that accepted it (a direct session seen from the callee's
// capture is the callee's listening port, not the caller's ephemeral one), and a session through
// an IP relay counts for the server the relay was asked to reach; the relays are listed apart.
#pragma once

#include "analyzers/formats/messenger-files.h"
#include "analyzers/messengers/messenger-command.h"

#include <boost/graph/adjacency_list.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ntlab {

enum class StructureEdgeKind : std::uint8_t { Session, Direct, Handoff };

struct StructureVertex {
  Endpoint endpoint;  // a LAN host: its address, port 0
  bool lan_host = false;
  std::string protocol;  // of the sessions to it (or of the session that announced it)
  TimeUs first_seen = 0;
  TimeUs last_seen = 0;
  std::uint64_t sessions = 0;
  std::set<IpAddress> hosts;
  std::map<MessengerRole, std::uint64_t> session_roles;
};

struct StructureEdge {
  StructureEdgeKind kind = StructureEdgeKind::Session;
  HandoffKind handoff = HandoffKind::Notification;  // for Handoff edges
  TimeUs ts = 0;                                    // session start, or the announcement
};

using StructureGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, StructureVertex, StructureEdge>;

struct StructureStats {
  std::uint64_t handoffs = 0;           // hand-off edges
  std::uint64_t handoffs_followed = 0;  // ... followed by a session to the announced endpoint
  std::uint64_t p2p_edges = 0;
  std::uint64_t relayed_sessions = 0;  // sessions that went through an IP relay
  std::set<Endpoint> relays;           // the relays they went through
};

class ServerStructure {
 public:
  void Add(const MessengerSessionRow& session, const std::vector<Handoff>& handoffs);
  /// One row per endpoint (not the LAN hosts), sorted by address and port.
  std::vector<ServerRoleRow> InferRoles() const;
  StructureStats Stats() const;
  const StructureGraph& Graph() const { return m_graph; }

 private:
  using Vertex = StructureGraph::vertex_descriptor;
  Vertex VertexFor(const Endpoint& endpoint, bool lanHost);
  void See(Vertex v, TimeUs from, TimeUs to);
  std::pair<MessengerRole, std::string> RoleOf(Vertex v) const;
  std::map<Vertex, int> HandoffDepths() const;

  StructureGraph m_graph;
  std::map<std::pair<bool, Endpoint>, Vertex> m_vertices;
  std::uint64_t m_relayedSessions = 0;
  std::set<Endpoint> m_relays;
};

}  // namespace ntlab
