// Puts IPv4 fragments back together (RFC 791 §3.2, keyed by source, destination, protocol and
// identification as RFC 815 suggests), so that a datagram cut in pieces counts with all its bytes
// and its transport header is read once. Bounded as FragmentTable is: at most `max_datagrams`
// incomplete datagrams, each at most 65535 bytes, dropped `timeout` after their first fragment
// (Linux's ipfrag_time is 30 s).
#pragma once

#include "analyzers/capture/fragment-table.h"

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

namespace ntlab {

class Ipv4Reassembler {
 public:
  explicit Ipv4Reassembler(std::size_t maxDatagrams = 1024, TimeUs timeout = 30 * kUsPerSecond)
      : m_table(maxDatagrams, timeout) {}

  /// Adds the fragment whose IPv4 header starts at `ip` (`size` bytes captured, no more than its
  /// total length). When it completes a datagram, returns true and fills `datagram` with the whole
  /// IPv4 datagram: the first fragment's header, fragment fields cleared, total length set.
  bool Add(TimeUs ts, const std::uint8_t* ip, std::size_t size, std::vector<std::uint8_t>& datagram);
  /// Drops (and counts) what is still incomplete: the end of a capture group.
  void Flush() { m_table.Flush(); }
  const ReassemblyStats& Stats() const { return m_table.Stats(); }

 private:
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::uint8_t, std::uint16_t>;
  FragmentTable<Key> m_table;
};

}  // namespace ntlab
