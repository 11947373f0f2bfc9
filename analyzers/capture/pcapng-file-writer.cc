#include "analyzers/capture/pcapng-file-writer.h"

#include <algorithm>
#include <limits>

namespace ntlab {
namespace {

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 1;
constexpr std::uint32_t kEnhancedPacket = 6;
constexpr std::uint16_t kOptComment = 1;
constexpr std::uint16_t kOptIfTsResol = 9;
constexpr std::uint16_t kOptShbUserAppl = 4;

void Put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

void Put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  Put16(out, static_cast<std::uint16_t>(v));
  Put16(out, static_cast<std::uint16_t>(v >> 16));
}

void PutPadded(std::vector<std::uint8_t>& out, const std::uint8_t* data, std::size_t size) {
  out.insert(out.end(), data, data + size);
  out.resize(out.size() + (4 - size % 4) % 4, 0);
}

// One option (code, length, value padded to 4 bytes); values over 65535 bytes are cut.
void PutOption(std::vector<std::uint8_t>& out, std::uint16_t code, const std::string& value) {
  const std::size_t size = std::min<std::size_t>(value.size(), std::numeric_limits<std::uint16_t>::max());
  Put16(out, code);
  Put16(out, static_cast<std::uint16_t>(size));
  PutPadded(out, reinterpret_cast<const std::uint8_t*>(value.data()), size);
}

void PutEndOfOptions(std::vector<std::uint8_t>& out) { Put32(out, 0); }

}  // namespace

PcapngFileWriter::PcapngFileWriter(std::string path, int linkType, std::uint32_t snapLength)
    : m_file(std::move(path), true) {
  std::vector<std::uint8_t> body;
  Put32(body, 0x1A2B3C4D);  // byte-order magic
  Put16(body, 1);           // version 1.0
  Put16(body, 0);
  Put32(body, 0xffffffff);  // section length not given
  Put32(body, 0xffffffff);
  PutOption(body, kOptShbUserAppl, "ntlab");
  PutEndOfOptions(body);
  WriteBlock(kSectionHeader, body);
  body.clear();
  Put16(body, static_cast<std::uint16_t>(linkType));
  Put16(body, 0);
  Put32(body, snapLength);
  PutOption(body, kOptIfTsResol, std::string(1, '\x06'));  // microseconds, the default, said explicitly
  PutEndOfOptions(body);
  WriteBlock(kInterfaceDescription, body);
}

void PcapngFileWriter::Write(TimeUs ts, std::uint32_t wireLength, const std::uint8_t* data, std::uint32_t captured,
                             const std::vector<std::string>& comments) {
  const auto units = static_cast<std::uint64_t>(ts);  // ts >= 0: the caller checks
  m_body.clear();
  Put32(m_body, 0);  // interface 0
  Put32(m_body, static_cast<std::uint32_t>(units >> 32));
  Put32(m_body, static_cast<std::uint32_t>(units));
  Put32(m_body, captured);
  Put32(m_body, wireLength);
  PutPadded(m_body, data, captured);
  for (const auto& comment : comments) PutOption(m_body, kOptComment, comment);
  if (!comments.empty()) PutEndOfOptions(m_body);
  WriteBlock(kEnhancedPacket, m_body);
}

void PcapngFileWriter::WriteBlock(std::uint32_t type, const std::vector<std::uint8_t>& body) {
  const auto total = static_cast<std::uint32_t>(body.size() + 12);
  std::vector<std::uint8_t> frame;
  frame.reserve(12);
  Put32(frame, type);
  Put32(frame, total);
  std::ostream& out = m_file.Stream();
  out.write(reinterpret_cast<const char*>(frame.data()), 8);
  out.write(reinterpret_cast<const char*>(body.data()), static_cast<std::streamsize>(body.size()));
  out.write(reinterpret_cast<const char*>(frame.data() + 4), 4);
}

}  // namespace ntlab
