#include "analyzers/sessions/quic-client-hello-reassembler.h"

#include <algorithm>
#include <cstring>

namespace ntlab {

void QuicClientHelloReassembler::Finish(TlsParseStatus status, std::string problem) {
  m_status = status;
  m_problem = std::move(problem);
  std::vector<std::uint8_t>().swap(m_stream);
  std::vector<std::pair<std::size_t, std::size_t>>().swap(m_ranges);
}

TlsParseStatus QuicClientHelloReassembler::AddDatagram(const std::uint8_t* datagram, std::size_t size) {
  if (m_status != TlsParseStatus::NeedMore) return m_status;
  QuicDatagram read = m_reader.Read(datagram, size);
  const bool first = m_first;
  m_first = false;
  switch (read.status) {
    case QuicDatagramStatus::NotQuic:
    case QuicDatagramStatus::NoInitial:
      // Only the first client datagram says whether this is QUIC; later ones (1-RTT, or a
      // version this reader does not know) just carry no Initial.
      if (first) Finish(TlsParseStatus::NotTls);
      return m_status;
    case QuicDatagramStatus::Malformed: Finish(TlsParseStatus::Malformed, std::move(read.problem)); return m_status;
    case QuicDatagramStatus::Initial: break;
  }
  for (const auto& frame : read.crypto)
    if (AddCrypto(frame) != TlsParseStatus::NeedMore) return m_status;
  if (m_ranges.empty() || m_ranges.front().first != 0) return m_status;  // the stream start is missing
  auto info = TlsClientHello::ParseHandshake(m_stream.data(), m_ranges.front().second);
  if (info.status == TlsParseStatus::NeedMore) return m_status;
  m_serverName = std::move(info.server_name);
  Finish(info.status, std::move(info.problem));
  return m_status;
}

TlsParseStatus QuicClientHelloReassembler::AddCrypto(const QuicCryptoFrame& frame) {
  if (frame.data.empty()) return m_status;
  if (frame.offset > m_limit || frame.data.size() > m_limit - frame.offset) {
    Finish(TlsParseStatus::Malformed, "CRYPTO data beyond " + std::to_string(m_limit) +
                                          " bytes before the ClientHello was whole");
    return m_status;
  }
  const std::size_t begin = static_cast<std::size_t>(frame.offset);
  const std::size_t end = begin + frame.data.size();
  if (m_stream.size() < end) m_stream.resize(end);
  std::memcpy(m_stream.data() + begin, frame.data.data(), frame.data.size());
  // Keep the ranges sorted, disjoint and non-touching.
  auto first = std::lower_bound(m_ranges.begin(), m_ranges.end(), begin,
                                [](const auto& r, std::size_t b) { return r.second < b; });
  auto last = std::upper_bound(first, m_ranges.end(), end, [](std::size_t e, const auto& r) { return e < r.first; });
  if (first == last) {
    m_ranges.insert(first, {begin, end});
  } else {
    first->first = std::min(first->first, begin);
    first->second = std::max((last - 1)->second, end);
    m_ranges.erase(first + 1, last);
  }
  return m_status;
}

}  // namespace ntlab
