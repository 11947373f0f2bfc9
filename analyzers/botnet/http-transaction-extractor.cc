#include "analyzers/botnet/http-transaction-extractor.h"

#include "analyzers/formats/text-rules.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

namespace ntlab {

namespace {

bool EqualsIgnoreCase(const std::string& a, const char* b) {
  std::size_t n = std::strlen(b);
  if (a.size() != n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  std::size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

struct ParsedHeader {
  std::string first_line;
  std::vector<std::pair<std::string, std::string>> fields;
  const std::string* Find(const char* name) const {
    for (const auto& [k, v] : fields) {
      if (EqualsIgnoreCase(k, name)) return &v;
    }
    return nullptr;
  }
};

ParsedHeader SplitHeader(const std::string& block) {
  ParsedHeader h;
  std::size_t pos = 0;
  bool first = true;
  while (pos < block.size()) {
    std::size_t end = block.find("\r\n", pos);
    if (end == std::string::npos) end = block.size();
    std::string line = block.substr(pos, end - pos);
    pos = end + 2;
    if (first) {
      h.first_line = line;
      first = false;
      continue;
    }
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    h.fields.emplace_back(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)));
  }
  return h;
}

constexpr std::size_t kMaxHostBytes = 255;  // a DNS host name, with a port

// Content-Length: nullopt when absent or not a number; `problem` says which of the two.
std::optional<std::uint64_t> ContentLength(const ParsedHeader& h, std::string& problem) {
  const std::string* v = h.Find("Content-Length");
  if (!v) return std::nullopt;
  auto length = ParseUnsigned(*v);
  if (!length) problem = "Content-Length " + QuoteForMessage(*v) + " is not a number";
  return length;
}

// Only a request with a method HTTP defines is worth a warning when it breaks: many other
// protocols (SMTP's "EHLO x", say) also start with an upper-case word and a space.
bool HasKnownMethod(const std::string& line) {
  static const char* const kMethods[] = {"GET",     "POST",  "HEAD",    "PUT",  "DELETE",
                                         "OPTIONS", "PATCH", "CONNECT", "TRACE"};
  std::string method = line.substr(0, line.find(' '));
  return std::find_if(std::begin(kMethods), std::end(kMethods), [&](const char* m) { return method == m; }) !=
         std::end(kMethods);
}

bool LooksLikeMethodStart(std::uint8_t c) { return c >= 'A' && c <= 'Z'; }

// "GET / HTTP/1.1": an upper-case token, a space.
bool LooksLikeRequest(const std::uint8_t* data, std::size_t n) {
  std::size_t i = 0;
  while (i < n && i < 16 && LooksLikeMethodStart(data[i])) ++i;
  return i > 0 && (i == n || (i < n && data[i] == ' '));
}

bool LooksLikeResponse(const std::uint8_t* data, std::size_t n) {
  static const char kPrefix[] = "HTTP/";
  std::size_t m = std::min<std::size_t>(n, 5);
  return m > 0 && std::memcmp(data, kPrefix, m) == 0;
}

}  // namespace

std::size_t HttpTransactionExtractor::KeyHash::operator()(const std::pair<Endpoint, Endpoint>& k) const {
  std::uint64_t a = (std::uint64_t(k.first.ip.Fold32()) << 16) | k.first.port;
  std::uint64_t b = (std::uint64_t(k.second.ip.Fold32()) << 16) | k.second.port;
  return std::hash<std::uint64_t>()(a * 0x9E3779B97F4A7C15ULL ^ b);
}

HttpTransactionExtractor::HttpTransactionExtractor(Callback onTransaction, HttpExtractorConfig config)
    : m_onTransaction(std::move(onTransaction)), m_config(config) {}

void HttpTransactionExtractor::ReportBad(bool request, const std::string& detail) const {
  if (m_packet)
    ReportBadPacket(*m_packet, request ? BadPacketReason::HttpRequest : BadPacketReason::HttpResponse, detail);
}

void HttpTransactionExtractor::OnPacket(const DecodedPacket& p) {
  if (p.proto != Proto::Tcp) return;
  m_packet = &p;
  if (p.ts >= m_nextSweep) {
    Sweep(p.ts);
    m_nextSweep = p.ts + kUsPerSecond;
  }
  bool srcLow = p.src < p.dst || p.src == p.dst;
  std::pair<Endpoint, Endpoint> key = srcLow ? std::make_pair(p.src, p.dst) : std::make_pair(p.dst, p.src);
  int half = srcLow ? 0 : 1;
  auto it = m_streams.find(key);
  bool syn = p.HasFlag(TcpFlag::kSyn);
  if (it != m_streams.end() && syn && !p.HasFlag(TcpFlag::kAck) && it->second.halves[half].seq_known &&
      it->second.halves[half].next_seq != p.tcp_seq + 1) {
    // A new connection reusing the tuple: the old one is over.
    Finish(it->second);
    m_streams.erase(it);
    it = m_streams.end();
  }
  if (it == m_streams.end()) {
    // Stragglers of a finished stream (the last ACK, a late FIN) carry nothing to parse.
    if (!syn && p.payload_length == 0) return;
    it = m_streams.emplace(key, Stream{}).first;
    it->second.low = key.first;
    it->second.high = key.second;
    ++m_stats.streams;
  }
  Stream& s = it->second;
  Half& h = s.halves[half];
  s.last_ts = p.ts;
  if (syn) {
    if (!p.HasFlag(TcpFlag::kAck)) {
      s.client_known = true;
      s.client_is_low = half == 0;
    }
    h.seq_known = true;
    h.next_seq = p.tcp_seq + 1;
  }
  if (p.payload_length > 0) {
    if (!h.seq_known) {
      h.seq_known = true;
      h.next_seq = p.tcp_seq;
    }
    Deliver(s, half, p.tcp_seq, p.payload, p.payload_length, p.ts);
  }
  if (p.HasFlag(TcpFlag::kFin)) h.fin = true;
  if (p.HasFlag(TcpFlag::kRst) || (s.halves[0].fin && s.halves[1].fin)) {
    Finish(s);
    m_streams.erase(it);
  }
}

void HttpTransactionExtractor::Deliver(Stream& s, int half, std::uint32_t seq, const std::uint8_t* data,
                                       std::size_t n, TimeUs ts) {
  Half& h = s.halves[half];
  if (h.dead) return;
  // Signed distance from the next expected byte, so the comparison survives sequence wrap.
  auto ahead = static_cast<std::int32_t>(seq - h.next_seq);
  if (ahead > 0) {
    if (h.out_of_order_bytes + n > m_config.max_out_of_order_bytes) {
      // A hole that never filled (lost in the capture): parsing cannot continue past it.
      ++m_stats.gaps;
      h.dead = true;
      h.out_of_order.clear();
      return;
    }
    auto& slot = h.out_of_order[seq];
    if (slot.size() < n) {
      h.out_of_order_bytes += n - slot.size();
      slot.assign(data, data + n);
    }
    return;
  }
  std::size_t skip = static_cast<std::size_t>(-static_cast<std::int64_t>(ahead));
  if (skip < n) {
    h.next_seq += static_cast<std::uint32_t>(n - skip);
    Consume(s, half, data + skip, n - skip, ts);
  }
  // Held segments that now touch the stream.
  while (!h.dead && !h.out_of_order.empty()) {
    auto first = h.out_of_order.begin();
    auto gap = static_cast<std::int32_t>(first->first - h.next_seq);
    if (gap > 0) break;
    std::vector<std::uint8_t> bytes = std::move(first->second);
    h.out_of_order_bytes -= bytes.size();
    h.out_of_order.erase(first);
    std::size_t over = static_cast<std::size_t>(-static_cast<std::int64_t>(gap));
    if (over < bytes.size()) {
      h.next_seq += static_cast<std::uint32_t>(bytes.size() - over);
      Consume(s, half, bytes.data() + over, bytes.size() - over, ts);
    }
  }
}

void HttpTransactionExtractor::Consume(Stream& s, int half, const std::uint8_t* data, std::size_t n,
                                       TimeUs ts) {
  Half& h = s.halves[half];
  if (h.dead || n == 0) return;
  if (!s.client_known) {
    // No SYN in the capture: the first bytes tell the roles.
    if (LooksLikeRequest(data, n)) {
      s.client_known = true;
      s.client_is_low = half == 0;
    } else if (LooksLikeResponse(data, n)) {
      s.client_known = true;
      s.client_is_low = half != 0;
    } else {
      h.dead = true;
      ++m_stats.non_http_directions;
      return;
    }
  }
  bool fromClient = (half == 0) == s.client_is_low;
  while (n > 0 && !h.dead) {
    if (h.in_body) {
      std::size_t take = h.body_until_close ? n : static_cast<std::size_t>(std::min<std::uint64_t>(n, h.body_left));
      if (!fromClient && h.body_until_close && s.responding > 0) {
        s.open[s.responding - 1].response_body_length += take;
      }
      data += take;
      n -= take;
      if (!h.body_until_close) {
        h.body_left -= take;
        if (h.body_left == 0) {
          h.in_body = false;
          if (!fromClient) CompleteResponse(s);
        }
      }
      continue;
    }
    if (h.header.empty()) {
      bool plausible = fromClient ? LooksLikeRequest(data, n) : LooksLikeResponse(data, n);
      if (!plausible) {
        h.dead = true;
        ++m_stats.non_http_directions;
        return;
      }
      h.header_ts = ts;
    }
    std::size_t old = h.header.size();
    h.header.append(reinterpret_cast<const char*>(data), n);
    std::size_t end = h.header.find("\r\n\r\n", old >= 3 ? old - 3 : 0);
    if (end == std::string::npos) {
      if (h.header.size() > m_config.max_header_bytes) {
        h.dead = true;
        ++m_stats.non_http_directions;
        if (!fromClient || HasKnownMethod(h.header))
          ReportBad(fromClient, "header block longer than " + std::to_string(m_config.max_header_bytes) + " bytes");
      }
      return;
    }
    std::size_t used = end + 4 - old;
    std::string block = h.header.substr(0, end + 4);
    h.header.clear();
    data += used;
    n -= used;
    bool ok = fromClient ? ParseRequestHeader(s, block, h.header_ts, h)
                         : ParseResponseHeader(s, block, h.header_ts, h);
    if (!ok) {
      h.dead = true;
      ++m_stats.non_http_directions;
    }
  }
}

bool HttpTransactionExtractor::ParseRequestHeader(Stream& s, const std::string& block, TimeUs ts, Half& h) {
  ParsedHeader header = SplitHeader(block);
  std::size_t sp1 = header.first_line.find(' ');
  std::size_t sp2 = header.first_line.rfind(' ');
  if (sp1 == std::string::npos || sp2 == sp1 || header.first_line.compare(sp2 + 1, 5, "HTTP/") != 0) {
    if (HasKnownMethod(header.first_line))
      ReportBad(true,
                "request line " + QuoteForMessage(header.first_line) + " is not <method> <target> HTTP/<version>");
    return false;
  }
  HttpTransaction t;
  t.request_ts = ts;
  t.client = s.client_is_low ? s.low : s.high;
  t.server = s.client_is_low ? s.high : s.low;
  t.method = header.first_line.substr(0, sp1);
  t.uri = EscapePacketText(header.first_line.substr(sp1 + 1, sp2 - sp1 - 1));
  if (const std::string* host = header.Find("Host")) {
    if (host->size() <= kMaxHostBytes) {
      t.host = EscapePacketText(*host);
    } else {
      ReportBad(true, "Host header of " + std::to_string(host->size()) + " bytes, longer than " +
                          std::to_string(kMaxHostBytes));
    }
  }
  std::string problem;
  t.request_body_length = ContentLength(header, problem).value_or(0);
  if (!problem.empty()) ReportBad(true, problem);
  if (t.request_body_length > 0) {
    h.in_body = true;
    h.body_left = t.request_body_length;
    h.body_until_close = false;
  }
  s.open.push_back(std::move(t));
  return true;
}

bool HttpTransactionExtractor::ParseResponseHeader(Stream& s, const std::string& block, TimeUs ts, Half& h) {
  ParsedHeader header = SplitHeader(block);
  const std::string& line = header.first_line;
  std::size_t sp = line.find(' ');
  auto status = sp == std::string::npos ? std::nullopt : ParseUnsigned(line.substr(sp + 1, 3));
  if (!status || *status < 100 || *status > 999) {
    ReportBad(false, "status line " + QuoteForMessage(line) + " has no status code");
    return false;
  }
  if (*status < 200) return true;  // interim (100 Continue): the real response follows
  if (s.responding == s.open.size()) {
    // The request is outside the capture: keep what the response tells.
    HttpTransaction t;
    t.client = s.client_is_low ? s.low : s.high;
    t.server = s.client_is_low ? s.high : s.low;
    s.open.push_back(std::move(t));
  }
  HttpTransaction& t = s.open[s.responding++];
  t.status = static_cast<int>(*status);
  t.response_ts = ts;
  std::string problem;
  auto length = ContentLength(header, problem);
  if (!problem.empty()) ReportBad(false, problem);  // the body then runs to the close, as without one
  bool noBody = *status == 204 || *status == 304 || t.method == "HEAD";
  if (noBody || (length && *length == 0)) {
    CompleteResponse(s);
  } else if (length) {
    t.response_body_length = *length;
    h.in_body = true;
    h.body_left = *length;
    h.body_until_close = false;
  } else {
    // No length (HTTP/1.0 style, or chunked, which nothing here sends): the body runs to the
    // close, so the byte count includes any chunk framing.
    h.in_body = true;
    h.body_until_close = true;
  }
  return true;
}

void HttpTransactionExtractor::CompleteResponse(Stream& s) {
  if (s.open.empty() || s.responding == 0) return;
  HttpTransaction t = std::move(s.open.front());
  s.open.pop_front();
  --s.responding;
  t.response_complete = true;
  ++m_stats.transactions;
  m_onTransaction(t);
}

void HttpTransactionExtractor::Finish(Stream& s) {
  Half& server = s.halves[s.client_is_low ? 1 : 0];
  bool closeEndsBody = server.in_body && server.body_until_close && server.fin;
  for (std::size_t i = 0; i < s.open.size(); ++i) {
    HttpTransaction& t = s.open[i];
    // A body delimited by the close is complete when the stream ends; anything else was cut.
    t.response_complete = closeEndsBody && i + 1 == s.responding;
    ++m_stats.transactions;
    m_onTransaction(t);
  }
  s.open.clear();
  s.responding = 0;
}

void HttpTransactionExtractor::Sweep(TimeUs now) {
  for (auto it = m_streams.begin(); it != m_streams.end();) {
    if (now - it->second.last_ts > m_config.idle_timeout) {
      Finish(it->second);
      it = m_streams.erase(it);
    } else {
      ++it;
    }
  }
}

void HttpTransactionExtractor::OnGroupFinished() {
  for (auto& [key, s] : m_streams) Finish(s);
  m_streams.clear();
}

}  // namespace ntlab
