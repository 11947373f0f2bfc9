#include "analyzers/messengers/server-structure.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>

#include <algorithm>

namespace ntlab {
namespace {

// Only the hand-off edges: the paths dispatch -> notification -> switchboard -> peer.
struct HandoffEdgesOnly {
  const StructureGraph* graph = nullptr;
  bool operator()(StructureGraph::edge_descriptor e) const { return (*graph)[e].kind == StructureEdgeKind::Handoff; }
};

std::string FormatEndpoint(const Endpoint& e) { return FormatIp(e.ip) + ":" + std::to_string(e.port); }

}  // namespace

ServerStructure::Vertex ServerStructure::VertexFor(const Endpoint& endpoint, bool lanHost) {
  auto [it, added] = m_vertices.try_emplace({lanHost, endpoint});
  if (added) {
    it->second = boost::add_vertex(m_graph);
    m_graph[it->second].endpoint = endpoint;
    m_graph[it->second].lan_host = lanHost;
  }
  return it->second;
}

void ServerStructure::See(Vertex v, TimeUs from, TimeUs to) {
  StructureVertex& vertex = m_graph[v];
  vertex.first_seen = vertex.first_seen == 0 ? from : std::min(vertex.first_seen, from);
  vertex.last_seen = std::max(vertex.last_seen, to);
}

void ServerStructure::Add(const MessengerSessionRow& s, const std::vector<Handoff>& handoffs) {
  const bool inbound = s.direction == Direction::Inbound;
  const IpAddress client = inbound ? s.remote.ip : s.host.ip;
  Endpoint server = inbound ? s.host : s.remote;
  if (s.relay_target) {
    ++m_relayedSessions;
    m_relays.insert(server);
    server = *s.relay_target;
  }
  const Vertex host = VertexFor(Endpoint{client, 0}, true);
  const Vertex remote = VertexFor(server, false);
  const bool direct = s.role == MessengerRole::P2pPeer;
  boost::add_edge(host, remote,
                  StructureEdge{direct ? StructureEdgeKind::Direct : StructureEdgeKind::Session,
                                HandoffKind::Notification, s.first_ts},
                  m_graph);
  StructureVertex& r = m_graph[remote];
  ++r.sessions;
  r.hosts.insert(client);
  ++r.session_roles[s.role];
  if (r.protocol.empty()) r.protocol = s.protocol;
  See(remote, s.first_ts, s.last_ts);
  See(host, s.first_ts, s.last_ts);
  for (const Handoff& h : handoffs) {
    const Vertex target = VertexFor(h.target, false);
    boost::add_edge(remote, target, StructureEdge{StructureEdgeKind::Handoff, h.kind, h.ts}, m_graph);
    if (m_graph[target].protocol.empty())
      m_graph[target].protocol = h.kind == HandoffKind::DirectPeer && s.protocol == "msnp" ? "msn_direct" : s.protocol;
    See(target, h.ts, h.ts);
  }
}

std::pair<MessengerRole, std::string> ServerStructure::RoleOf(Vertex v) const {
  std::map<HandoffKind, int> announcedAs, announces;
  for (auto [e, end] = boost::in_edges(v, m_graph); e != end; ++e)
    if (m_graph[*e].kind == StructureEdgeKind::Handoff) ++announcedAs[m_graph[*e].handoff];
  for (auto [e, end] = boost::out_edges(v, m_graph); e != end; ++e)
    if (m_graph[*e].kind == StructureEdgeKind::Handoff) ++announces[m_graph[*e].handoff];
  if (announces.count(HandoffKind::Notification)) return {MessengerRole::Dispatch, "announces_ns"};
  if (!announcedAs.empty()) {
    // The kind most announcements gave it (ties: NS before SB before P2P, the enum's order).
    auto most = std::max_element(announcedAs.begin(), announcedAs.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    switch (most->first) {
      case HandoffKind::Notification: return {MessengerRole::Notification, "announced_ns"};
      case HandoffKind::Switchboard: return {MessengerRole::Switchboard, "announced_sb"};
      case HandoffKind::DirectPeer: return {MessengerRole::P2pPeer, "announced_p2p"};
    }
  }
  if (announces.count(HandoffKind::Switchboard)) return {MessengerRole::Notification, "announces_sb"};
  const auto& votes = m_graph[v].session_roles;
  MessengerRole best = MessengerRole::Unknown;
  std::uint64_t bestVotes = 0;
  for (const auto& [role, count] : votes)
    if (role != MessengerRole::Unknown && count > bestVotes) best = role, bestVotes = count;
  return {best, best == MessengerRole::Unknown ? "no_evidence" : "session_commands"};
}

std::map<ServerStructure::Vertex, int> ServerStructure::HandoffDepths() const {
  boost::filtered_graph<StructureGraph, HandoffEdgesOnly> handoffs(m_graph, HandoffEdgesOnly{&m_graph});
  std::map<Vertex, int> depths;
  const std::size_t n = boost::num_vertices(m_graph);
  for (Vertex source = 0; source < n; ++source) {
    if (m_graph[source].lan_host || RoleOf(source).first != MessengerRole::Dispatch) continue;
    std::vector<int> distance(n, -1);
    distance[source] = 0;
    auto recorder = boost::record_distances(
        boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, m_graph)),
        boost::on_tree_edge());
    boost::breadth_first_search(handoffs, source, boost::visitor(boost::make_bfs_visitor(recorder)));
    for (Vertex v = 0; v < n; ++v)
      if (distance[v] >= 0 && (!depths.count(v) || distance[v] < depths[v])) depths[v] = distance[v];
  }
  return depths;
}

std::vector<ServerRoleRow> ServerStructure::InferRoles() const {
  const std::map<Vertex, int> depths = HandoffDepths();
  std::vector<ServerRoleRow> rows;
  for (Vertex v = 0; v < boost::num_vertices(m_graph); ++v) {
    const StructureVertex& vertex = m_graph[v];
    if (vertex.lan_host) continue;
    ServerRoleRow row;
    row.endpoint = vertex.endpoint;
    row.protocol = vertex.protocol;
    std::tie(row.role, row.rule) = RoleOf(v);
    if (auto d = depths.find(v); d != depths.end()) row.handoff_depth = d->second;
    row.sessions = vertex.sessions;
    row.hosts = vertex.hosts.size();
    std::set<Endpoint> announcers;
    for (auto [e, end] = boost::in_edges(v, m_graph); e != end; ++e)
      if (m_graph[*e].kind == StructureEdgeKind::Handoff)
        announcers.insert(m_graph[boost::source(*e, m_graph)].endpoint);
    for (const Endpoint& a : announcers) row.announced_by += (row.announced_by.empty() ? "" : ";") + FormatEndpoint(a);
    row.first_seen = vertex.first_seen;
    row.last_seen = vertex.last_seen;
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.endpoint < b.endpoint; });
  return rows;
}

StructureStats ServerStructure::Stats() const {
  StructureStats stats;
  stats.relayed_sessions = m_relayedSessions;
  stats.relays = m_relays;
  for (auto [e, end] = boost::edges(m_graph); e != end; ++e) {
    const StructureEdge& edge = m_graph[*e];
    if (edge.kind == StructureEdgeKind::Direct) ++stats.p2p_edges;
    if (edge.kind != StructureEdgeKind::Handoff) continue;
    ++stats.handoffs;
    const auto target = boost::target(*e, m_graph);
    // Followed: a session (or direct connection) to the announced endpoint at or after the announcement.
    for (auto [in, inEnd] = boost::in_edges(target, m_graph); in != inEnd; ++in)
      if (m_graph[*in].kind != StructureEdgeKind::Handoff && m_graph[*in].ts >= edge.ts) {
        ++stats.handoffs_followed;
        break;
      }
  }
  return stats;
}

}  // namespace ntlab
