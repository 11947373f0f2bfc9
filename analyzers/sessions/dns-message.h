// A DNS message (RFC 1035 §4.1) as the analyzers read it from a UDP payload: header, questions
// and answers, with every length and compression pointer checked, so a hostile message is a
// reason, never a crash or a hang. (libtins 4.0's Tins::DNS, used before, throws on many bad
// messages only when a section is read, and loops forever on a compression pointer that points
// at itself.)
//
// Names are the labels joined by '.', each label escaped by EscapePacketText
// (analyzers/formats/text-rules.h) and a '.' inside a label written \x2e, so a name is plain ASCII
// and ordinary names read exactly as on the wire.
#pragma once

#include "analyzers/capture/bad-packets.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

namespace DnsType {
constexpr std::uint16_t kA = 1;
constexpr std::uint16_t kNs = 2;
constexpr std::uint16_t kCname = 5;
constexpr std::uint16_t kPtr = 12;
constexpr std::uint16_t kMx = 15;
constexpr std::uint16_t kAaaa = 28;
constexpr std::uint16_t kDname = 39;
}  // namespace DnsType

struct DnsQuestionEntry {
  std::string name;
  std::uint16_t type = 0;
};

struct DnsRecord {
  std::string name;
  std::uint16_t type = 0;
  std::uint32_t ttl = 0;  // seconds (RFC 2181 §8: a value with the top bit set counts as 0)
  /// A: the dotted quad; AAAA: the RFC 5952 text ("2001:db8::1"); NS, CNAME, PTR, DNAME: the
  /// target name; MX: the exchange; else empty.
  std::string data;
};

struct DnsMessage {
  std::uint16_t id = 0;
  bool response = false;   // QR
  std::uint8_t rcode = 0;  // 3: NXDOMAIN
  std::vector<DnsQuestionEntry> questions;
  std::vector<DnsRecord> answers;  // the authority and additional sections are checked, not kept
};

struct DnsProblem {
  BadPacketReason section = BadPacketReason::DnsHeader;  // where: header, question, answer, ...
  std::string detail;                                    // "compression pointer to offset 103, past the end"
};

/// The message in `data`, or nullopt with `problem` (when given) saying where and why not.
std::optional<DnsMessage> ParseDnsMessage(const std::uint8_t* data, std::size_t length, DnsProblem* problem = nullptr);

}  // namespace ntlab
