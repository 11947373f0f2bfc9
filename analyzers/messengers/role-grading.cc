#include "analyzers/messengers/role-grading.h"

#include "analyzers/messengers/ip-table-proposal.h"

#include <map>

namespace ntlab {
namespace {

nlohmann::json Rate(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? nlohmann::json() : nlohmann::json(double(part) / double(whole));
}

std::string FormatEndpoint(const Endpoint& e) { return FormatIp(e.ip) + ":" + std::to_string(e.port); }

}  // namespace

nlohmann::json GradeRoles(const std::vector<ServerRoleRow>& structure, const std::vector<MessengerRoleTruthRow>& truth,
                          const std::vector<IpTableRow>& table) {
  std::map<Endpoint, MessengerRole> inferred;
  for (const auto& row : structure) inferred[row.endpoint] = row.role;
  std::uint64_t found = 0, correct = 0, servers = 0, serversInTable = 0;
  nlohmann::json confusion = nlohmann::json::object(), wrong = nlohmann::json::array(),
                 missed = nlohmann::json::array();
  std::map<Endpoint, bool> named;
  for (const auto& t : truth) {
    named[t.endpoint] = true;
    if (t.role != MessengerRole::P2pPeer) {
      ++servers;
      serversInTable += FindPrefix(table, t.endpoint.ip) != nullptr;
    }
    auto it = inferred.find(t.endpoint);
    if (it == inferred.end()) {
      missed.push_back({{"endpoint", FormatEndpoint(t.endpoint)}, {"truth", ToString(t.role)}});
      continue;
    }
    ++found;
    correct += it->second == t.role;
    nlohmann::json& cell = confusion[ToString(t.role)][ToString(it->second)];
    cell = cell.is_null() ? 1 : cell.get<std::uint64_t>() + 1;
    if (it->second != t.role)
      wrong.push_back(
          {{"endpoint", FormatEndpoint(t.endpoint)}, {"truth", ToString(t.role)}, {"inferred", ToString(it->second)}});
  }
  std::uint64_t extra = 0;
  for (const auto& [endpoint, role] : inferred) extra += named.count(endpoint) == 0;
  return {{"truth_endpoints", truth.size()},
          {"endpoints_found", found},
          {"endpoint_coverage", Rate(found, truth.size())},
          {"roles_correct", correct},
          {"role_accuracy", Rate(correct, found)},
          {"endpoints_not_in_truth", extra},
          {"role_confusion", confusion},
          {"wrong_roles", wrong},
          {"missed_endpoints", missed},
          {"truth_servers", servers},
          {"ip_table_server_coverage", Rate(serversInTable, servers)}};
}

}  // namespace ntlab
