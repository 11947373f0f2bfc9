#include "analyzers/formats/host-networks.h"

namespace ntlab {

std::vector<CidrBlock> ParseHostNetworks(const std::vector<std::string>& values, const std::string& option) {
  std::vector<CidrBlock> networks;
  for (const auto& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      const std::string item = value.substr(start, comma - start);
      start = comma + 1;
      if (item.empty()) continue;
      CidrParse parsed = ParseCidr(item);
      if (!parsed.block) throw InputError(option + ": '" + item + "' is not an address or CIDR block: " + parsed.problem);
      networks.push_back(*parsed.block);
    }
  }
  if (networks.empty()) throw InputError(option + ": no address or CIDR block given");
  return networks;
}

bool InHostNetworks(const std::vector<CidrBlock>& networks, Ipv4 ip) {
  for (const auto& network : networks)
    if (network.Contains(ip)) return true;
  return false;
}

bool InHostNetworks(const std::vector<CidrBlock>& networks, const IpAddress& ip) {
  return ip.IsV4() && InHostNetworks(networks, ip.V4());
}

}  // namespace ntlab
