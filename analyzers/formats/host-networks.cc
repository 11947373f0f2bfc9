#include "analyzers/formats/host-networks.h"

namespace ntlab {
namespace {

// How many bits an address of this family has (IPv4 lives in the first four of IpAddress's bytes).
int AddressBits(const IpAddress& ip) { return ip.IsV4() ? 32 : 128; }

// True when the first `prefix` bits of a and b (of one family) agree.
bool SamePrefix(const IpAddress& a, const IpAddress& b, int prefix) {
  int whole = prefix / 8;
  for (int i = 0; i < whole; ++i)
    if (a.bytes[i] != b.bytes[i]) return false;
  const int rest = prefix % 8;
  if (rest == 0) return true;
  const std::uint8_t mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a.bytes[whole] & mask) == (b.bytes[whole] & mask);
}

IpAddress ClearHostBits(IpAddress ip, int prefix) {
  for (int bit = prefix; bit < AddressBits(ip); ++bit)
    ip.bytes[bit / 8] = static_cast<std::uint8_t>(ip.bytes[bit / 8] & ~(0x80 >> (bit % 8)));
  return ip;
}

}  // namespace

bool HostNetwork::Contains(const IpAddress& ip) const {
  return ip.IsV4() == network.IsV4() && SamePrefix(ip, network, prefix);
}

HostNetworkParse ParseHostNetwork(std::string_view text) {
  const auto slash = text.find('/');
  const std::string_view addressText = text.substr(0, slash);
  auto address = IpAddress::Parse(addressText);
  if (!address) return {std::nullopt, "the address is neither a.b.c.d nor IPv6"};
  // "::ffff:10.0.0.0/120" was written in IPv6 bits but IpAddress made it IPv4.
  const bool writtenAsV6 = addressText.find(':') != std::string_view::npos;
  const int writtenBits = writtenAsV6 ? 128 : 32;
  int prefix = writtenBits;
  if (slash != std::string_view::npos) {
    auto parsed = ParseUnsigned(text.substr(slash + 1));
    if (!parsed) return {std::nullopt, "the prefix length is not a number"};
    if (*parsed > std::uint64_t(writtenBits))
      return {std::nullopt, "prefix length " + std::to_string(*parsed) + " is above " + std::to_string(writtenBits)};
    prefix = static_cast<int>(*parsed);
  }
  if (writtenAsV6 && address->IsV4()) {
    if (prefix < 96) return {std::nullopt, "an IPv4-mapped block needs a prefix length of at least 96"};
    prefix -= 96;
  }
  // A network written with host bits ("10.0.0.1/24") is refused rather than guessed at: the user
  // may have meant the one host or the whole block.
  if (ClearHostBits(*address, prefix) != *address)
    return {std::nullopt, "host bits set below the /" + std::to_string(prefix) + " prefix (the network is " +
                              FormatHostNetwork({ClearHostBits(*address, prefix), prefix}) + ")"};
  return {HostNetwork{*address, prefix}, ""};
}

std::string FormatHostNetwork(const HostNetwork& network) {
  const std::string address = network.network.ToString();
  if (network.prefix == AddressBits(network.network)) return address;
  return address + "/" + std::to_string(network.prefix);
}

std::vector<HostNetwork> ParseHostNetworks(const std::vector<std::string>& values, const std::string& option) {
  std::vector<HostNetwork> networks;
  for (const auto& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      const std::string item = value.substr(start, comma - start);
      start = comma + 1;
      if (item.empty()) continue;
      HostNetworkParse parsed = ParseHostNetwork(item);
      if (!parsed.network)
        throw InputError(option + ": '" + item + "' is not an address or CIDR block: " + parsed.problem);
      networks.push_back(*parsed.network);
    }
  }
  if (networks.empty()) throw InputError(option + ": no address or CIDR block given");
  return networks;
}

bool InHostNetworks(const std::vector<HostNetwork>& networks, const IpAddress& ip) {
  for (const auto& network : networks)
    if (network.Contains(ip)) return true;
  return false;
}

}  // namespace ntlab
