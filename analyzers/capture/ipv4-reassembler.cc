#include "analyzers/capture/ipv4-reassembler.h"

namespace ntlab {
namespace {

constexpr std::size_t kMaxDatagram = 65535;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t Be32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

}  // namespace

bool Ipv4Reassembler::Add(TimeUs ts, const std::uint8_t* ip, std::size_t size, std::vector<std::uint8_t>& datagram) {
  const std::size_t ihl = std::size_t(ip[0] & 0x0f) * 4;  // the decoder checked 20 <= ihl <= size
  const std::uint16_t flags = Be16(ip + 6);
  const std::size_t offset = std::size_t(flags & 0x1fff) * 8;
  const bool more = (flags & 0x2000) != 0;
  const std::size_t length = size - ihl;
  const Key key{Be32(ip + 12), Be32(ip + 16), ip[9], Be16(ip + 4)};
  if (offset + length + ihl > kMaxDatagram) {
    m_table.DropOversize(ts, key);
    return false;
  }
  auto& p = m_table.Open(ts, key);
  if (offset == 0) p.header.assign(ip, ip + ihl);
  FragmentTable<Key>::AddBytes(p, offset, ip + ihl, length, more);
  if (!p.Whole()) return false;
  datagram = p.header;
  datagram.insert(datagram.end(), p.payload.begin(), p.payload.begin() + static_cast<std::ptrdiff_t>(p.total));
  const std::size_t total = datagram.size();
  datagram[2] = static_cast<std::uint8_t>(total >> 8);
  datagram[3] = static_cast<std::uint8_t>(total);
  datagram[6] = static_cast<std::uint8_t>(datagram[6] & 0x40);  // keep DF, clear MF and the offset
  datagram[7] = 0;
  m_table.Complete(key);
  return true;
}

}  // namespace ntlab
