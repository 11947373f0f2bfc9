#include "analyzers/messengers/server-structure.h"

#include "analyzers/messengers/ip-table-proposal.h"
#include "analyzers/messengers/role-grading.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

MessengerSessionRow Session(const char* remote, std::uint16_t port, MessengerRole role, double start) {
  MessengerSessionRow row;
  row.host = Ep("10.60.1.105", 50000);
  row.remote = Ep(remote, port);
  row.first_ts = Sec(start);
  row.last_ts = Sec(start + 1);
  row.protocol = "msnp";
  row.role = role;
  return row;
}

const ServerRoleRow& Find(const std::vector<ServerRoleRow>& rows, const char* ip) {
  for (const auto& r : rows)
    if (r.endpoint.ip == Ip(ip)) return r;
  FAIL("no row for " << ip);
  return rows.front();
}

// A small hand-made structure: a dispatch naming a notification server, which names a switchboard
// that carries a direct-connection offer; a second notification server seen only through its
// session (its announcement was before the capture); a server whose session says nothing.
ServerStructure HandMade() {
  ServerStructure s;
  s.Add(Session("64.4.9.254", 1863, MessengerRole::Unknown, 1),
        {Handoff{HandoffKind::Notification, Ep("207.46.107.41", 1863), Sec(1.5)}});
  s.Add(Session("207.46.107.41", 1863, MessengerRole::Unknown, 2),
        {Handoff{HandoffKind::Switchboard, Ep("64.4.34.17", 1863), Sec(3)}});
  s.Add(Session("64.4.34.17", 1863, MessengerRole::Notification, 4),  // its own commands mislead
        {Handoff{HandoffKind::DirectPeer, Ep("10.60.1.177", 6891), Sec(5)}});
  s.Add(Session("10.60.1.177", 6891, MessengerRole::P2pPeer, 6), {});
  s.Add(Session("207.46.125.20", 1863, MessengerRole::Notification, 7), {});
  s.Add(Session("198.51.100.9", 1863, MessengerRole::Unknown, 8), {});
  return s;
}

}  // namespace

TEST_CASE("server structure: roles and hand-off depths on a small hand-made graph", "[analysis][messengers][graph]") {
  const ServerStructure s = HandMade();
  const auto rows = s.InferRoles();
  REQUIRE(rows.size() == 6);
  CHECK(Find(rows, "64.4.9.254").role == MessengerRole::Dispatch);
  CHECK(Find(rows, "64.4.9.254").rule == "announces_ns");
  CHECK(Find(rows, "64.4.9.254").handoff_depth == 0);
  CHECK(Find(rows, "207.46.107.41").role == MessengerRole::Notification);
  CHECK(Find(rows, "207.46.107.41").handoff_depth == 1);
  // The announcement outranks the session's own (misleading) commands.
  CHECK(Find(rows, "64.4.34.17").role == MessengerRole::Switchboard);
  CHECK(Find(rows, "64.4.34.17").rule == "announced_sb");
  CHECK(Find(rows, "10.60.1.177").role == MessengerRole::P2pPeer);
  CHECK(Find(rows, "10.60.1.177").handoff_depth == 3);
  CHECK(Find(rows, "10.60.1.177").announced_by == "64.4.34.17:1863");
  CHECK(Find(rows, "207.46.125.20").role == MessengerRole::Notification);
  CHECK(Find(rows, "207.46.125.20").rule == "session_commands");
  CHECK_FALSE(Find(rows, "207.46.125.20").handoff_depth);
  CHECK(Find(rows, "198.51.100.9").role == MessengerRole::Unknown);
  const StructureStats stats = s.Stats();
  CHECK(stats.handoffs == 3);
  CHECK(stats.handoffs_followed == 3);
  CHECK(stats.p2p_edges == 1);
  CHECK(boost::num_vertices(s.Graph()) == 7);  // six endpoints and the LAN host
}

TEST_CASE("server structure: a dispatch that redirects to another dispatch stays a dispatch",
          "[analysis][messengers][graph]") {
  ServerStructure s;
  s.Add(Session("64.4.9.254", 1863, MessengerRole::Dispatch, 1),
        {Handoff{HandoffKind::Notification, Ep("64.4.9.253", 1863), Sec(1.5)}});
  s.Add(Session("64.4.9.253", 1863, MessengerRole::Dispatch, 2),
        {Handoff{HandoffKind::Notification, Ep("207.46.107.41", 1863), Sec(2.5)}});
  const auto rows = s.InferRoles();
  CHECK(Find(rows, "64.4.9.253").role == MessengerRole::Dispatch);
  CHECK(Find(rows, "64.4.9.253").handoff_depth == 0);
  CHECK(Find(rows, "207.46.107.41").handoff_depth == 1);
}

TEST_CASE("server structure: the proposed IP table widens servers to prefixes and leaves LAN peers out",
          "[analysis][messengers][graph]") {
  const auto rows = HandMade().InferRoles();
  const auto table = ProposeIpTable(rows, 24);
  REQUIRE(table.size() == 5);
  CHECK(FormatCidr(table[0].network, table[0].prefix_length) == "64.4.9.0/24");
  CHECK(FindPrefix(table, Ip("64.4.34.200")) != nullptr);
  CHECK(FindPrefix(table, Ip("10.60.1.177")) == nullptr);
  CHECK(ProposeIpTable(rows, 8).size() == 3);  // 64/8, 198/8, 207/8
  CHECK_THROWS_AS(ProposeIpTable(rows, 0), std::invalid_argument);
}

TEST_CASE("server structure: grading counts coverage, accuracy and the table's reach",
          "[analysis][messengers][graph]") {
  const auto rows = HandMade().InferRoles();
  const auto table = ProposeIpTable(rows, 24);
  const std::vector<MessengerRoleTruthRow> truth = {{Ep("64.4.9.254", 1863), MessengerRole::Dispatch},
                                                    {Ep("64.4.34.17", 1863), MessengerRole::Switchboard},
                                                    {Ep("198.51.100.9", 1863), MessengerRole::Notification},
                                                    {Ep("65.54.239.1", 1863), MessengerRole::Dispatch}};
  const auto g = GradeRoles(rows, truth, table);
  CHECK(g["endpoints_found"] == 3);
  CHECK(g["endpoint_coverage"].get<double>() == Approx(0.75));
  CHECK(g["roles_correct"] == 2);
  CHECK(g["role_accuracy"].get<double>() == Approx(2.0 / 3));
  CHECK(g["endpoints_not_in_truth"] == 3);
  CHECK(g["ip_table_server_coverage"].get<double>() == Approx(0.75));
  CHECK(g["role_confusion"]["notification"]["unknown"] == 1);
}

TEST_CASE("server structure: a direct session seen from both hosts is one peer, a relayed one counts for its target",
          "[analysis][messengers][graph]") {
  ServerStructure s;
  MessengerSessionRow caller = Session("10.60.1.177", 6891, MessengerRole::P2pPeer, 1);
  MessengerSessionRow callee = caller;  // the same connection in the callee's capture
  callee.host = Ep("10.60.1.177", 6891);
  callee.remote = Ep("10.60.1.105", 50000);
  callee.direction = Direction::Inbound;
  s.Add(caller, {});
  s.Add(callee, {});
  MessengerSessionRow relayed = Session("198.51.100.80", 1080, MessengerRole::Unknown, 2);
  relayed.relay_target = Ep("64.4.9.254", 1863);
  s.Add(relayed, {Handoff{HandoffKind::Notification, Ep("207.46.107.41", 1863), Sec(2.5)}});
  const auto rows = s.InferRoles();
  REQUIRE(rows.size() == 3);  // the peer's 6891, the dispatch behind the relay, its notification server
  CHECK(Find(rows, "10.60.1.177").endpoint.port == 6891);
  CHECK(Find(rows, "10.60.1.177").hosts == 1);
  CHECK(Find(rows, "64.4.9.254").role == MessengerRole::Dispatch);
  const StructureStats stats = s.Stats();
  CHECK(stats.relayed_sessions == 1);
  CHECK(stats.relays == std::set<Endpoint>{Ep("198.51.100.80", 1080)});
}

TEST_CASE("server structure: NateOn's main server announces the 6004 peer, a p2p edge and role, kept nateon",
          "[analysis][messengers][graph][nateon]") {
  ServerStructure s;
  auto nateon = [](const char* remote, std::uint16_t port, MessengerRole role, double start) {
    MessengerSessionRow row = Session(remote, port, role, start);
    row.protocol = "nateon";
    return row;
  };
  s.Add(nateon("211.234.240.10", 5004, MessengerRole::Dispatch, 1),
        {Handoff{HandoffKind::Notification, Ep("203.226.253.50", 5004), Sec(1.5)}});
  s.Add(nateon("203.226.253.50", 5004, MessengerRole::Notification, 2),
        {Handoff{HandoffKind::DirectPeer, Ep("10.60.1.177", 6004), Sec(3)}});
  s.Add(nateon("10.60.1.177", 6004, MessengerRole::P2pPeer, 4), {});
  const auto rows = s.InferRoles();
  REQUIRE(rows.size() == 3);
  const ServerRoleRow& peer = Find(rows, "10.60.1.177");
  CHECK(peer.role == MessengerRole::P2pPeer);
  CHECK(peer.rule == "announced_p2p");
  CHECK(peer.protocol == "nateon");
  CHECK(peer.handoff_depth == 2);
  CHECK(Find(rows, "203.226.253.50").role == MessengerRole::Notification);
  CHECK(s.Stats().p2p_edges == 1);
  CHECK(FindPrefix(ProposeIpTable(rows, 24), Ip("10.60.1.177")) == nullptr);  // a LAN peer: never in the table
}
