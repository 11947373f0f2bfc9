#include "analyzers/capture/ipv4-reassembler.h"

#include <algorithm>
#include <cstring>

namespace ntlab {
namespace {

constexpr std::size_t kMaxDatagram = 65535;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t Be32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}

}  // namespace

void Ipv4Reassembler::AddRange(Pending& p, std::size_t begin, std::size_t end) {
  auto first = std::lower_bound(p.ranges.begin(), p.ranges.end(), begin,
                                [](const auto& r, std::size_t b) { return r.second < b; });
  auto last = std::upper_bound(first, p.ranges.end(), end, [](std::size_t e, const auto& r) { return e < r.first; });
  if (first == last) {
    p.ranges.insert(first, {begin, end});
    return;
  }
  first->first = std::min(first->first, begin);
  first->second = std::max((last - 1)->second, end);
  p.ranges.erase(first + 1, last);
}

void Ipv4Reassembler::Expire(TimeUs now) {
  for (auto it = m_pending.begin(); it != m_pending.end();) {
    if (now - it->second.first_ts > m_timeout) {
      ++m_stats.dropped_timeout;
      it = m_pending.erase(it);
    } else {
      ++it;
    }
  }
}

bool Ipv4Reassembler::Add(TimeUs ts, const std::uint8_t* ip, std::size_t size, std::vector<std::uint8_t>& datagram) {
  const std::size_t ihl = std::size_t(ip[0] & 0x0f) * 4;  // the decoder checked 20 <= ihl <= size
  const std::uint16_t flags = Be16(ip + 6);
  const std::size_t offset = std::size_t(flags & 0x1fff) * 8;
  const bool more = (flags & 0x2000) != 0;
  const std::size_t length = size - ihl;
  Expire(ts);
  const Key key{Be32(ip + 12), Be32(ip + 16), ip[9], Be16(ip + 4)};
  if (offset + length + ihl > kMaxDatagram) {
    ++m_stats.dropped_oversize;
    m_pending.erase(key);
    return false;
  }
  auto it = m_pending.find(key);
  if (it == m_pending.end()) {
    if (m_pending.size() >= m_maxDatagrams) {  // make room: drop the oldest
      auto oldest = std::min_element(m_pending.begin(), m_pending.end(), [](const auto& a, const auto& b) {
        return a.second.first_ts < b.second.first_ts;
      });
      m_pending.erase(oldest);
      ++m_stats.dropped_overflow;
    }
    it = m_pending.emplace(key, Pending{}).first;
    it->second.first_ts = ts;
  }
  Pending& p = it->second;
  if (offset == 0) p.header.assign(ip, ip + ihl);
  if (!more) p.total = offset + length;
  if (p.payload.size() < offset + length) p.payload.resize(offset + length);
  std::memcpy(p.payload.data() + offset, ip + ihl, length);
  AddRange(p, offset, offset + length);
  const bool whole = p.total > 0 && !p.header.empty() && p.ranges.size() == 1 && p.ranges[0].first == 0 &&
                     p.ranges[0].second >= p.total;
  if (!whole) return false;
  datagram = p.header;
  datagram.insert(datagram.end(), p.payload.begin(), p.payload.begin() + static_cast<std::ptrdiff_t>(p.total));
  const std::size_t total = datagram.size();
  datagram[2] = static_cast<std::uint8_t>(total >> 8);
  datagram[3] = static_cast<std::uint8_t>(total);
  datagram[6] = static_cast<std::uint8_t>(datagram[6] & 0x40);  // keep DF, clear MF and the offset
  datagram[7] = 0;
  m_pending.erase(it);
  ++m_stats.reassembled;
  return true;
}

void Ipv4Reassembler::Flush() {
  m_stats.dropped_timeout += m_pending.size();
  m_pending.clear();
}

}  // namespace ntlab
