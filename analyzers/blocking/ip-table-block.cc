#include "analyzers/blocking/ip-table-block.h"

namespace ntlab {

MethodDecision DecideIpTable(const IpTablePolicy& table, const BlockSession& session) {
  const std::string remote = FormatIp(session.remote.ip);
  for (const auto& prefix : table.prefixes) {
    if (!session.remote.ip.IsV4() || !prefix.Contains(session.remote.ip.V4())) continue;  // IPv4 prefixes
    if (!table.ports.empty() && !table.ports.count(session.remote.port))
      return {BlockVerdict::Passed, remote + " in " + FormatCidr(prefix) + " but port " +
                                        std::to_string(session.remote.port) + " not listed"};
    return {BlockVerdict::Blocked, remote + " in " + FormatCidr(prefix)};
  }
  return {BlockVerdict::Passed, remote + " in no listed prefix"};
}

}  // namespace ntlab
