// The snapshot-form socket log read row by row and merged into intervals as SocketIndex::Load
// merges it (a row equal to one of the host's previous poll extends that interval; a row missing
// from a poll ends it), but holding only the intervals its owner has not released: the streamed
// socket index (SocketIndex::OpenStreamed) keeps the ones open or within its lookbehind, so memory
// follows open sockets, not the length of the log.
//
// Intervals are kept per (proto, local port) slice in creation order, which is (first poll, log
// order): the order SocketIndex::VisitSockets promises.
#pragma once

#include "analyzers/labeling/socket-index.h"

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ntlab {

class SocketLogWindow {
 public:
  struct Hooks {
    std::function<HostId(const std::string&)> host;          // id of a row's host name
    std::function<ProcessId(const std::string&)> process;    // id of a row's process name
    std::function<void(HostId, TimeUs)> new_poll;             // optional: a host's next poll begins
    std::function<void(HostId, const IndexedSocket&)> created;  // optional: a new interval
    /// Optional: the last open interval of a slice has closed (`endTs`: the poll that last saw it).
    std::function<void(HostId, std::uint32_t sliceKey, TimeUs endTs)> slice_quiet;
  };

  /// Throws InputError if the file cannot be read.
  SocketLogWindow(const std::string& path, Hooks hooks);

  /// Reads and merges one row; false at the end of the log. Throws InputError on a bad row.
  bool ReadRow();
  /// Polls of `host` begun so far (its current poll is complete once the next one has begun).
  std::uint64_t PollsStarted(HostId host) const;

  SocketSlice* Find(HostId host, std::uint32_t sliceKey);
  void Erase(HostId host, std::uint32_t sliceKey);
  /// Drops the closed intervals of `host` whose last poll is before `belowPoll`.
  void Evict(HostId host, std::uint32_t belowPoll);
  /// Calls `f(host, sliceKey, slice)` for every slice held.
  void ForEachSlice(const std::function<void(HostId, std::uint32_t, SocketSlice&)>& f);
  /// Intervals held now, all hosts (memory check, tests).
  std::size_t IntervalsHeld() const;

 private:
  struct SocketHash {
    std::size_t operator()(const IndexedSocket& s) const;
  };
  struct HostState {
    bool started = false;
    TimeUs ts = 0;          // current poll
    TimeUs previous_ts = 0; // the poll before it
    std::uint32_t poll = 0;
    std::uint64_t next_seq = 0;
    // Row content -> creation numbers of its intervals still open.
    std::unordered_map<IndexedSocket, std::vector<std::uint64_t>, SocketHash> open;
    std::unordered_map<std::uint32_t, SocketSlice> slices;
  };

  void Add(const SocketRow& row);
  void BeginPoll(HostId host, HostState& st, TimeUs ts);
  void CloseMissing(HostId host, HostState& st);

  std::string m_path;
  SocketLogReader m_reader;
  Hooks m_hooks;
  std::vector<HostState> m_hosts;
  SocketRow m_row;
};

}  // namespace ntlab
