#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_DNS_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_DNS_PAYLOAD_H

// DNS messages (UDP payloads) for the simulated resolvers and clients.
//
// Built and parsed with libtins' Tins::DNS rather than by hand, so the wire format is the one a
// real dissector library produces and accepts; the analyzers parse captures with the same library.

#include "models/payload/bytes.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ntlab::payload {

constexpr uint16_t kDnsTypeA = 1;
constexpr uint16_t kDnsTypeCname = 5;
constexpr uint16_t kDnsTypeMx = 15;
constexpr uint16_t kDnsTypeAaaa = 28;
constexpr uint8_t kDnsRcodeNoError = 0;
constexpr uint8_t kDnsRcodeNxDomain = 3;

// The first question of a query, plus what a response has to echo.
struct DnsQuestion {
  uint16_t id = 0;
  std::string name;          // as sent (case preserved), no trailing dot
  uint16_t qtype = kDnsTypeA;
  bool recursion_desired = true;
};

struct DnsARecord {
  uint32_t address = 0;  // IPv4, host byte order
  uint32_t ttl = 0;
};

struct DnsAaaaRecord {
  std::array<uint8_t, 16> address{};  // IPv6, network byte order
  uint32_t ttl = 0;
};

struct DnsMxRecord {
  uint16_t preference = 0;
  std::string exchange;
  uint32_t ttl = 0;
};

struct DnsAnswer {
  uint16_t id = 0;
  std::string name;   // the question name
  uint16_t qtype = kDnsTypeA;
  uint8_t rcode = kDnsRcodeNoError;
  std::vector<DnsARecord> addresses;  // A answers, in message order
  std::vector<DnsMxRecord> mx;        // MX answers, in message order
  std::vector<DnsAaaaRecord> addresses6;  // AAAA answers, in message order
};

// Standard recursive query (RD=1) with one IN question.
Bytes BuildDnsQuery(uint16_t id, const std::string& name, uint16_t qtype = kDnsTypeA);
// nullopt unless the bytes are a well-formed DNS query (QR=0) with at least one question.
std::optional<DnsQuestion> ParseDnsQuery(const uint8_t* data, size_t size);

// Answer with one A record per address (addresses in host order). An empty list yields NXDOMAIN
// (rcode 3): the zone servers in ntlab answer only names they own.
Bytes BuildDnsResponse(const DnsQuestion& q, const std::vector<uint32_t>& addresses, uint32_t ttl);
// Answer with one AAAA record per address (16 bytes each, network order); an empty list yields
// NXDOMAIN, like BuildDnsResponse.
Bytes BuildDnsAaaaResponse(const DnsQuestion& q, const std::vector<std::array<uint8_t, 16>>& addresses,
                           uint32_t ttl);
// Answer with MX records {preference, exchange}; empty list → NXDOMAIN, like BuildDnsResponse.
Bytes BuildDnsMxResponse(const DnsQuestion& q,
                         const std::vector<std::pair<uint16_t, std::string>>& exchanges,
                         uint32_t ttl);
// One record of an answer section as a resolver returns it for a name behind a CDN: CNAME
// records (data: the target name), then A (data: dotted quad) or AAAA (data: IPv6 text) records
// owned by the chain's last name.
struct DnsChainRecord {
  std::string owner;
  uint16_t type = kDnsTypeA;
  std::string data;
  uint32_t ttl = 0;
};
// NOERROR with the given answer records, in order.
Bytes BuildDnsChainResponse(const DnsQuestion& q, const std::vector<DnsChainRecord>& records);
// NOERROR with no answers ("NODATA"): the name exists but has no record of the asked type.
Bytes BuildDnsNoDataResponse(const DnsQuestion& q);
// nullopt unless the bytes are a well-formed DNS response (QR=1) with at least one question.
std::optional<DnsAnswer> ParseDnsResponse(const uint8_t* data, size_t size);

}  // namespace ntlab::payload

#endif
