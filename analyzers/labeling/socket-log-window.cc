#include "analyzers/labeling/socket-log-window.h"

#include <algorithm>

namespace ntlab {

std::size_t SocketLogWindow::SocketHash::operator()(const IndexedSocket& s) const {
  std::uint64_t h = std::uint64_t(s.local_ip.Fold32()) << 32 | std::uint64_t(s.local_port) << 16 |
                    std::uint64_t(static_cast<std::uint8_t>(s.proto)) << 8 | static_cast<std::uint8_t>(s.state);
  h ^= (std::uint64_t(s.pid) << 32 | s.process) * 0x9e3779b97f4a7c15ULL;
  if (s.has_remote) h ^= (std::uint64_t(s.remote.ip.Fold32()) << 16 | s.remote.port) * 0xc2b2ae3d27d4eb4fULL;
  return std::size_t(h ^ (h >> 29));
}

SocketLogWindow::SocketLogWindow(const std::string& path, Hooks hooks)
    : m_path(path), m_reader(path), m_hooks(std::move(hooks)) {}

bool SocketLogWindow::ReadRow() {
  if (!m_reader.Next(m_row)) return false;
  Add(m_row);
  return true;
}

std::uint64_t SocketLogWindow::PollsStarted(HostId host) const {
  if (host >= m_hosts.size() || !m_hosts[host].started) return 0;
  return std::uint64_t(m_hosts[host].poll) + 1;
}

void SocketLogWindow::BeginPoll(HostId host, HostState& st, TimeUs ts) {
  if (st.started) CloseMissing(host, st);
  st.poll = st.started ? st.poll + 1 : 0;
  st.previous_ts = st.ts;
  st.ts = ts;
  st.started = true;
  if (m_hooks.new_poll) m_hooks.new_poll(host, ts);
}

void SocketLogWindow::Add(const SocketRow& row) {
  HostId host = m_hooks.host(row.host);
  if (host >= m_hosts.size()) m_hosts.resize(host + 1);
  HostState& st = m_hosts[host];
  if (!st.started || row.ts > st.ts) {
    BeginPoll(host, st, row.ts);
  } else if (row.ts < st.ts) {
    throw InputError(m_path + ":" + std::to_string(m_reader.Line()) + ": column 'ts': " + FormatTs(row.ts) +
                     " is before the previous poll of host '" + row.host + "' (" + FormatTs(st.ts) +
                     "); each host's rows must be in time order");
  }
  IndexedSocket s;
  s.local_ip = row.local_ip;
  s.local_port = row.local_port;
  s.proto = row.proto;
  s.state = row.state;
  s.pid = row.pid;
  s.process = m_hooks.process(row.process);
  if (row.remote) {
    s.remote = *row.remote;
    s.has_remote = true;
  }
  auto& open = st.open[s];
  SocketSlice& slice = st.slices[SocketIndex::SliceKey(s.proto, s.local_port)];
  for (std::uint64_t seq : open) {
    SocketInterval& interval = slice.intervals[slice.IndexOf(seq)];
    if (interval.last_poll + 1 == st.poll) {  // seen in the previous poll: still the same socket
      interval.last_poll = st.poll;
      return;
    }
  }
  slice.intervals.push_back(SocketInterval{s, st.poll, st.poll});
  slice.seqs.push_back(st.next_seq);
  slice.open.push_back(1);
  ++slice.open_count;
  open.push_back(st.next_seq++);
  if (m_hooks.created) m_hooks.created(host, s);
}

// Called when a new poll starts: intervals the finished poll did not see are closed for good.
void SocketLogWindow::CloseMissing(HostId host, HostState& st) {
  for (auto it = st.open.begin(); it != st.open.end();) {
    SocketSlice& slice = st.slices[SocketIndex::SliceKey(it->first.proto, it->first.local_port)];
    auto& list = it->second;
    auto stillOpen = [&](std::uint64_t seq) {
      std::size_t i = slice.IndexOf(seq);
      if (slice.intervals[i].last_poll == st.poll) return true;
      slice.open[i] = 0;
      slice.last_end_ts = st.previous_ts;  // it was last seen in the poll before the finished one
      if (--slice.open_count == 0 && m_hooks.slice_quiet)
        m_hooks.slice_quiet(host, SocketIndex::SliceKey(it->first.proto, it->first.local_port), st.previous_ts);
      return false;
    };
    list.erase(std::remove_if(list.begin(), list.end(), [&](std::uint64_t seq) { return !stillOpen(seq); }),
               list.end());
    it = list.empty() ? st.open.erase(it) : std::next(it);
  }
}

SocketSlice* SocketLogWindow::Find(HostId host, std::uint32_t sliceKey) {
  if (host >= m_hosts.size()) return nullptr;
  auto it = m_hosts[host].slices.find(sliceKey);
  return it == m_hosts[host].slices.end() ? nullptr : &it->second;
}

void SocketLogWindow::Erase(HostId host, std::uint32_t sliceKey) {
  if (host < m_hosts.size()) m_hosts[host].slices.erase(sliceKey);
}

void SocketLogWindow::Evict(HostId host, std::uint32_t belowPoll) {
  if (host >= m_hosts.size()) return;
  auto& slices = m_hosts[host].slices;
  for (auto it = slices.begin(); it != slices.end();) {
    SocketSlice& s = it->second;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < s.intervals.size(); ++i) {
      if (!s.open[i] && s.intervals[i].last_poll < belowPoll) continue;
      s.intervals[kept] = s.intervals[i];
      s.seqs[kept] = s.seqs[i];
      s.open[kept] = s.open[i];
      ++kept;
    }
    s.intervals.resize(kept);
    s.seqs.resize(kept);
    s.open.resize(kept);
    it = kept == 0 ? slices.erase(it) : std::next(it);
  }
}

void SocketLogWindow::ForEachSlice(const std::function<void(HostId, std::uint32_t, SocketSlice&)>& f) {
  for (HostId host = 0; host < m_hosts.size(); ++host)
    for (auto& [key, slice] : m_hosts[host].slices) f(host, key, slice);
}

std::size_t SocketLogWindow::IntervalsHeld() const {
  std::size_t n = 0;
  for (const auto& h : m_hosts)
    for (const auto& [key, slice] : h.slices) n += slice.intervals.size();
  return n;
}

}  // namespace ntlab
