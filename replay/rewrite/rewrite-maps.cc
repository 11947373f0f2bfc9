#include "replay/rewrite/rewrite-maps.h"

namespace ntlab {
namespace {

std::string Describe(const AddressRule& rule) { return FormatCidr(rule.from) + ":" + FormatCidr(rule.to); }

void RefuseOverlaps(const std::vector<AddressRule>& first, const std::vector<AddressRule>& second,
                    const char* what) {
  for (std::size_t i = 0; i < first.size(); ++i)
    for (std::size_t j = &first == &second ? i + 1 : 0; j < second.size(); ++j)
      if (first[i].from.Overlaps(second[j].from))
        throw InputError(second[j].where + ": " + Describe(second[j]) + " and " + first[i].where + ": " +
                         Describe(first[i]) + " are two rules for one " + what + " (their networks overlap)");
}

}  // namespace

AddressMap::AddressMap(std::vector<AddressRule> rules) : m_rules(std::move(rules)) {
  for (const auto& rule : m_rules)
    if (rule.from.prefix != rule.to.prefix)
      throw InputError(rule.where + ": " + Describe(rule) + " maps a /" + std::to_string(rule.from.prefix) +
                       " onto a /" + std::to_string(rule.to.prefix) +
                       ": a CIDR pair must be of one size, so that every host keeps its host bits");
  RefuseOverlaps(m_rules, m_rules, "address");
}

std::optional<Ipv4> AddressMap::Map(Ipv4 address) const {
  for (const auto& rule : m_rules)
    if (rule.from.Contains(address)) return rule.to.network | (address & ~rule.to.Mask());
  return std::nullopt;
}

PortMap::PortMap(const std::vector<PortRule>& rules) {
  std::map<std::uint16_t, const PortRule*> seen;
  for (const auto& rule : rules) {
    auto [it, fresh] = seen.emplace(rule.from, &rule);
    if (!fresh)
      throw InputError(rule.where + ": port " + std::to_string(rule.from) + " already has a rule (" + it->second->where +
                       "): two rules for one port");
    m_ports[rule.from] = rule.to;
  }
}

std::optional<std::uint16_t> PortMap::Map(std::uint16_t port) const {
  auto it = m_ports.find(port);
  if (it == m_ports.end()) return std::nullopt;
  return it->second;
}

MacMap::MacMap(const std::vector<MacRule>& rules) {
  const MacRule* every = nullptr;
  std::map<MacAddress, const MacRule*> seen;
  for (const auto& rule : rules) {
    const MacRule* other = every;
    if (!rule.from) {
      if (!seen.empty()) other = seen.begin()->second;
      every = &rule;
      m_every = rule.to;
    } else if (!every) {
      auto [it, fresh] = seen.emplace(*rule.from, &rule);
      if (!fresh) other = it->second;
      m_macs[*rule.from] = rule.to;
    }
    if (other)
      throw InputError(rule.where + ": contradicts " + other->where +
                       ": two rules for one MAC address (a rule for every frame leaves room for no other)");
  }
}

std::optional<MacAddress> MacMap::Map(const MacAddress& mac) const {
  if (m_every) return m_every;
  auto it = m_macs.find(mac);
  if (it == m_macs.end()) return std::nullopt;
  return it->second;
}

RewriteMaps RewriteMaps::FromRules(const RewriteRules& rules) {
  RewriteMaps maps;
  maps.addresses = AddressMap(rules.addresses);
  maps.source_addresses = AddressMap(rules.source_addresses);
  maps.destination_addresses = AddressMap(rules.destination_addresses);
  RefuseOverlaps(rules.addresses, rules.source_addresses, "source address");
  RefuseOverlaps(rules.addresses, rules.destination_addresses, "destination address");
  maps.ports = PortMap(rules.ports);
  maps.source_macs = MacMap(rules.source_macs);
  maps.destination_macs = MacMap(rules.destination_macs);
  return maps;
}

std::optional<Ipv4> RewriteMaps::MapSource(Ipv4 address) const {
  if (auto mapped = source_addresses.Map(address)) return mapped;
  return addresses.Map(address);
}

std::optional<Ipv4> RewriteMaps::MapDestination(Ipv4 address) const {
  if (auto mapped = destination_addresses.Map(address)) return mapped;
  return addresses.Map(address);
}

}  // namespace ntlab
