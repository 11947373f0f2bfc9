// Puts IPv4 fragments back together (RFC 791 §3.2, keyed by source, destination, protocol and
// identification as RFC 815 suggests), so that a datagram cut in pieces counts with all its bytes
// and its transport header is read once. Bounded: at most `max_datagrams` incomplete datagrams at
// once (the oldest is dropped for a new one), each at most 65535 bytes, and a datagram whose
// fragments have not all arrived `timeout` after its first is dropped (Linux's ipfrag_time is
// 30 s). Dropped datagrams are counted, never fatal. Fragments that overlap are written in
// arrival order (the later bytes win), as a monitor cannot know which copy the host kept.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace ntlab {

struct ReassemblyStats {
  std::uint64_t reassembled = 0;         // datagrams put back together
  std::uint64_t dropped_timeout = 0;     // incomplete after the timeout
  std::uint64_t dropped_overflow = 0;    // pushed out by newer ones at max_datagrams
  std::uint64_t dropped_oversize = 0;    // fragments reaching past 65535 bytes
};

class Ipv4Reassembler {
 public:
  explicit Ipv4Reassembler(std::size_t maxDatagrams = 1024, TimeUs timeout = 30 * kUsPerSecond)
      : m_maxDatagrams(maxDatagrams), m_timeout(timeout) {}

  /// Adds the fragment whose IPv4 header starts at `ip` (`size` bytes captured, no more than its
  /// total length). When it completes a datagram, returns true and fills `datagram` with the whole
  /// IPv4 datagram: the first fragment's header, fragment fields cleared, total length set.
  bool Add(TimeUs ts, const std::uint8_t* ip, std::size_t size, std::vector<std::uint8_t>& datagram);
  /// Drops (and counts) what is still incomplete: the end of a capture group.
  void Flush();
  const ReassemblyStats& Stats() const { return m_stats; }

 private:
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::uint8_t, std::uint16_t>;
  struct Pending {
    TimeUs first_ts = 0;
    std::vector<std::uint8_t> header;   // the first fragment's, once seen
    std::vector<std::uint8_t> payload;  // bytes at their offsets
    std::vector<std::pair<std::size_t, std::size_t>> ranges;  // filled [begin, end), sorted, merged
    std::size_t total = 0;              // payload length, once the last fragment is seen (0: not yet)
  };
  void Expire(TimeUs now);
  static void AddRange(Pending& p, std::size_t begin, std::size_t end);

  std::size_t m_maxDatagrams;
  TimeUs m_timeout;
  std::map<Key, Pending> m_pending;
  ReassemblyStats m_stats;
};

}  // namespace ntlab
