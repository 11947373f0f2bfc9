// The maps of a capture rewrite (paper 002, step 3: the captured traffic's addresses rewritten to
// the isolated instance's), built from the rules of the command line and map files
// (analyzers/formats/rewrite-rules.h) and checked across rules once, before any packet is read:
// two rules for one address, port or MAC, and a CIDR pair of different sizes, are refused with an
// InputError naming both rules. Each address is rewritten by at most one rule and never twice
// (no chains: 10.0.0.5 -> 10.0.1.5 is not then taken by a rule for 10.0.1.0/24).
#pragma once

#include "analyzers/formats/rewrite-rules.h"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace ntlab {

/// CIDR-aware address map: an address inside a rule's `from` network keeps its host bits and takes
/// the `to` network's (10.0.0.0/24 -> 192.168.5.0/24 maps 10.0.0.7 to 192.168.5.7), as
/// tcprewrite's --pnat does; a /32 rule maps one address.
class AddressMap {
 public:
  AddressMap() = default;
  /// Throws InputError on overlapping rules or a pair of different sizes.
  explicit AddressMap(std::vector<AddressRule> rules);
  std::optional<Ipv4> Map(Ipv4 address) const;
  bool Empty() const { return m_rules.empty(); }
  const std::vector<AddressRule>& Rules() const { return m_rules; }

 private:
  std::vector<AddressRule> m_rules;
};

/// Port map, applied to source and destination ports alike (tcprewrite --portmap).
class PortMap {
 public:
  PortMap() = default;
  explicit PortMap(const std::vector<PortRule>& rules);
  std::optional<std::uint16_t> Map(std::uint16_t port) const;
  bool Empty() const { return m_ports.empty(); }

 private:
  std::map<std::uint16_t, std::uint16_t> m_ports;
};

/// MAC map for one side of the Ethernet header: one MAC for every frame, or MAC to MAC.
class MacMap {
 public:
  MacMap() = default;
  explicit MacMap(const std::vector<MacRule>& rules);
  std::optional<MacAddress> Map(const MacAddress& mac) const;
  bool Empty() const { return !m_every && m_macs.empty(); }

 private:
  std::optional<MacAddress> m_every;
  std::map<MacAddress, MacAddress> m_macs;
};

/// Every map of one rewrite. The source address takes the source map's rule, else the both-ways
/// map's; the destination likewise; a source rule and a both-ways rule for one address contradict
/// each other and are refused.
struct RewriteMaps {
  AddressMap addresses, source_addresses, destination_addresses;
  PortMap ports;
  MacMap source_macs, destination_macs;

  static RewriteMaps FromRules(const RewriteRules& rules);
  std::optional<Ipv4> MapSource(Ipv4 address) const;
  std::optional<Ipv4> MapDestination(Ipv4 address) const;
  bool HasMacRules() const { return !source_macs.Empty() || !destination_macs.Empty(); }
  bool Empty() const {
    return addresses.Empty() && source_addresses.Empty() && destination_addresses.Empty() && ports.Empty() &&
           !HasMacRules();
  }
};

}  // namespace ntlab
