// DNS messages as the analyzers read them (ParseDnsMessage, analyzers/sessions/dns-message.h: the
// Kraken detector's DNS, every UDP payload on port 53). A refusal (nullopt) is the documented
// answer to a bad message and must say where and why (a DNS reason and a detail). An accepted
// message must keep its promises: every name and datum is plain printable ASCII (escaped as
// analyzers/formats/text-rules.h says), an A record's data is a dotted quad, no more questions or
// answers than the header counts, an AAAA record's data an IPv6 address, no TTL above 2^31 - 1.
// The domain stage's ExtractDnsAnswer (analyzers/domains/dns-answers.h) reads the same bytes as a
// response to a client: every address it keeps has a chain that starts at the question.
// (libtins 4.0's Tins::DNS, which the detector used before, looped for good on a compression
// pointer to itself, found by this harness; libtins still parses DNS in the simulator's own
// servers, models/payload/dns-payload.h, which only read messages the simulator built.)
#include "analyzers/domains/dns-answers.h"
#include "analyzers/formats/basic-types.h"
#include "analyzers/sessions/dns-message.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>
#include <string>
#include <vector>

namespace {

bool Printable(const std::string& text) {
  for (unsigned char c : text)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  const std::vector<std::uint8_t> payload(data, data + size);  // exact size: overreads show in ASan
  DnsProblem problem;
  const auto message = ParseDnsMessage(payload.data(), payload.size(), &problem);
  if (!message) {
    NTLAB_FUZZ_CHECK(!problem.detail.empty());
    NTLAB_FUZZ_CHECK(problem.section == BadPacketReason::DnsHeader || problem.section == BadPacketReason::DnsQuestion ||
                     problem.section == BadPacketReason::DnsAnswer || problem.section == BadPacketReason::DnsAuthority ||
                     problem.section == BadPacketReason::DnsAdditional);
    return 0;
  }
  NTLAB_FUZZ_CHECK(size >= 12);
  NTLAB_FUZZ_CHECK(message->questions.size() <= std::size_t(payload[4] << 8 | payload[5]));
  NTLAB_FUZZ_CHECK(message->answers.size() <= std::size_t(payload[6] << 8 | payload[7]));
  NTLAB_FUZZ_CHECK(message->response == ((payload[2] & 0x80) != 0) && message->rcode == (payload[3] & 0x0f));
  for (const auto& q : message->questions) NTLAB_FUZZ_CHECK(Printable(q.name));
  for (const auto& a : message->answers) {
    NTLAB_FUZZ_CHECK(Printable(a.name) && Printable(a.data));
    if (a.type == DnsType::kA) NTLAB_FUZZ_CHECK(ParseIpv4(a.data).has_value());
    if (a.type == DnsType::kAaaa) NTLAB_FUZZ_CHECK(IpAddress::Parse(a.data).has_value());  // ::ffff:a.b.c.d reads as IPv4
    NTLAB_FUZZ_CHECK(a.ttl <= 0x7fffffffu);
  }
  DecodedPacket packet;
  packet.proto = Proto::Udp;
  packet.src = Endpoint{0x0a000002, 53};
  packet.dst = Endpoint{0x0a00000b, 50000};
  packet.payload = payload.data();
  packet.payload_length = static_cast<std::uint32_t>(payload.size());
  const auto answer = ExtractDnsAnswer(packet);
  NTLAB_FUZZ_CHECK(answer.has_value() == (message->response && !message->questions.empty()));
  if (!answer) return 0;
  NTLAB_FUZZ_CHECK(answer->addresses.size() <= message->answers.size());
  for (const auto& a : answer->addresses)
    NTLAB_FUZZ_CHECK(!a.chain.empty() && a.chain.size() <= 17 && a.chain.front() == answer->question);
  return 0;
}
