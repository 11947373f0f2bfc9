// HTTP/1.x transactions (request line, Host, status, body lengths) from TCP packets, per TCP
// stream, streaming. It is what the Zeus analysis of paper 002 looks at: which *.php and
// config.bin a host requested and how long the C&C's 200 OK bodies were. Payload bytes are copied
// only while a header block is incomplete; bodies are counted, never stored, so memory grows with
// open streams, not with traffic.
//
// Reassembly: by sequence number per direction (retransmissions skipped, out-of-order segments
// held up to a bound). The client is the SYN sender, or else the side whose first bytes are an
// HTTP request. A direction whose bytes are not HTTP (TLS, SSH) is dropped at its first byte.
//
// Bad packets (analyzers/capture/bad-packets.h), named by the packet that completed the header
// block: a request with a known method, or a response, whose header block cannot be parsed (no
// HTTP version, no status code, longer than max_header_bytes) stops the parsing of that direction;
// a Content-Length that is not a number is read as none (a request without a body, a response
// whose body runs to the close); a Host longer than 255 bytes is dropped. The transactions before
// are kept. The request target and Host are escaped (EscapePacketText).
#pragma once

#include "analyzers/capture/bad-packets.h"
#include "analyzers/capture/packet-source.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

struct HttpTransaction {
  TimeUs request_ts = 0;              // packet time of the request's first byte
  TimeUs response_ts = 0;             // packet time of the response's first byte; 0 without one
  Endpoint client;
  Endpoint server;
  std::string method;                 // empty when only the response was captured
  std::string uri;                    // request target as sent ("/gate.php?id=..."), escaped
  std::string host;                   // Host header, escaped
  std::uint64_t request_body_length = 0;
  int status = 0;                     // 0: no response seen
  /// Content-Length of the response, or the bytes seen before the close when it has none.
  std::uint64_t response_body_length = 0;
  bool response_complete = false;     // the whole body was seen (false: cut by the capture end)

  /// The URI's path without the query.
  std::string Path() const { return uri.substr(0, uri.find('?')); }
};

struct HttpExtractorConfig {
  std::size_t max_header_bytes = 64 * 1024;      // a longer header block is not HTTP
  std::size_t max_out_of_order_bytes = 256 * 1024;  // per direction
  TimeUs idle_timeout = 300 * kUsPerSecond;      // streams silent this long are flushed
};

struct HttpExtractorStats {
  std::uint64_t streams = 0;
  std::uint64_t transactions = 0;
  std::uint64_t non_http_directions = 0;
  std::uint64_t gaps = 0;             // holes in a direction that never filled
};

class HttpTransactionExtractor : public PacketSink {
 public:
  using Callback = std::function<void(const HttpTransaction&)>;
  explicit HttpTransactionExtractor(Callback onTransaction, HttpExtractorConfig config = {});

  void OnPacket(const DecodedPacket& packet) override;
  /// Emits every transaction still open (responses cut by the capture end included).
  void OnGroupFinished() override;
  const HttpExtractorStats& Stats() const { return m_stats; }

 private:
  struct Half {
    bool seq_known = false;
    std::uint32_t next_seq = 0;
    std::map<std::uint32_t, std::vector<std::uint8_t>> out_of_order;
    std::size_t out_of_order_bytes = 0;
    std::string header;
    TimeUs header_ts = 0;           // packet time of the header's first byte
    bool in_body = false;
    std::uint64_t body_left = 0;
    bool body_until_close = false;
    bool dead = false;                // not HTTP, or a hole we cannot parse across
    bool fin = false;
  };
  struct Stream {
    Endpoint low;                     // the smaller endpoint: halves[0] carries its bytes
    Endpoint high;
    bool client_known = false;
    bool client_is_low = true;
    Half halves[2];
    std::deque<HttpTransaction> open;  // requests in order; front awaits its response
    std::size_t responding = 0;        // how many of `open` have a response header
    TimeUs last_ts = 0;
  };
  struct KeyHash {
    std::size_t operator()(const std::pair<Endpoint, Endpoint>& k) const;
  };
  using Table = std::unordered_map<std::pair<Endpoint, Endpoint>, Stream, KeyHash>;

  void Deliver(Stream& s, int half, std::uint32_t seq, const std::uint8_t* data, std::size_t n,
               TimeUs ts);
  void Consume(Stream& s, int half, const std::uint8_t* data, std::size_t n, TimeUs ts);
  bool ParseRequestHeader(Stream& s, const std::string& header, TimeUs ts, Half& h);
  bool ParseResponseHeader(Stream& s, const std::string& header, TimeUs ts, Half& h);
  void CompleteResponse(Stream& s);
  void Finish(Stream& s);
  void Sweep(TimeUs now);
  /// A bad request or response, named by the packet being handled.
  void ReportBad(bool request, const std::string& detail) const;

  Callback m_onTransaction;
  HttpExtractorConfig m_config;
  Table m_streams;
  TimeUs m_nextSweep = 0;
  HttpExtractorStats m_stats;
  const DecodedPacket* m_packet = nullptr;  // the packet OnPacket is handling
};

}  // namespace ntlab
