#include "analyzers/sessions/dns-message.h"

#include "analyzers/formats/text-rules.h"

#include <arpa/inet.h>

namespace ntlab {
namespace {

constexpr std::size_t kHeaderBytes = 12;
constexpr std::size_t kMaxNameBytes = 255;  // wire form, RFC 1035 §2.3.4

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t Be32(const std::uint8_t* p) { return std::uint32_t(Be16(p)) << 16 | Be16(p + 2); }

// Walks one message; the first problem found stops it.
class DnsReader {
 public:
  DnsReader(const std::uint8_t* data, std::size_t length) : m_data(data), m_length(length) {}

  /// The name at `pos`, whose own bytes (before any pointer) end by `limit`; `pos` moves past
  /// them. False with Problem() set when the name is malformed.
  bool Name(std::size_t& pos, std::size_t limit, std::string& name);
  bool Questions(std::size_t count, std::size_t& pos, std::vector<DnsQuestionEntry>& out);
  /// `out` null: the records are checked, not kept.
  bool Records(std::size_t count, std::size_t& pos, std::vector<DnsRecord>* out);
  const std::string& Problem() const { return m_problem; }

 private:
  bool Fail(std::string problem) {
    m_problem = std::move(problem);
    return false;
  }
  bool RecordData(std::uint16_t type, std::size_t begin, std::size_t end, std::string& data);

  const std::uint8_t* m_data;
  std::size_t m_length;
  std::string m_problem;
};

bool DnsReader::Name(std::size_t& pos, std::size_t limit, std::string& name) {
  name.clear();
  std::size_t at = pos;        // where the next label or pointer is read
  std::size_t runStart = pos;  // where the labels being read began (the name, or the last jump)
  std::size_t wireBytes = 0;
  bool jumped = false;
  for (;;) {
    if (at >= (jumped ? m_length : limit)) return Fail("name runs past the end of its data");
    const std::uint8_t length = m_data[at];
    if ((length & 0xc0) == 0xc0) {
      if (at + 2 > (jumped ? m_length : limit)) return Fail("compression pointer cut short");
      std::size_t target = Be16(m_data + at) & 0x3fff;
      const std::string where = "compression pointer to offset " + std::to_string(target);
      // A pointer must lead to a prior occurrence (RFC 1035 §4.1.4), before the labels that led
      // to it: every jump then lands strictly earlier than the last, so no name can loop.
      if (target < kHeaderBytes) return Fail(where + ", inside the header");
      if (target >= m_length) return Fail(where + ", past the end (" + std::to_string(m_length) + " bytes)");
      if (target >= runStart) return Fail(where + ", not before the name that points there (forward, or a loop)");
      if (!jumped) pos = at + 2;
      jumped = true;
      at = runStart = target;
      continue;
    }
    if (length & 0xc0) return Fail("label type " + std::to_string(length >> 6) + " is not supported");
    if (length == 0) break;
    if (at + 1 + length > (jumped ? m_length : limit)) return Fail("label runs past the end of its data");
    wireBytes += 1 + length;
    if (wireBytes + 1 > kMaxNameBytes) return Fail("name longer than " + std::to_string(kMaxNameBytes) + " bytes");
    if (!name.empty()) name += '.';
    // EscapePacketText's rule, and a dot inside a label escaped too, so that it stays one label.
    for (std::size_t i = at + 1; i <= at + length; ++i) {
      const std::uint8_t c = m_data[i];
      if (c < 0x20 || c > 0x7e || c == '\\' || c == '.') name += HexEscape(c);
      else name += static_cast<char>(c);
    }
    at += 1 + length;
  }
  if (!jumped) pos = at + 1;
  return true;
}

bool DnsReader::Questions(std::size_t count, std::size_t& pos, std::vector<DnsQuestionEntry>& out) {
  for (std::size_t i = 0; i < count; ++i) {
    DnsQuestionEntry q;
    if (!Name(pos, m_length, q.name)) return false;
    if (pos + 4 > m_length) return Fail("question " + std::to_string(i + 1) + " runs past the end");
    q.type = Be16(m_data + pos);
    pos += 4;  // type, class
    out.push_back(std::move(q));
  }
  return true;
}

bool DnsReader::RecordData(std::uint16_t type, std::size_t begin, std::size_t end, std::string& data) {
  std::size_t size = end - begin;
  switch (type) {
    case DnsType::kA: {
      if (size != 4) return Fail("A record of " + std::to_string(size) + " bytes, not 4");
      const std::uint8_t* a = m_data + begin;
      data =
          std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." + std::to_string(a[3]);
      return true;
    }
    case DnsType::kAaaa: {
      if (size != 16) return Fail("AAAA record of " + std::to_string(size) + " bytes, not 16");
      char text[INET6_ADDRSTRLEN];
      inet_ntop(AF_INET6, m_data + begin, text, sizeof text);
      data = text;
      return true;
    }
    case DnsType::kMx:
      if (size < 2) return Fail("MX record of " + std::to_string(size) + " bytes, no room for a preference");
      begin += 2;
      [[fallthrough]];
    case DnsType::kNs:
    case DnsType::kCname:
    case DnsType::kPtr:
    case DnsType::kDname: return Name(begin, end, data);
    default: return true;
  }
}

bool DnsReader::Records(std::size_t count, std::size_t& pos, std::vector<DnsRecord>* out) {
  for (std::size_t i = 0; i < count; ++i) {
    DnsRecord r;
    if (!Name(pos, m_length, r.name)) return false;
    if (pos + 10 > m_length) return Fail("record " + std::to_string(i + 1) + " runs past the end");
    r.type = Be16(m_data + pos);
    const std::uint32_t ttl = Be32(m_data + pos + 4);
    r.ttl = ttl & 0x80000000u ? 0 : ttl;
    std::size_t dataLength = Be16(m_data + pos + 8);  // after type, class, TTL
    pos += 10;
    if (pos + dataLength > m_length)
      return Fail("record " + std::to_string(i + 1) + " claims " + std::to_string(dataLength) + " bytes of data, " +
                  std::to_string(m_length - pos) + " are left");
    if (!RecordData(r.type, pos, pos + dataLength, r.data)) return false;
    pos += dataLength;
    if (out) out->push_back(std::move(r));
  }
  return true;
}

}  // namespace

std::optional<DnsMessage> ParseDnsMessage(const std::uint8_t* data, std::size_t length, DnsProblem* problem) {
  auto fail = [problem](BadPacketReason section, std::string detail) {
    if (problem) *problem = DnsProblem{section, std::move(detail)};
    return std::nullopt;
  };
  if (length < kHeaderBytes)
    return fail(BadPacketReason::DnsHeader,
                "message of " + std::to_string(length) + " bytes, shorter than the 12-byte header");
  DnsMessage m;
  m.id = Be16(data);
  m.response = (data[2] & 0x80) != 0;
  m.rcode = data[3] & 0x0f;
  const std::size_t counts[4] = {Be16(data + 4), Be16(data + 6), Be16(data + 8), Be16(data + 10)};
  DnsReader reader(data, length);
  std::size_t pos = kHeaderBytes;
  if (!reader.Questions(counts[0], pos, m.questions)) return fail(BadPacketReason::DnsQuestion, reader.Problem());
  if (!reader.Records(counts[1], pos, &m.answers)) return fail(BadPacketReason::DnsAnswer, reader.Problem());
  if (!reader.Records(counts[2], pos, nullptr)) return fail(BadPacketReason::DnsAuthority, reader.Problem());
  if (!reader.Records(counts[3], pos, nullptr)) return fail(BadPacketReason::DnsAdditional, reader.Problem());
  return m;
}

}  // namespace ntlab
