#include "models/payload/dns-payload.h"

#include <tins/dns.h>
#include <tins/exceptions.h>
#include <tins/ip_address.h>
#include <tins/ipv6_address.h>

namespace ntlab::payload {

namespace {

std::string DottedQuad(uint32_t host_order) {
  return std::to_string(host_order >> 24) + "." + std::to_string((host_order >> 16) & 0xff) + "." +
         std::to_string((host_order >> 8) & 0xff) + "." + std::to_string(host_order & 0xff);
}

std::optional<uint32_t> ParseDottedQuad(const std::string& s) {
  uint32_t value = 0;
  int parts = 0;
  size_t pos = 0;
  while (parts < 4) {
    size_t end = s.find('.', pos);
    std::string part = s.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (part.empty() || part.size() > 3) return std::nullopt;
    unsigned v = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + unsigned(c - '0');
    }
    if (v > 255) return std::nullopt;
    value = (value << 8) | v;
    ++parts;
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  if (parts != 4) return std::nullopt;
  return value;
}

// Response skeleton shared by every answer kind: echoes id, RD and the question; RA=1 because the
// simulated servers stand in for the enterprise's recursive resolver as well as for zone servers.
Tins::DNS ResponseSkeleton(const DnsQuestion& q, uint8_t rcode) {
  Tins::DNS dns;
  dns.id(q.id);
  dns.type(Tins::DNS::RESPONSE);
  dns.recursion_desired(q.recursion_desired ? 1 : 0);
  dns.recursion_available(1);
  dns.rcode(rcode);
  dns.add_query(Tins::DNS::query(q.name, static_cast<Tins::DNS::QueryType>(q.qtype),
                                 Tins::DNS::INTERNET));
  return dns;
}

std::optional<Tins::DNS> ParseDns(const uint8_t* data, size_t size) {
  if (data == nullptr || size < 12) return std::nullopt;
  try {
    Tins::DNS dns(data, static_cast<uint32_t>(size));
    if (dns.questions_count() == 0) return std::nullopt;
    return dns;
  } catch (const Tins::exception_base&) {
    return std::nullopt;
  }
}

}  // namespace

Bytes BuildDnsQuery(uint16_t id, const std::string& name, uint16_t qtype) {
  Tins::DNS dns;
  dns.id(id);
  dns.type(Tins::DNS::QUERY);
  dns.recursion_desired(1);
  dns.add_query(
      Tins::DNS::query(name, static_cast<Tins::DNS::QueryType>(qtype), Tins::DNS::INTERNET));
  return dns.serialize();
}

std::optional<DnsQuestion> ParseDnsQuery(const uint8_t* data, size_t size) {
  auto dns = ParseDns(data, size);
  if (!dns || dns->type() != Tins::DNS::QUERY) return std::nullopt;
  try {
    auto queries = dns->queries();
    if (queries.empty()) return std::nullopt;
    DnsQuestion q;
    q.id = dns->id();
    q.name = queries.front().dname();
    q.qtype = static_cast<uint16_t>(queries.front().query_type());
    q.recursion_desired = dns->recursion_desired() != 0;
    return q;
  } catch (const Tins::exception_base&) {
    return std::nullopt;
  }
}

Bytes BuildDnsResponse(const DnsQuestion& q, const std::vector<uint32_t>& addresses, uint32_t ttl) {
  Tins::DNS dns = ResponseSkeleton(q, addresses.empty() ? kDnsRcodeNxDomain : kDnsRcodeNoError);
  for (uint32_t a : addresses) {
    dns.add_answer(Tins::DNS::resource(q.name, DottedQuad(a), Tins::DNS::A, Tins::DNS::INTERNET, ttl));
  }
  return dns.serialize();
}

Bytes BuildDnsMxResponse(const DnsQuestion& q,
                         const std::vector<std::pair<uint16_t, std::string>>& exchanges,
                         uint32_t ttl) {
  Tins::DNS dns = ResponseSkeleton(q, exchanges.empty() ? kDnsRcodeNxDomain : kDnsRcodeNoError);
  for (const auto& [preference, exchange] : exchanges) {
    dns.add_answer(Tins::DNS::resource(q.name, exchange, Tins::DNS::MX, Tins::DNS::INTERNET, ttl,
                                       preference));
  }
  return dns.serialize();
}

Bytes BuildDnsAaaaResponse(const DnsQuestion& q, const std::vector<std::array<uint8_t, 16>>& addresses,
                           uint32_t ttl) {
  if (addresses.empty()) return ResponseSkeleton(q, kDnsRcodeNxDomain).serialize();
  Tins::DNS dns = ResponseSkeleton(q, kDnsRcodeNoError);
  for (const auto& address : addresses) {
    dns.add_answer(Tins::DNS::resource(q.name, Tins::IPv6Address(address.data()).to_string(), Tins::DNS::AAAA,
                                       Tins::DNS::INTERNET, ttl));
  }
  return dns.serialize();
}

Bytes BuildDnsChainResponse(const DnsQuestion& q, const std::vector<DnsChainRecord>& records) {
  Tins::DNS dns = ResponseSkeleton(q, kDnsRcodeNoError);
  for (const auto& r : records) {
    dns.add_answer(Tins::DNS::resource(r.owner, r.data, static_cast<Tins::DNS::QueryType>(r.type),
                                       Tins::DNS::INTERNET, r.ttl));
  }
  return dns.serialize();
}

Bytes BuildDnsNoDataResponse(const DnsQuestion& q) {
  return ResponseSkeleton(q, kDnsRcodeNoError).serialize();
}

std::optional<DnsAnswer> ParseDnsResponse(const uint8_t* data, size_t size) {
  auto dns = ParseDns(data, size);
  if (!dns || dns->type() != Tins::DNS::RESPONSE) return std::nullopt;
  try {
    auto queries = dns->queries();
    if (queries.empty()) return std::nullopt;
    DnsAnswer a;
    a.id = dns->id();
    a.name = queries.front().dname();
    a.qtype = static_cast<uint16_t>(queries.front().query_type());
    a.rcode = dns->rcode();
    for (const auto& rr : dns->answers()) {
      if (rr.query_class() != Tins::DNS::INTERNET) continue;
      if (rr.query_type() == Tins::DNS::A) {
        if (auto addr = ParseDottedQuad(rr.data())) a.addresses.push_back({*addr, rr.ttl()});
      } else if (rr.query_type() == Tins::DNS::AAAA) {
        DnsAaaaRecord record;
        Tins::IPv6Address(rr.data()).copy(record.address.data());
        record.ttl = rr.ttl();
        a.addresses6.push_back(record);
      } else if (rr.query_type() == Tins::DNS::MX) {
        a.mx.push_back({rr.preference(), rr.data(), rr.ttl()});
      }
    }
    return a;
  } catch (const Tins::exception_base&) {
    return std::nullopt;
  }
}

}  // namespace ntlab::payload
