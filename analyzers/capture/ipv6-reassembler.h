// Puts IPv6 fragments back together (RFC 8200 §4.5: keyed by source, destination and the
// fragment header's identification), beside Ipv4Reassembler and bounded the same way
// (FragmentTable): at most `max_datagrams` incomplete datagrams, a fragmentable part of at most
// 65535 bytes, dropped `timeout` after the first fragment (RFC 8200 says 60 s).
//
// The datagram handed on is the first fragment's fixed header followed by the fragmentable part:
// the extension headers before the fragment header (hop-by-hop, routing) are left out, since no
// analyzer reads them, and the fixed header's next header becomes the fragment header's.
#pragma once

#include "analyzers/capture/fragment-table.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

namespace ntlab {

class Ipv6Reassembler {
 public:
  explicit Ipv6Reassembler(std::size_t maxDatagrams = 1024, TimeUs timeout = 60 * kUsPerSecond)
      : m_table(maxDatagrams, timeout) {}

  /// Adds the fragment whose IPv6 header starts at `ip` (`size` bytes: the whole packet, no more
  /// than its payload length says) and whose fragment header is at `fragmentHeader` bytes from it
  /// (FindIpv6Payload found it). When it completes a datagram, returns true and fills `datagram`.
  bool Add(TimeUs ts, const std::uint8_t* ip, std::size_t size, std::size_t fragmentHeader,
           std::vector<std::uint8_t>& datagram);
  void Flush() { m_table.Flush(); }
  const ReassemblyStats& Stats() const { return m_table.Stats(); }

 private:
  using Address = std::array<std::uint8_t, 16>;
  using Key = std::tuple<Address, Address, std::uint32_t>;
  FragmentTable<Key> m_table;
};

}  // namespace ntlab
