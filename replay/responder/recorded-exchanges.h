// What the responder inside isolation answers with (paper 002, Step 3's "replay"): the HTTP
// exchanges the moved host had before the move, as the capture of its switch port holds them. TCP
// streams are reassembled from the captured frames (by sequence number, per direction; a stream
// whose SYN was not captured is left out), split into requests and responses by their headers'
// Content-Length, and kept in the order the requests were sent. The response bytes are kept as the
// server sent them (status line, headers and body), so the bot gets exactly what its C&C said.
//
// Answering replays the record in order: a request gets the next recorded exchange with the same
// method and path after the last one used, wrapping to the start. A Zeus bot's poll therefore gets
// the next recorded command, and its reports the C&C's answers that followed that command.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ntlab::responder {

struct RecordedExchange {
  TimeUs request_ts = 0;          // the request's first byte, as captured
  std::string method;
  std::string path;               // the request target without its query
  std::vector<std::uint8_t> response;
};

/// The answer picked for a request: which recorded exchange, and the bytes to send.
struct ResponderAnswer {
  std::size_t index = 0;          // into Exchanges()
  const RecordedExchange* exchange = nullptr;
};

class RecordedExchangeBook {
 public:
  /// One Ethernet II frame as the capture holds it; frames that are not IPv4 TCP are ignored.
  void AddFrame(TimeUs ts, const std::uint8_t* frame, std::size_t length);
  /// The record ends (the host is moved): open streams are parsed as far as they were captured.
  void Seal();
  bool Sealed() const { return m_sealed; }

  /// The next recorded exchange with this method and path after the last answer (wrapping), or
  /// nullopt when the record holds none or is not sealed yet.
  std::optional<ResponderAnswer> Answer(const std::string& method, const std::string& path);

  const std::vector<RecordedExchange>& Exchanges() const { return m_exchanges; }
  std::uint64_t StreamsWithoutSyn() const { return m_streamsWithoutSyn; }

 private:
  struct Half {
    bool isn_known = false;
    std::uint32_t isn = 0;
    TimeUs first_data_ts = 0;
    std::map<std::uint32_t, std::vector<std::uint8_t>> data;  // by offset from the ISN + 1
    bool fin = false;
  };
  struct Stream {
    Half client, server;
  };
  using Key = std::pair<std::pair<Ipv4, std::uint16_t>, std::pair<Ipv4, std::uint16_t>>;  // client, server

  void AddSegment(TimeUs ts, const Key& key, bool fromClient, std::uint8_t flags, std::uint32_t seq,
                  const std::uint8_t* payload, std::size_t length);
  void Close(const Key& key);

  std::map<Key, Stream> m_open;
  std::vector<RecordedExchange> m_exchanges;
  std::size_t m_cursor = 0;  // one past the last answer
  bool m_sealed = false;
  std::uint64_t m_streamsWithoutSyn = 0;
};

/// A recorded HTTP response with its body's length multiplied by `scale` (at least one byte): the
/// body's bytes repeated or cut, Content-Length rewritten. A response without Content-Length, or
/// scale 1, is returned unchanged.
std::vector<std::uint8_t> ScaleResponseBody(const std::vector<std::uint8_t>& response, double scale);

}  // namespace ntlab::responder
