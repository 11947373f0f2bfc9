// Paper 000's network layer, first half: from each DNS response seen on the wire, what the
// labeller needs to tie later flows to a name — the requesting client (address and port), the
// question, every A and AAAA answer with the CNAME chain that led to it, its TTL and the time.
//
// Only UDP responses from port 53 are read (DNS over TCP, DoT and DoH are not: their answers are
// invisible to a network monitor, one of the stage's known failure modes, docs/domains.md). A
// message ParseDnsMessage refuses is a bad packet, counted by section, never fatal.
#pragma once

#include "analyzers/capture/decoded-packet.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

/// One address a response gave for its question.
struct DnsAddressAnswer {
  IpAddress address;
  /// The question, then each CNAME target up to the owner of the address record:
  /// {"www.example.com", "www.example.com.cdn.net", "e7.cdn.net"}; just {question} without CNAMEs.
  std::vector<std::string> chain;
  /// The smallest TTL along the chain and the address record: a resolving client must ask again
  /// when any link expires.
  std::uint32_t ttl = 0;
};

struct DnsAnswerEvent {
  TimeUs ts = 0;
  Endpoint client;    // the requester: the response's destination
  Endpoint resolver;  // the response's source
  std::string question;  // lower case, as the labels compare names
  std::uint16_t qtype = 0;
  std::uint8_t rcode = 0;
  std::vector<DnsAddressAnswer> addresses;  // in message order
};

/// Whether `packet` is a candidate DNS response (UDP from port 53 with a payload).
bool IsDnsResponsePacket(const DecodedPacket& packet);

/// The answer in `packet`, or nullopt when it is not a DNS response with a question. A message
/// that does not parse is reported to the packet's BadPackets and gives nullopt.
std::optional<DnsAnswerEvent> ExtractDnsAnswer(const DecodedPacket& packet);

}  // namespace ntlab
