// DNS messages through libtins' Tins::DNS, called the way the Kraken detector reads them
// (analyzers/botnet/kraken-detector.cc, InspectDns): parse the UDP payload, then the first
// question's name and type, the header's type and rcode, and every answer's type and data.
// libtins reports a malformed message with Tins::malformed_packet (a Tins::exception_base): that
// is its documented answer to bad input, here as InputError is for ntlab's readers, whether it
// comes from the constructor or from an accessor that parses lazily. Anything else is a finding.
// libtins itself is Debian's build, not instrumented: AddressSanitizer sees its heap buffers and
// its memcpy/strlen calls, not every read it makes.
#include "tests/fuzz/fuzz-support.h"

#include <tins/dns.h>
#include <tins/exceptions.h>

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> payload(data, data + size);  // exact size: overreads show in ASan
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
