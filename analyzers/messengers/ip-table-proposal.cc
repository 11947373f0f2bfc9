#include "analyzers/messengers/ip-table-proposal.h"

#include <map>
#include <set>
#include <stdexcept>

namespace ntlab {
namespace {

Ipv4 Mask(int prefixLength) { return prefixLength == 0 ? 0 : ~Ipv4(0) << (32 - prefixLength); }

}  // namespace

std::vector<IpTableRow> ProposeIpTable(const std::vector<ServerRoleRow>& structure, int prefixLength) {
  if (prefixLength < 1 || prefixLength > 32) throw std::invalid_argument("an IP-table prefix is 1 to 32 bits");
  std::map<Ipv4, IpTableRow> byNetwork;  // ordered: the table comes out sorted by address
  std::map<Ipv4, std::set<std::string>> roles;
  for (const ServerRoleRow& server : structure) {
    // The IP table holds IPv4 prefixes (paper 004's form); an IPv6 server is left to the other methods.
    if (server.role == MessengerRole::P2pPeer || !server.endpoint.ip.IsV4()) continue;
    const Ipv4 network = server.endpoint.ip.V4() & Mask(prefixLength);
    auto [it, added] = byNetwork.try_emplace(network);
    IpTableRow& row = it->second;
    if (added) {
      row.network = network;
      row.prefix_length = prefixLength;
      row.first_seen = server.first_seen;
    }
    row.first_seen = std::min(row.first_seen, server.first_seen);
    row.last_seen = std::max(row.last_seen, server.last_seen);
    roles[network].insert(ToString(server.role));
    row.evidence += std::string(row.evidence.empty() ? "" : "; ") + FormatIp(server.endpoint.ip) + ":" +
                    std::to_string(server.endpoint.port) + " " + ToString(server.role) + " (" + server.rule + ")";
  }
  std::vector<IpTableRow> table;
  for (auto& [network, row] : byNetwork) {
    for (const auto& role : roles[network]) row.roles += (row.roles.empty() ? "" : ";") + role;
    table.push_back(std::move(row));
  }
  return table;
}

const IpTableRow* FindPrefix(const std::vector<IpTableRow>& table, const IpAddress& ip) {
  if (!ip.IsV4()) return nullptr;
  for (const IpTableRow& row : table)
    if ((ip.V4() & Mask(row.prefix_length)) == row.network) return &row;
  return nullptr;
}

}  // namespace ntlab
