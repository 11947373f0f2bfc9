#include "analyzers/sessions/dns-answer-addresses.h"

#include "analyzers/sessions/dns-message.h"

namespace ntlab {

std::optional<std::vector<IpAddress>> DnsAnswerAddresses(const std::uint8_t* payload, std::size_t length, bool tcp) {
  if (tcp) {
    if (length < 2) return std::nullopt;
    std::size_t messageLength = (std::size_t(payload[0]) << 8) | payload[1];
    if (length - 2 < messageLength) return std::nullopt;
    payload += 2;
    length = messageLength;
  }
  std::optional<DnsMessage> message = ParseDnsMessage(payload, length);
  if (!message || !message->response) return std::nullopt;
  std::vector<IpAddress> addresses;
  for (const DnsRecord& record : message->answers) {
    if (record.type != DnsType::kA && record.type != DnsType::kAaaa) continue;
    if (auto address = IpAddress::Parse(record.data)) addresses.push_back(*address);
  }
  return addresses;
}

}  // namespace ntlab
