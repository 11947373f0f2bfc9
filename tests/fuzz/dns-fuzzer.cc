// DNS messages through libtins' Tins::DNS, called the way the Kraken detector reads them
// (analyzers/botnet/kraken-detector.cc, InspectDns): DnsNamesEnd first (a message whose names
// would make libtins loop is skipped), then parse the UDP payload, the first question's name and
// type, the header's type and rcode, and every answer's type and data.
// libtins reports a malformed message with Tins::malformed_packet (a Tins::exception_base): that
// is its documented answer to bad input, here as InputError is for ntlab's readers, whether it
// comes from the constructor or from an accessor that parses lazily. Anything else is a finding.
// libtins itself is Debian's build, not instrumented: AddressSanitizer sees its heap buffers and
// its memcpy/strlen calls, not every read it makes.
// Messages that pass DnsNamesEnd then go through ntlab's own DNS parsers too
// (models/payload/dns-payload.h, libtins underneath, used by the simulated DNS server and resolver,
// which only ever read messages the simulator built): a parsed query or response must parse back
// the same once rebuilt.
#include "analyzers/botnet/dns-name-check.h"
#include "models/payload/dns-payload.h"
#include "tests/fuzz/fuzz-support.h"

#include <tins/dns.h>
#include <tins/exceptions.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

// What InspectDns takes from a message; returns a digest so nothing is optimised away.
std::size_t ReadLikeTheDetector(const Tins::DNS& dns) {
  std::size_t digest = dns.type() == Tins::DNS::QUERY ? 1 : 2;
  digest += dns.rcode();
  const auto queries = dns.queries();
  if (queries.empty()) return digest;
  digest += queries.front().dname().size() + queries.front().query_type();
  for (const auto& answer : dns.answers()) {
    digest += answer.query_type() + answer.data().size() + answer.dname().size();
    if (answer.query_type() == Tins::DNS::MX) digest += answer.preference();
  }
  return digest;
}

// A host name as the simulator writes them: letters, digits, '-', and dots between labels. Other
// bytes in a label (a NUL, a dot, a length byte) do not survive libtins' text form of a name.
bool PlainHostName(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos) return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '-' && c != '.') return false;
  return true;
}

// ntlab's own parsers: a query or an A response rebuilt from what they read reads back the same.
void CheckPayloadParsers(const std::vector<std::uint8_t>& payload) {
  namespace p = ntlab::payload;
  if (auto query = p::ParseDnsQuery(payload.data(), payload.size()); query && PlainHostName(query->name)) {
    const auto rebuilt = p::BuildDnsQuery(query->id, query->name, query->qtype);
    const auto again = p::ParseDnsQuery(rebuilt.data(), rebuilt.size());
    NTLAB_FUZZ_CHECK(again && again->id == query->id && again->qtype == query->qtype && again->name == query->name);
  }
  if (auto answer = p::ParseDnsResponse(payload.data(), payload.size()); answer && PlainHostName(answer->name)) {
    NTLAB_FUZZ_CHECK(answer->addresses.size() + answer->mx.size() <= payload.size());
    std::vector<std::uint32_t> addresses;
    for (const auto& a : answer->addresses) addresses.push_back(a.address);
    const p::DnsQuestion question{answer->id, answer->name, p::kDnsTypeA, true};
    if (!addresses.empty()) {
      const auto rebuilt = p::BuildDnsResponse(question, addresses, 60);
      const auto again = p::ParseDnsResponse(rebuilt.data(), rebuilt.size());
      NTLAB_FUZZ_CHECK(again && again->addresses.size() == addresses.size() && again->name == answer->name);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> payload(data, data + size);  // exact size: overreads show in ASan
  if (!ntlab::DnsNamesEnd(payload.data(), payload.size())) return 0;  // skipped, as the detector does
  CheckPayloadParsers(payload);
  try {
    Tins::DNS dns(payload.data(), static_cast<std::uint32_t>(payload.size()));
    std::size_t digest = ReadLikeTheDetector(dns);
    NTLAB_FUZZ_CHECK(digest != std::size_t(-1));
  } catch (const Tins::exception_base&) {
    return 0;  // malformed message: libtins' documented refusal
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: undocumented exception from libtins' DNS: %s\n", e.what());
    std::abort();
  }
  return 0;
}
