// The rules of `ntlab rewrite` (replay/rewrite): address, port and MAC maps, as written on the
// command line (tcprewrite's spellings: "10.0.0.0/24:192.168.5.0/24", "80:8080") and in a map
// file (CSV: kind,from,to; docs/formats.md "Rewrite map"). Both go through the parsers here, so a
// rule means the same wherever it was written, and each rule keeps where it came from
// ("maps.csv:4", "--pnat") for the errors of the checks that look at all rules together
// (replay/rewrite/rewrite-maps.h: overlaps, contradictions).
#pragma once

#include "analyzers/formats/basic-types.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntlab {

/// An IPv4 network: "10.0.0.0/24", or one address ("10.0.0.5" = "10.0.0.5/32").
struct CidrBlock {
  Ipv4 network = 0;
  int prefix = 32;

  Ipv4 Mask() const { return prefix == 0 ? 0 : ~Ipv4(0) << (32 - prefix); }
  bool Contains(Ipv4 ip) const { return (ip & Mask()) == network; }
  bool Overlaps(const CidrBlock& other) const;
};

/// The block, or why `text` is not one ("host bits set", "prefix 33 is above 32").
struct CidrParse {
  std::optional<CidrBlock> block;
  std::string problem;
};
CidrParse ParseCidr(std::string_view text);
std::string FormatCidr(const CidrBlock& block);

using MacAddress = std::array<std::uint8_t, 6>;
/// "00:11:22:aa:bb:cc" (or with '-'), case-insensitive.
std::optional<MacAddress> ParseMac(std::string_view text);
std::string FormatMac(const MacAddress& mac);

struct AddressRule {
  CidrBlock from, to;
  std::string where;  // "maps.csv:4" or "--pnat"
};
struct PortRule {
  std::uint16_t from = 0, to = 0;
  std::string where;
};
/// `from` empty: every frame (tcprewrite's --enet-dmac / --enet-smac).
struct MacRule {
  std::optional<MacAddress> from;
  MacAddress to{};
  std::string where;
};

/// Every rule of one rewrite, before the checks across rules.
struct RewriteRules {
  std::vector<AddressRule> addresses;              // source and destination (tcprewrite --pnat)
  std::vector<AddressRule> source_addresses;       // --srcipmap
  std::vector<AddressRule> destination_addresses;  // --dstipmap
  std::vector<PortRule> ports;                     // source and destination port (--portmap)
  std::vector<MacRule> source_macs;                // --enet-smac
  std::vector<MacRule> destination_macs;           // --enet-dmac

  bool Empty() const;
};

/// "FROM:TO[,FROM:TO...]" as tcprewrite's --pnat/--srcipmap/--dstipmap take it; throws InputError
/// naming `option`, the pair and the reason.
std::vector<AddressRule> ParseAddressRules(std::string_view text, const std::string& option);
/// "FROM:TO[,FROM:TO...]" of ports (--portmap).
std::vector<PortRule> ParsePortRules(std::string_view text, const std::string& option);
/// One MAC for every frame (--enet-dmac / --enet-smac).
MacRule ParseMacRule(std::string_view text, const std::string& option);

/// Reads a rewrite map CSV (columns kind, from, to) and appends its rules to `rules`; every bad
/// field is an InputError "file:line: column 'name': reason".
void ReadRewriteMapCsv(const std::string& path, RewriteRules& rules);

}  // namespace ntlab
