#include "analyzers/capture/ipv6-reassembler.h"

#include <algorithm>

namespace ntlab {
namespace {

constexpr std::size_t kFixedHeader = 40;
constexpr std::size_t kFragmentHeader = 8;
constexpr std::size_t kMaxPayload = 65535;  // the payload length field; jumbograms are never fragmented

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t Be32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

}  // namespace

bool Ipv6Reassembler::Add(TimeUs ts, const std::uint8_t* ip, std::size_t size, std::size_t fragmentHeader,
                          std::vector<std::uint8_t>& datagram) {
  const std::uint8_t* fragment = ip + fragmentHeader;  // the decoder checked it lies inside `size`
  const std::size_t offset = Be16(fragment + 2) & 0xfff8;
  const bool more = (fragment[3] & 0x01) != 0;
  const std::size_t dataStart = fragmentHeader + kFragmentHeader;
  const std::size_t length = size - dataStart;
  Key key;
  std::copy(ip + 8, ip + 24, std::get<0>(key).begin());
  std::copy(ip + 24, ip + 40, std::get<1>(key).begin());
  std::get<2>(key) = Be32(fragment + 4);
  if (offset + length > kMaxPayload) {
    m_table.DropOversize(ts, key);
    return false;
  }
  auto& p = m_table.Open(ts, key);
  if (offset == 0) {
    p.header.assign(ip, ip + kFixedHeader);
    p.header[6] = fragment[0];  // the fragmentable part's first header follows the fixed one
  }
  FragmentTable<Key>::AddBytes(p, offset, ip + dataStart, length, more);
  if (!p.Whole()) return false;
  datagram = p.header;
  datagram.insert(datagram.end(), p.payload.begin(), p.payload.begin() + static_cast<std::ptrdiff_t>(p.total));
  datagram[4] = static_cast<std::uint8_t>(p.total >> 8);
  datagram[5] = static_cast<std::uint8_t>(p.total);
  m_table.Complete(key);
  return true;
}

}  // namespace ntlab
