// The bookkeeping IPv4 and IPv6 reassembly share: the datagrams whose fragments are still
// arriving, keyed as each protocol says (RFC 791 §3.2, RFC 8200 §4.5), their bytes at their
// offsets and the ranges filled so far. Bounded: at most `max_datagrams` at once (the oldest is
// dropped for a new one), and a datagram whose fragments have not all arrived `timeout` after its
// first is dropped. Dropped datagrams are counted, never fatal. Overlapping fragments are written
// in arrival order (the later bytes win), as a monitor cannot know which copy the host kept.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <utility>
#include <vector>

namespace ntlab {

struct ReassemblyStats {
  std::uint64_t reassembled = 0;         // datagrams put back together
  std::uint64_t dropped_timeout = 0;     // incomplete after the timeout
  std::uint64_t dropped_overflow = 0;    // pushed out by newer ones at max_datagrams
  std::uint64_t dropped_oversize = 0;    // fragments reaching past 65535 bytes
};

template <typename Key>
class FragmentTable {
 public:
  struct Pending {
    TimeUs first_ts = 0;
    std::vector<std::uint8_t> header;   // the first fragment's, once seen
    std::vector<std::uint8_t> payload;  // bytes at their offsets
    std::vector<std::pair<std::size_t, std::size_t>> ranges;  // filled [begin, end), sorted, merged
    std::size_t total = 0;              // payload length, once the last fragment is seen (0: not yet)

    bool Whole() const {
      return total > 0 && !header.empty() && ranges.size() == 1 && ranges[0].first == 0 && ranges[0].second >= total;
    }
  };

  FragmentTable(std::size_t maxDatagrams, TimeUs timeout) : m_maxDatagrams(maxDatagrams), m_timeout(timeout) {}

  /// The pending datagram `key`, opened at `ts` if new; drops what has timed out first.
  Pending& Open(TimeUs ts, const Key& key) {
    Expire(ts);
    auto it = m_pending.find(key);
    if (it != m_pending.end()) return it->second;
    if (m_pending.size() >= m_maxDatagrams) {  // make room: drop the oldest
      auto oldest = std::min_element(m_pending.begin(), m_pending.end(), [](const auto& a, const auto& b) {
        return a.second.first_ts < b.second.first_ts;
      });
      m_pending.erase(oldest);
      ++m_stats.dropped_overflow;
    }
    Pending& p = m_pending[key];
    p.first_ts = ts;
    return p;
  }

  /// A fragment reaching past the largest datagram: the whole datagram is dropped.
  void DropOversize(TimeUs ts, const Key& key) {
    Expire(ts);
    ++m_stats.dropped_oversize;
    m_pending.erase(key);
  }

  /// Copies `length` payload bytes to `offset`; `more` is the fragment's more-fragments flag.
  static void AddBytes(Pending& p, std::size_t offset, const std::uint8_t* data, std::size_t length, bool more) {
    if (!more) p.total = offset + length;
    if (p.payload.size() < offset + length) p.payload.resize(offset + length);
    if (length > 0) std::memcpy(p.payload.data() + offset, data, length);
    AddRange(p, offset, offset + length);
  }

  /// The datagram `key` was handed on: forget it and count it.
  void Complete(const Key& key) {
    m_pending.erase(key);
    ++m_stats.reassembled;
  }

  /// Drops (and counts) what is still incomplete: the end of a capture group.
  void Flush() {
    m_stats.dropped_timeout += m_pending.size();
    m_pending.clear();
  }
  const ReassemblyStats& Stats() const { return m_stats; }

 private:
  static void AddRange(Pending& p, std::size_t begin, std::size_t end) {
    auto first = std::lower_bound(p.ranges.begin(), p.ranges.end(), begin,
                                  [](const auto& r, std::size_t b) { return r.second < b; });
    auto last = std::upper_bound(first, p.ranges.end(), end, [](std::size_t e, const auto& r) { return e < r.first; });
    if (first == last) {
      p.ranges.insert(first, {begin, end});
      return;
    }
    first->first = std::min(first->first, begin);
    first->second = std::max((last - 1)->second, end);
    p.ranges.erase(first + 1, last);
  }

  void Expire(TimeUs now) {
    for (auto it = m_pending.begin(); it != m_pending.end();) {
      if (now - it->second.first_ts > m_timeout) {
        ++m_stats.dropped_timeout;
        it = m_pending.erase(it);
      } else {
        ++it;
      }
    }
  }

  std::size_t m_maxDatagrams;
  TimeUs m_timeout;
  std::map<Key, Pending> m_pending;
  ReassemblyStats m_stats;
};

}  // namespace ntlab
