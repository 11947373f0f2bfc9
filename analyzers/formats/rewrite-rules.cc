#include "analyzers/formats/rewrite-rules.h"

#include "analyzers/formats/csv-fields.h"
#include "analyzers/formats/csv-io.h"
#include "analyzers/formats/text-rules.h"

#include <cstdio>

namespace ntlab {
namespace {

constexpr std::array<const char*, 3> kMapColumns = {"kind", "from", "to"};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "A:B" split at its one colon (an IPv4 CIDR and a port never hold one; a MAC is not a pair).
bool SplitPair(std::string_view pair, std::string_view& from, std::string_view& to) {
  auto colon = pair.find(':');
  if (colon == std::string_view::npos || pair.find(':', colon + 1) != std::string_view::npos) return false;
  from = pair.substr(0, colon);
  to = pair.substr(colon + 1);
  return true;
}

std::vector<std::string_view> SplitList(std::string_view text) {
  std::vector<std::string_view> items;
  for (;;) {
    auto comma = text.find(',');
    items.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) return items;
    text.remove_prefix(comma + 1);
  }
}

CidrBlock RequireCidr(std::string_view text, const std::string& where) {
  CidrParse parsed = ParseCidr(text);
  if (!parsed.block) throw InputError(where + ": " + QuoteForMessage(text) + " is not an IPv4 network: " + parsed.problem);
  return *parsed.block;
}

std::uint16_t RequirePortText(std::string_view text, const std::string& where) {
  auto port = ParsePort(text);
  if (!port) throw InputError(where + ": " + QuoteForMessage(text) + " is not a port (0-65535)");
  return *port;
}

template <unsigned N>
void AppendMapRow(const CsvRowReader<N>& csv, const typename CsvRowReader<N>::Row& row, RewriteRules& rules) {
  const std::string where = csv.Path() + ":" + std::to_string(csv.Line());
  const std::string& kind = row[0];
  auto cidr = [&](unsigned column) {
    CidrParse parsed = ParseCidr(row[column]);
    if (!parsed.block) csv.Fail(column, QuoteForMessage(row[column]) + " is not an IPv4 network: " + parsed.problem);
    return *parsed.block;
  };
  auto mac = [&](unsigned column) {
    auto parsed = ParseMac(row[column]);
    if (!parsed) csv.Fail(column, QuoteForMessage(row[column]) + " is not a MAC address (00:11:22:aa:bb:cc)");
    return *parsed;
  };
  if (kind == "address" || kind == "source_address" || kind == "destination_address") {
    auto& list = kind == "address" ? rules.addresses
                 : kind == "source_address" ? rules.source_addresses : rules.destination_addresses;
    list.push_back({cidr(1), cidr(2), where});
  } else if (kind == "port") {
    rules.ports.push_back({csv_fields::RequirePort(csv, 1, row[1]), csv_fields::RequirePort(csv, 2, row[2]), where});
  } else if (kind == "source_mac" || kind == "destination_mac") {
    MacRule rule{row[1] == "*" ? std::nullopt : std::optional<MacAddress>(mac(1)), mac(2), where};
    (kind == "source_mac" ? rules.source_macs : rules.destination_macs).push_back(rule);
  } else {
    csv.Fail(0, QuoteForMessage(kind) +
                    " is not a rule kind (address, source_address, destination_address, port, source_mac, "
                    "destination_mac)");
  }
}

}  // namespace

bool CidrBlock::Overlaps(const CidrBlock& other) const {
  const Ipv4 mask = prefix < other.prefix ? Mask() : other.Mask();  // the wider block's
  return (network & mask) == (other.network & mask);
}

CidrParse ParseCidr(std::string_view text) {
  auto slash = text.find('/');
  auto address = ParseIpv4(text.substr(0, slash));
  if (!address) return {std::nullopt, "the address is not a.b.c.d"};
  CidrBlock block{*address, 32};
  if (slash != std::string_view::npos) {
    auto prefix = ParseUnsigned(text.substr(slash + 1));
    if (!prefix) return {std::nullopt, "the prefix length is not a number"};
    if (*prefix > 32) return {std::nullopt, "prefix length " + std::to_string(*prefix) + " is above 32"};
    block.prefix = static_cast<int>(*prefix);
  }
  // A network written with host bits ("10.0.0.1/24") is refused rather than guessed at: the map
  // would silently cover addresses its author did not name.
  if ((block.network & ~block.Mask()) != 0)
    return {std::nullopt, "host bits set below the /" + std::to_string(block.prefix) + " prefix (the network is " +
                              FormatIpv4(block.network & block.Mask()) + "/" + std::to_string(block.prefix) + ")"};
  return {block, ""};
}

std::string FormatCidr(const CidrBlock& block) { return FormatIpv4(block.network) + "/" + std::to_string(block.prefix); }

std::optional<MacAddress> ParseMac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  MacAddress mac{};
  const char separator = text[2];
  if (separator != ':' && separator != '-') return std::nullopt;
  for (std::size_t i = 0; i < 6; ++i) {
    int high = HexDigit(text[3 * i]), low = HexDigit(text[3 * i + 1]);
    if (high < 0 || low < 0 || (i < 5 && text[3 * i + 2] != separator)) return std::nullopt;
    mac[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return mac;
}

std::string FormatMac(const MacAddress& mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
  return text;
}

bool RewriteRules::Empty() const {
  return addresses.empty() && source_addresses.empty() && destination_addresses.empty() && ports.empty() &&
         source_macs.empty() && destination_macs.empty();
}

std::vector<AddressRule> ParseAddressRules(std::string_view text, const std::string& option) {
  std::vector<AddressRule> rules;
  for (auto pair : SplitList(text)) {
    const std::string where = option + " " + std::string(pair);
    std::string_view from, to;
    if (!SplitPair(pair, from, to)) throw InputError(where + ": not a FROM:TO pair of IPv4 networks");
    rules.push_back({RequireCidr(from, option), RequireCidr(to, option), where});
  }
  return rules;
}

std::vector<PortRule> ParsePortRules(std::string_view text, const std::string& option) {
  std::vector<PortRule> rules;
  for (auto pair : SplitList(text)) {
    const std::string where = option + " " + std::string(pair);
    std::string_view from, to;
    if (!SplitPair(pair, from, to)) throw InputError(where + ": not a FROM:TO pair of ports");
    rules.push_back({RequirePortText(from, option), RequirePortText(to, option), where});
  }
  return rules;
}

MacRule ParseMacRule(std::string_view text, const std::string& option) {
  auto mac = ParseMac(text);
  if (!mac) throw InputError(option + ": " + QuoteForMessage(text) + " is not a MAC address (00:11:22:aa:bb:cc)");
  return {std::nullopt, *mac, option};
}

void ReadRewriteMapCsv(const std::string& path, RewriteRules& rules) {
  CsvRowReader<3> csv(path, kMapColumns);
  CsvRowReader<3>::Row row;
  while (csv.Next(row)) AppendMapRow(csv, row, rules);
}

}  // namespace ntlab
