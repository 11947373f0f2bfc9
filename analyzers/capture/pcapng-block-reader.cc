#include "analyzers/capture/pcapng-block-reader.h"

#include "analyzers/formats/basic-types.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ntlab {
namespace {

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 0x00000001;
constexpr std::uint32_t kObsoletePacket = 0x00000002;
constexpr std::uint32_t kSimplePacket = 0x00000003;
constexpr std::uint32_t kEnhancedPacket = 0x00000006;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint16_t kOptEndOfOptions = 0;
constexpr std::uint16_t kOptComment = 1;
constexpr std::uint16_t kOptEpbFlags = 2;
constexpr std::uint16_t kOptIfTsResol = 9;
constexpr std::uint16_t kOptIfTsOffset = 14;

std::uint32_t Swap32(std::uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
}

std::size_t Padded(std::size_t n) { return (n + 3) & ~std::size_t(3); }

}  // namespace

bool PcapngBlockReader::IsPcapng(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  std::uint32_t type = 0;
  return file && std::fread(&type, 4, 1, file.get()) == 1 && type == kSectionHeader;
}

PcapngBlockReader::PcapngBlockReader(std::string path, OnBadBlock onBadBlock)
    : m_path(std::move(path)), m_onBadBlock(std::move(onBadBlock)), m_file(std::fopen(m_path.c_str(), "rb"), &std::fclose) {
  if (!m_file) throw InputError(m_path + ": cannot open capture file: " + std::strerror(errno));
  if (!IsPcapng(m_path)) throw InputError(m_path + ": not a pcapng file (no Section Header Block at its start)");
}

std::uint32_t PcapngBlockReader::U32(std::size_t at) const {
  std::uint32_t v;
  std::memcpy(&v, m_block.data() + at, 4);
  return m_swap ? Swap32(v) : v;
}

std::uint16_t PcapngBlockReader::U16(std::size_t at) const {
  std::uint16_t v;
  std::memcpy(&v, m_block.data() + at, 2);
  return m_swap ? static_cast<std::uint16_t>(v >> 8 | v << 8) : v;
}

void PcapngBlockReader::BadBlock(const std::string& what) {
  ++m_stats.bad_blocks;
  if (m_onBadBlock) m_onBadBlock("block at byte " + std::to_string(m_offset) + ": " + what);
}

bool PcapngBlockReader::ReadBlock() {
  std::uint8_t head[12];
  const std::size_t got = std::fread(head, 1, sizeof head, m_file.get());
  if (got == 0) return false;
  std::uint32_t type, length;
  std::memcpy(&type, head, 4);
  std::memcpy(&length, head + 4, 4);
  if (type == kSectionHeader && got == sizeof head) {
    std::uint32_t magic;  // the section's byte order decides how its own length reads
    std::memcpy(&magic, head + 8, 4);
    if (magic == kByteOrderMagic) m_swap = false;
    else if (magic == Swap32(kByteOrderMagic)) m_swap = true;
    else return BadBlock("section header with an unknown byte-order magic; the rest of the file is not read"), false;
  }
  if (m_swap) type = Swap32(type), length = Swap32(length);
  if (got >= 8 && (length < 12 || length % 4 != 0 || length > kMaxBlockBytes)) {
    BadBlock("impossible block length " + std::to_string(length) + "; the rest of the file is not read");
    return false;
  }
  m_block.resize(got >= 8 ? length : sizeof head);
  std::memcpy(m_block.data(), head, got);
  const std::size_t rest = m_block.size() > got ? m_block.size() - got : 0;
  if (got < 8 || std::fread(m_block.data() + got, 1, rest, m_file.get()) != rest) {
    const long end = std::ftell(m_file.get());
    const std::uint64_t have = end >= 0 ? std::uint64_t(end) - m_offset : got;
    m_stats.truncated_tail = "truncated dump file; tried to read " +
                             std::to_string(got >= 8 ? m_block.size() : sizeof head) + " bytes, only got " +
                             std::to_string(have);
    return false;
  }
  if (U32(length - 4) != length) {
    BadBlock("block length " + std::to_string(length) + " not repeated at its end; the rest of the file is not read");
    return false;
  }
  m_blockType = type;
  ++m_stats.blocks;
  return true;
}

void PcapngBlockReader::ReadSectionHeader() {
  // type, length, magic, major, minor, section length (8); options follow (none read).
  if (m_block.size() < 28) return BadBlock("section header shorter than 28 bytes");
  if (U16(12) != 1) BadBlock("section header of major version " + std::to_string(U16(12)) + " (1 expected)");
  m_interfaces.clear();
}

void PcapngBlockReader::ReadInterface() {
  // type, length, link type (2), reserved (2), snap length (4), options, length.
  Interface interface;
  if (m_block.size() < 20) {
    BadBlock("interface description shorter than 20 bytes");
    interface.units_per_second = 0;  // keeps the interface numbering; its packets are bad
    m_interfaces.push_back(interface);
    return;
  }
  interface.link_type = U16(8);
  interface.snap_length = U32(12);
  for (std::size_t at = 16; at + 4 <= m_block.size() - 4;) {
    const std::uint16_t code = U16(at), length = U16(at + 2);
    if (code == kOptEndOfOptions || at + 4 + length > m_block.size() - 4) break;
    if (code == kOptIfTsResol && length == 1) {
      const std::uint8_t resolution = m_block[at + 4];
      const unsigned exponent = resolution & 0x7f;
      std::uint64_t units = 0;  // stays 0 (unusable) beyond 10^18 or 2^62 units per second
      if (resolution & 0x80) {
        if (exponent <= 62) units = std::uint64_t(1) << exponent;
      } else if (exponent <= 18) {
        units = 1;
        for (unsigned i = 0; i < exponent; ++i) units *= 10;
      }
      interface.units_per_second = units;
      if (units == 0) BadBlock("interface if_tsresol " + std::to_string(resolution) + " is beyond what ntlab reads");
    } else if (code == kOptIfTsOffset && length == 8) {
      std::uint64_t value;
      std::memcpy(&value, m_block.data() + at + 4, 8);
      if (m_swap) value = std::uint64_t(Swap32(std::uint32_t(value))) << 32 | Swap32(std::uint32_t(value >> 32));
      interface.offset_seconds = static_cast<std::int64_t>(value);
    }
    at += 4 + Padded(length);
  }
  m_interfaces.push_back(interface);
}

bool PcapngBlockReader::ToMicroseconds(const Interface& interface, std::uint64_t units, TimeUs& ts) {
  if (interface.units_per_second == 0) return false;
  const std::uint64_t seconds = units / interface.units_per_second;
  const unsigned __int128 fraction = units % interface.units_per_second;  // * 10^6 may pass 64 bits
  const auto micros = static_cast<TimeUs>(fraction * 1'000'000 / interface.units_per_second);
  if (seconds > std::uint64_t(kMaxTimeSeconds)) return false;
  const std::int64_t total = std::int64_t(seconds) + interface.offset_seconds;  // both far inside int64
  if (interface.offset_seconds < -kMaxTimeSeconds || interface.offset_seconds > kMaxTimeSeconds ||
      total < -kMaxTimeSeconds || total > kMaxTimeSeconds)
    return false;
  ts = total * kUsPerSecond + micros;
  return true;
}

bool PcapngBlockReader::ReadPacketOptions(std::size_t at, PcapngPacket& packet) {
  const std::size_t end = m_block.size() - 4;
  while (at + 4 <= end) {
    const std::uint16_t code = U16(at), length = U16(at + 2);
    if (code == kOptEndOfOptions) return true;
    if (at + 4 + length > end) return BadBlock("option " + std::to_string(code) + " runs past its block"), false;
    if (code == kOptComment)
      packet.comments.emplace_back(reinterpret_cast<const char*>(m_block.data() + at + 4), length);
    else if (code == kOptEpbFlags && length == 4)
      packet.direction = static_cast<std::uint8_t>(U32(at + 4) & 0x3);
    at += 4 + Padded(length);
  }
  return true;  // options may end with the block instead of opt_endofopt
}

bool PcapngBlockReader::ReadEnhancedPacket(PcapngPacket& packet, bool obsolete) {
  const char* kind = obsolete ? "packet block" : "enhanced packet block";
  if (m_block.size() < 32) return BadBlock(std::string(kind) + " shorter than 32 bytes"), false;
  packet.interface_id = obsolete ? U16(8) : U32(8);
  if (packet.interface_id >= m_interfaces.size())
    return BadBlock(std::string(kind) + " of interface " + std::to_string(packet.interface_id) + ", of " +
                    std::to_string(m_interfaces.size()) + " described"), false;
  const Interface& interface = m_interfaces[packet.interface_id];
  packet.captured = U32(20);
  packet.wire_length = U32(24);
  if (packet.captured > m_block.size() - 32)
    return BadBlock(std::string(kind) + ": " + std::to_string(packet.captured) + " captured bytes in a block of " +
                    std::to_string(m_block.size())), false;
  const std::uint64_t units = std::uint64_t(U32(12)) << 32 | U32(16);
  if (!ToMicroseconds(interface, units, packet.ts))
    return BadBlock(std::string(kind) + ": time " + std::to_string(units) + " units is not a time the formats hold"),
           false;
  packet.link_type = interface.link_type;
  packet.data = m_block.data() + 28;
  return ReadPacketOptions(28 + Padded(packet.captured), packet);
}

bool PcapngBlockReader::ReadSimplePacket(PcapngPacket& packet) {
  if (m_block.size() < 16) return BadBlock("simple packet block shorter than 16 bytes"), false;
  if (m_interfaces.empty()) return BadBlock("simple packet block before any interface description"), false;
  const Interface& interface = m_interfaces[0];
  packet.interface_id = 0;
  packet.link_type = interface.link_type;
  packet.wire_length = U32(8);
  std::uint32_t captured = std::min<std::uint32_t>(packet.wire_length, std::uint32_t(m_block.size() - 16));
  if (interface.snap_length != 0) captured = std::min(captured, interface.snap_length);
  packet.captured = captured;
  packet.data = m_block.data() + 12;
  packet.ts = m_lastTs;  // a simple packet has no time of its own
  return true;
}

bool PcapngBlockReader::Next(PcapngPacket& packet) {
  while (ReadBlock()) {
    packet.comments.clear();
    packet.direction = 0;
    bool isPacket = false;
    switch (m_blockType) {
      case kSectionHeader: ReadSectionHeader(); break;
      case kInterfaceDescription: ReadInterface(); break;
      case kEnhancedPacket: isPacket = ReadEnhancedPacket(packet, false); break;
      case kObsoletePacket: isPacket = ReadEnhancedPacket(packet, true); break;
      case kSimplePacket: isPacket = ReadSimplePacket(packet); break;
      default: ++m_stats.skipped_blocks; break;
    }
    m_offset += m_block.size();
    if (isPacket) {
      ++m_stats.packets;
      m_lastTs = packet.ts;
      return true;
    }
  }
  return false;
}

}  // namespace ntlab
