#include "analyzers/sessions/tls-client-hello-reassembler.h"

#include <algorithm>
#include <cstring>

namespace ntlab {

void TlsClientHelloReassembler::SetStreamStart(std::uint32_t seq) {
  if (m_haveStart || m_status != TlsParseStatus::NeedMore) return;
  m_haveStart = true;
  m_startIsExact = true;
  m_start = seq;
}

void TlsClientHelloReassembler::Finish(TlsParseStatus status) {
  m_status = status;
  m_buffer.reset();
  m_size = 0;
  m_capacity = 0;
  std::vector<std::pair<std::size_t, std::size_t>>().swap(m_ranges);
}

// Makes the buffer at least `size` (<= m_limit) long. Unlike vector::resize it does not zero the
// new bytes, which are never read outside m_ranges: with a segment missing, every later segment
// grew and zero-filled the buffer again.
void TlsClientHelloReassembler::Grow(std::size_t size) {
  if (size > m_capacity) {
    std::size_t capacity = std::min(m_limit, std::max(size, 2 * m_capacity));
    std::unique_ptr<std::uint8_t[]> bigger(new std::uint8_t[capacity]);
    if (m_size > 0) std::memcpy(bigger.get(), m_buffer.get(), m_size);
    m_buffer = std::move(bigger);
    m_capacity = capacity;
  }
  m_size = std::max(m_size, size);
}

// Keeps m_ranges sorted, disjoint and non-touching. Merging in place matters: a client stream
// whose first segment was not captured never decides, so every later segment lands here.
void TlsClientHelloReassembler::AddRange(std::size_t begin, std::size_t end) {
  // [first, last) are the ranges that overlap or touch [begin, end).
  auto first = std::lower_bound(m_ranges.begin(), m_ranges.end(), begin,
                                [](const auto& r, std::size_t b) { return r.second < b; });
  auto last = std::upper_bound(first, m_ranges.end(), end,
                               [](std::size_t e, const auto& r) { return e < r.first; });
  if (first == last) {
    m_ranges.insert(first, {begin, end});
    return;
  }
  first->first = std::min(first->first, begin);
  first->second = std::max((last - 1)->second, end);
  m_ranges.erase(first + 1, last);
}

TlsParseStatus TlsClientHelloReassembler::Add(std::uint32_t seq, const std::uint8_t* data,
                                              std::size_t length) {
  if (m_status != TlsParseStatus::NeedMore || length == 0) return m_status;
  if (!m_haveStart) {
    m_haveStart = true;
    m_start = seq;
  }
  // Signed distance handles sequence wrap-around.
  auto distance = static_cast<std::int32_t>(seq - m_start);
  if (distance < 0) {
    std::size_t shift = static_cast<std::size_t>(-static_cast<std::int64_t>(distance));
    if (m_startIsExact) {
      // Retransmitted bytes before the stream start (SYN) carry nothing new.
      if (shift >= length) return m_status;
      data += shift;
      length -= shift;
      distance = 0;
    } else {
      // Without the SYN an earlier segment moves the stream start back.
      if (shift + m_size > m_limit) return m_status;
      Grow(m_size + shift);
      std::memmove(m_buffer.get() + shift, m_buffer.get(), m_size - shift);
      for (auto& r : m_ranges) r.first += shift, r.second += shift;
      m_start = seq;
      distance = 0;
    }
  }
  std::size_t begin = static_cast<std::size_t>(distance);
  if (begin >= m_limit) return m_status;
  std::size_t end = std::min(begin + length, m_limit);
  // Most client streams decide on their first segment: parse it where it lies, and allocate the
  // buffer (and the range list) only for a hello that continues in later segments.
  if (begin == 0 && m_ranges.empty() && Decide(data, end)) return m_status;
  Grow(end);
  std::memcpy(m_buffer.get() + begin, data, end - begin);
  AddRange(begin, end);
  if (m_ranges.front().first != 0) return m_status;  // the stream start is still missing
  Decide(m_buffer.get(), m_ranges.front().second);
  return m_status;
}

bool TlsClientHelloReassembler::Decide(const std::uint8_t* stream, std::size_t contiguous) {
  auto info = TlsClientHello::Parse(stream, contiguous);
  if (info.status == TlsParseStatus::NotTls) m_notTlsStart.assign(reinterpret_cast<const char*>(stream), contiguous);
  if (info.status == TlsParseStatus::NeedMore) {
    if (contiguous < m_limit) return false;
    Finish(TlsParseStatus::NotTls);  // too large to be a ClientHello we keep
    return true;
  }
  m_serverName = std::move(info.server_name);
  m_problem = std::move(info.problem);
  Finish(info.status);
  return true;
}

std::size_t TlsClientHelloReassembler::CutShortBytes() const {
  if (m_status != TlsParseStatus::NeedMore || m_ranges.size() != 1 || m_ranges.front().first != 0) return 0;
  std::size_t held = m_ranges.front().second;
  // Record header (5 bytes), then the handshake type: the parser has checked the header already.
  constexpr std::size_t kHandshakeTypeOffset = 5;
  constexpr std::uint8_t kClientHello = 1;
  return held > kHandshakeTypeOffset && m_buffer[kHandshakeTypeOffset] == kClientHello ? held : 0;
}

}  // namespace ntlab
