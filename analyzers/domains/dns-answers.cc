#include "analyzers/domains/dns-answers.h"

#include "analyzers/capture/bad-packets.h"
#include "analyzers/sessions/dns-message.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace ntlab {
namespace {

constexpr std::uint16_t kDnsPort = 53;
// Longer chains exist only as loops or attacks; real CDN chains have two or three links.
constexpr std::size_t kMaxChainLinks = 16;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

// The CNAME chain from `question`: each link's target and the smallest TTL so far.
struct ChainLink {
  std::string name;
  std::uint32_t ttl;  // the smallest CNAME TTL that led here
};

std::vector<ChainLink> FollowCnames(const std::string& question, const std::vector<DnsRecord>& answers) {
  std::vector<ChainLink> chain{{question, UINT32_MAX}};
  while (chain.size() <= kMaxChainLinks) {
    const ChainLink& last = chain.back();
    auto next = std::find_if(answers.begin(), answers.end(), [&](const DnsRecord& r) {
      return r.type == DnsType::kCname && Lower(r.name) == last.name;
    });
    if (next == answers.end()) break;
    std::string target = Lower(next->data);
    bool loops = std::any_of(chain.begin(), chain.end(), [&](const ChainLink& l) { return l.name == target; });
    if (loops) break;
    chain.push_back({target, std::min(last.ttl, next->ttl)});
  }
  return chain;
}

}  // namespace

bool IsDnsResponsePacket(const DecodedPacket& p) {
  return p.proto == Proto::Udp && p.src.port == kDnsPort && p.payload_length > 0;
}

std::optional<DnsAnswerEvent> ExtractDnsAnswer(const DecodedPacket& packet) {
  if (!IsDnsResponsePacket(packet)) return std::nullopt;
  DnsProblem problem;
  std::optional<DnsMessage> dns = ParseDnsMessage(packet.payload, packet.payload_length, &problem);
  if (!dns) {
    ReportBadPacket(packet, problem.section, problem.detail);
    return std::nullopt;
  }
  if (!dns->response || dns->questions.empty()) return std::nullopt;
  DnsAnswerEvent event;
  event.ts = packet.ts;
  event.client = packet.dst;
  event.resolver = packet.src;
  event.question = Lower(dns->questions.front().name);
  event.qtype = dns->questions.front().type;
  event.rcode = dns->rcode;
  const std::vector<ChainLink> chain = FollowCnames(event.question, dns->answers);
  for (const DnsRecord& r : dns->answers) {
    if (r.type != DnsType::kA && r.type != DnsType::kAaaa) continue;
    // Only addresses the question leads to: a record for another name answers nothing asked.
    const std::string owner = Lower(r.name);
    auto at = std::find_if(chain.begin(), chain.end(), [&](const ChainLink& l) { return l.name == owner; });
    std::optional<IpAddress> address = IpAddress::Parse(r.data);
    if (at == chain.end() || !address) continue;
    DnsAddressAnswer answer{*address, {}, std::min(at->ttl, r.ttl)};
    for (auto link = chain.begin(); link <= at; ++link) answer.chain.push_back(link->name);
    event.addresses.push_back(std::move(answer));
  }
  return event;
}

}  // namespace ntlab
