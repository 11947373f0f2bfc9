#include "replay/responder/recorded-exchanges.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace ntlab::responder {
namespace {

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10;

std::uint16_t Be16(const std::uint8_t* p) { return std::uint16_t(p[0] << 8 | p[1]); }
std::uint32_t Be32(const std::uint8_t* p) { return std::uint32_t(p[0]) << 24 | p[1] << 16 | p[2] << 8 | p[3]; }

/// The bytes from offset 0 up to the first hole (what can be parsed of one direction).
std::string Contiguous(const std::map<std::uint32_t, std::vector<std::uint8_t>>& data) {
  std::string bytes;
  for (const auto& [offset, chunk] : data) {
    if (offset > bytes.size()) break;
    std::size_t skip = bytes.size() - offset;  // a retransmission overlapping what we have
    if (skip < chunk.size()) bytes.append(chunk.begin() + std::ptrdiff_t(skip), chunk.end());
  }
  return bytes;
}

/// One HTTP message at `pos`: its header block and body length (the rest of the stream without
/// Content-Length). Returns the message's end, or npos when the header block is incomplete.
std::size_t MessageEnd(const std::string& bytes, std::size_t pos, std::string_view& head) {
  std::size_t end = bytes.find("\r\n\r\n", pos);
  if (end == std::string::npos) return std::string::npos;
  head = std::string_view(bytes).substr(pos, end + 4 - pos);
  std::string lower(head);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  std::size_t length = lower.find("\r\ncontent-length:");
  if (length == std::string::npos) return lower.rfind("get ", 0) == 0 ? end + 4 : bytes.size();
  std::size_t body = std::strtoull(lower.c_str() + length + 17, nullptr, 10);
  return std::min(bytes.size(), end + 4 + body);
}

}  // namespace

void RecordedExchangeBook::AddFrame(TimeUs ts, const std::uint8_t* frame, std::size_t length) {
  if (m_sealed || length < 14 + 20 || Be16(frame + 12) != 0x0800) return;
  const std::uint8_t* ip = frame + 14;
  std::size_t ihl = std::size_t(ip[0] & 0x0f) * 4;
  std::size_t total = std::min<std::size_t>(Be16(ip + 2), length - 14);
  if ((ip[0] >> 4) != 4 || ip[9] != 6 || ihl < 20 || total < ihl + 20 || (Be16(ip + 6) & 0x3fff) != 0) return;
  const std::uint8_t* tcp = ip + ihl;
  std::size_t dataOffset = std::size_t(tcp[12] >> 4) * 4;
  if (dataOffset < 20 || ihl + dataOffset > total) return;
  std::pair<Ipv4, std::uint16_t> src{Be32(ip + 12), Be16(tcp)}, dst{Be32(ip + 16), Be16(tcp + 2)};
  std::uint8_t flags = tcp[13];
  const bool opening = (flags & kSyn) && !(flags & kAck);
  Key forward{src, dst}, backward{dst, src};
  if (opening) {
    if (m_open.count(forward)) Close(forward);  // the port was reused
    m_open[forward];
  }
  const bool fromClient = m_open.count(forward) > 0;
  if (!fromClient && !m_open.count(backward)) {
    ++m_streamsWithoutSyn;
    return;
  }
  AddSegment(ts, fromClient ? forward : backward, fromClient, flags, Be32(tcp + 4), tcp + dataOffset,
             total - ihl - dataOffset);
}

void RecordedExchangeBook::AddSegment(TimeUs ts, const Key& key, bool fromClient, std::uint8_t flags,
                                      std::uint32_t seq, const std::uint8_t* payload, std::size_t length) {
  Stream& stream = m_open[key];
  Half& half = fromClient ? stream.client : stream.server;
  if (flags & kSyn) {
    half.isn_known = true;
    half.isn = seq;
  }
  if (half.isn_known && length > 0) {
    std::uint32_t offset = seq - half.isn - 1;
    if (half.data.empty()) half.first_data_ts = ts;
    std::vector<std::uint8_t>& chunk = half.data[offset];
    if (chunk.size() < length) chunk.assign(payload, payload + length);
  }
  if (flags & kFin) half.fin = true;
  if ((flags & kRst) || (stream.client.fin && stream.server.fin)) Close(key);
}

// Requests and responses are paired in order; a request without a captured response is left out
// (the responder has nothing recorded to say to it).
void RecordedExchangeBook::Close(const Key& key) {
  auto it = m_open.find(key);
  if (it == m_open.end()) return;
  const std::string requests = Contiguous(it->second.client.data);
  const std::string responses = Contiguous(it->second.server.data);
  const TimeUs ts = it->second.client.first_data_ts;
  std::size_t req = 0, rsp = 0;
  while (req < requests.size() && rsp < responses.size()) {
    std::string_view requestHead, responseHead;
    std::size_t requestEnd = MessageEnd(requests, req, requestHead);
    std::size_t responseEnd = MessageEnd(responses, rsp, responseHead);
    if (requestEnd == std::string::npos || responseEnd == std::string::npos) break;
    std::string_view line = requestHead.substr(0, requestHead.find("\r\n"));
    std::size_t space = line.find(' ');
    std::size_t targetEnd = line.find(' ', space + 1);
    if (space == std::string_view::npos || targetEnd == std::string_view::npos) break;
    std::string_view target = line.substr(space + 1, targetEnd - space - 1);
    RecordedExchange exchange;
    exchange.request_ts = ts;
    exchange.method = std::string(line.substr(0, space));
    exchange.path = std::string(target.substr(0, target.find('?')));
    exchange.response.assign(responses.begin() + std::ptrdiff_t(rsp), responses.begin() + std::ptrdiff_t(responseEnd));
    m_exchanges.push_back(std::move(exchange));
    req = requestEnd;
    rsp = responseEnd;
  }
  m_open.erase(it);
}

void RecordedExchangeBook::Seal() {
  while (!m_open.empty()) Close(m_open.begin()->first);
  // Streams close in any order; the record is replayed in the order the requests were sent.
  std::stable_sort(m_exchanges.begin(), m_exchanges.end(),
                   [](const RecordedExchange& a, const RecordedExchange& b) { return a.request_ts < b.request_ts; });
  m_sealed = true;
}

std::optional<ResponderAnswer> RecordedExchangeBook::Answer(const std::string& method, const std::string& path) {
  if (!m_sealed) return std::nullopt;  // the record is still growing: nothing to answer from
  const std::size_t n = m_exchanges.size();
  for (std::size_t step = 0; step < n; ++step) {
    std::size_t i = (m_cursor + step) % n;
    if (m_exchanges[i].method == method && m_exchanges[i].path == path) {
      m_cursor = i + 1;
      return ResponderAnswer{i, &m_exchanges[i]};
    }
  }
  return std::nullopt;
}

std::vector<std::uint8_t> ScaleResponseBody(const std::vector<std::uint8_t>& response, double scale) {
  std::string bytes(response.begin(), response.end());
  std::size_t headEnd = bytes.find("\r\n\r\n");
  if (scale == 1.0 || headEnd == std::string::npos) return response;
  std::string lower = bytes.substr(0, headEnd + 2);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  std::size_t field = lower.find("\r\ncontent-length:");
  if (field == std::string::npos) return response;
  std::size_t valueEnd = lower.find("\r\n", field + 2);
  const std::string body = bytes.substr(headEnd + 4);
  if (body.empty()) return response;
  auto length = static_cast<std::size_t>(std::max(1.0, std::round(double(body.size()) * scale)));
  std::string scaled;
  while (scaled.size() < length) scaled += body;
  scaled.resize(length);
  std::string out = bytes.substr(0, field) + "\r\nContent-Length: " + std::to_string(length) +
                    bytes.substr(valueEnd, headEnd + 4 - valueEnd) + scaled;
  return std::vector<std::uint8_t>(out.begin(), out.end());
}

}  // namespace ntlab::responder
