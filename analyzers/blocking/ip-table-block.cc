#include "analyzers/blocking/ip-table-block.h"

namespace ntlab {

MethodDecision DecideIpTable(const IpTablePolicy& table, const BlockSession& session) {
  const std::string remote = FormatIpv4(session.remote.ip);
  for (const auto& prefix : table.prefixes) {
    if (!prefix.Contains(session.remote.ip)) continue;
    if (!table.ports.empty() && !table.ports.count(session.remote.port))
      return {BlockVerdict::Passed, remote + " in " + FormatCidr(prefix) + " but port " +
                                        std::to_string(session.remote.port) + " not listed"};
    return {BlockVerdict::Blocked, remote + " in " + FormatCidr(prefix)};
  }
  return {BlockVerdict::Passed, remote + " in no listed prefix"};
}

}  // namespace ntlab
