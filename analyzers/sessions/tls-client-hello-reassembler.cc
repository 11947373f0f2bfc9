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
  std::vector<std::uint8_t>().swap(m_buffer);
  std::vector<std::pair<std::size_t, std::size_t>>().swap(m_ranges);
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
      if (shift + m_buffer.size() > m_limit) return m_status;
      m_buffer.insert(m_buffer.begin(), shift, 0);
      for (auto& r : m_ranges) r.first += shift, r.second += shift;
      m_start = seq;
      distance = 0;
    }
  }
  std::size_t begin = static_cast<std::size_t>(distance);
  if (begin >= m_limit) return m_status;
  std::size_t end = std::min(begin + length, m_limit);
  if (m_buffer.size() < end) m_buffer.resize(end);
  std::memcpy(m_buffer.data() + begin, data, end - begin);
  m_ranges.emplace_back(begin, end);
  std::sort(m_ranges.begin(), m_ranges.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (const auto& r : m_ranges) {
    if (!merged.empty() && r.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, r.second);
    else
      merged.push_back(r);
  }
  m_ranges.swap(merged);
  if (m_ranges.front().first != 0) return m_status;  // the stream start is still missing
  std::size_t contiguous = m_ranges.front().second;
  auto info = TlsClientHello::Parse(m_buffer.data(), contiguous);
  if (info.status == TlsParseStatus::NeedMore) {
    if (contiguous >= m_limit) Finish(TlsParseStatus::NotTls);  // too large to be a ClientHello we keep
    return m_status;
  }
  m_serverName = std::move(info.server_name);
  Finish(info.status);
  return m_status;
}

}  // namespace ntlab
