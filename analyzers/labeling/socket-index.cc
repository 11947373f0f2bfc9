#include "analyzers/labeling/socket-index.h"

#include "analyzers/labeling/socket-log-window.h"

#include <algorithm>
#include <deque>
#include <fstream>
#include <limits>
#include <tuple>

namespace ntlab {
namespace {

// 127.0.0.0/8 and ::1: every host has them, so they name no host.
bool IsLoopback(const IpAddress& ip) {
  static const IpAddress kIpv6Loopback = *IpAddress::Parse("::1");
  return ip.IsV4() ? (ip.V4() >> 24) == 127 : ip == kIpv6Loopback;
}

constexpr std::uint64_t kMaxPolls = std::numeric_limits<std::uint32_t>::max();

struct SocketHash {
  std::size_t operator()(const IndexedSocket& s) const {
    std::uint64_t h = std::uint64_t(s.local_ip.Fold32()) << 32 | std::uint64_t(s.local_port) << 16 |
                      std::uint64_t(static_cast<std::uint8_t>(s.proto)) << 8 | static_cast<std::uint8_t>(s.state);
    h ^= (std::uint64_t(s.pid) << 32 | s.process) * 0x9e3779b97f4a7c15ULL;
    if (s.has_remote) h ^= (std::uint64_t(s.remote.ip.Fold32()) << 16 | s.remote.port) * 0xc2b2ae3d27d4eb4fULL;
    return std::size_t(h ^ (h >> 29));
  }
};


}  // namespace

class SocketIndex::Builder {
 public:
  HostId HostFor(const std::string& name) {
    auto [it, inserted] = m_index.m_hostByName.try_emplace(name, HostId(m_index.m_hosts.size()));
    if (inserted) {
      m_index.m_hosts.emplace_back();
      m_index.m_hosts.back().name = name;
    }
    return it->second;
  }

  HostSockets& Host(HostId host) { return m_index.m_hosts[host]; }

  IndexedSocket Socket(Proto proto, IpAddress localIp, std::uint16_t localPort, const std::optional<Endpoint>& remote,
                       SocketState state, std::uint32_t pid, const std::string& process) {
    IndexedSocket s;
    s.local_ip = localIp;
    s.local_port = localPort;
    s.proto = proto;
    s.state = state;
    s.pid = pid;
    s.process = Intern(process);
    if (remote) {
      s.remote = *remote;
      s.has_remote = true;
    }
    return s;
  }

  /// Appends an interval in log order; returns its position (until Finish sorts).
  std::uint32_t AddInterval(HostId host, const IndexedSocket& s, std::uint32_t firstPoll, std::uint32_t lastPoll) {
    auto& intervals = Host(host).intervals;
    intervals.push_back(SocketInterval{s, firstPoll, lastPoll});
    NoteOwner(host, s.local_ip);
    return std::uint32_t(intervals.size() - 1);
  }

  /// A socket of `host` bound to `ip`: the ip is the host's unless another host has it too.
  void NoteOwner(HostId host, IpAddress ip) {
    if (ip.IsUnspecified() || IsLoopback(ip)) return;
    auto [it, inserted] = m_ipOwner.try_emplace(ip, host);
    if (!inserted && it->second != host) m_ambiguous.insert(ip);
  }

  // try_emplace here and in HostFor and NoteOwner: every row asks, and emplace would build (and
  // free) a node for a key already there.
  ProcessId Intern(const std::string& name) {
    auto [it, inserted] = m_processIds.try_emplace(name, ProcessId(m_index.m_processNames.size()));
    if (inserted) m_index.m_processNames.push_back(name);
    return it->second;
  }
  const std::unordered_map<std::string, ProcessId>& ProcessIds() const { return m_processIds; }
  const SocketIndex& Index() const { return m_index; }

  /// One more poll of a host, later than all before; extends the last run when the step repeats.
  void AppendPoll(HostId host, TimeUs ts) {
    HostSockets& h = Host(host);
    CheckRoom(h, 1);
    if (!h.runs.empty()) {
      PollRun& last = h.runs.back();
      TimeUs gap = ts - last.LastTs();
      if (last.count == 1 && gap <= TimeUs(kMaxPolls)) {
        last.step = std::uint32_t(gap);
        last.count = 2;
        ++h.poll_count;
        return;
      }
      if (last.count >= 2 && gap == TimeUs(last.step)) {
        ++last.count;
        ++h.poll_count;
        return;
      }
    }
    h.runs.push_back(PollRun{ts, std::uint32_t(h.poll_count), 0, 1});
    ++h.poll_count;
  }

  /// `count` polls at first + k*step, all later than the host's earlier polls. Gives the same
  /// runs as appending them one by one, so both log forms build identical schedules.
  void AppendPolls(HostId host, TimeUs first, TimeUs step, std::uint64_t count) {
    HostSockets& h = Host(host);
    CheckRoom(h, count);
    // Steps only between polls: the time after the last one may lie beyond any time (found by the
    // polls fuzz campaign with a single poll and a step of 2^63-1 us).
    for (; count > 0; --count, first += count > 0 ? step : 0) {
      if (!h.runs.empty()) {
        PollRun& last = h.runs.back();
        if (last.count >= 2 && TimeUs(last.step) == step && first - last.LastTs() == step) {
          last.count += std::uint32_t(count);
          h.poll_count += count;
          return;
        }
      }
      AppendPoll(host, first);
    }
  }

  SocketIndex Finish(const std::map<std::string, std::vector<IpAddress>>& explicitHostIps) {
    for (auto& h : m_index.m_hosts) {
      std::stable_sort(h.intervals.begin(), h.intervals.end(), [](const SocketInterval& x, const SocketInterval& y) {
        if (x.socket.proto != y.socket.proto) return x.socket.proto < y.socket.proto;
        if (x.socket.local_port != y.socket.local_port) return x.socket.local_port < y.socket.local_port;
        return x.first_poll < y.first_poll;
      });
      h.intervals.shrink_to_fit();
      BuildTrees(h);
      // The latest interval names the pid (on a tie, the later one in index order).
      std::unordered_map<std::uint32_t, std::uint32_t> lastPoll;
      for (const SocketInterval& i : h.intervals) {
        if (i.socket.pid == 0) continue;
        auto [it, inserted] = lastPoll.emplace(i.socket.pid, i.last_poll);
        if (inserted || i.last_poll >= it->second) {
          it->second = i.last_poll;
          h.pid_names[i.socket.pid] = i.socket.process;
        }
      }
    }
    for (const auto& [ip, host] : m_ipOwner)
      if (!m_ambiguous.count(ip)) m_index.m_hostByIp[ip] = host;
    for (const auto& [name, ips] : explicitHostIps) {
      HostId host = HostFor(name);
      for (IpAddress ip : ips) m_index.m_hostByIp[ip] = host;
    }
    for (const auto& [ip, host] : m_index.m_hostByIp) m_index.m_hosts[host].ips.push_back(ip);
    for (auto& h : m_index.m_hosts) std::sort(h.ips.begin(), h.ips.end());
    return std::move(m_index);
  }

 private:
  static void CheckRoom(const HostSockets& h, std::uint64_t more) {
    if (more > kMaxPolls - h.poll_count)
      throw InputError("host '" + h.name + "': more than " + std::to_string(kMaxPolls) + " polls");
  }

  // Per (proto, port) slice: subtree_last[x] = the largest last_poll in the subtree of node x of
  // the implicit tree over the slice (cgranges layout). A subtree cut off by the slice end only
  // counts its positions inside the slice.
  static void BuildTrees(HostSockets& h) {
    h.subtree_last.assign(h.intervals.size(), 0);
    h.subtree_last.shrink_to_fit();
    h.slice_keys.clear();
    h.slice_begin.clear();
    std::size_t begin = 0;
    while (begin < h.intervals.size()) {
      const IndexedSocket& key = h.intervals[begin].socket;
      std::size_t end = begin;
      while (end < h.intervals.size() && h.intervals[end].socket.proto == key.proto &&
             h.intervals[end].socket.local_port == key.local_port)
        ++end;
      h.slice_keys.push_back(SliceKey(key.proto, key.local_port));
      h.slice_begin.push_back(std::uint32_t(begin));
      const SocketInterval* a = h.intervals.data() + begin;
      std::uint32_t* m = h.subtree_last.data() + begin;
      std::size_t n = end - begin;
      for (std::size_t i = 0; i < n; ++i) m[i] = a[i].last_poll;
      auto clipped = [&](std::size_t y, int k) -> std::uint32_t {
        while (y >= n) {
          if (k == 0) return 0;
          y -= std::size_t(1) << (k - 1);
          --k;
        }
        return m[y];
      };
      for (int k = 1; (std::size_t(1) << k) <= n; ++k) {
        std::size_t x = std::size_t(1) << (k - 1);
        for (std::size_t i = (x << 1) - 1; i < n; i += x << 2)
          m[i] = std::max({a[i].last_poll, m[i - x], clipped(i + x, k - 1)});
      }
      begin = end;
    }
  }

  SocketIndex m_index;
  std::unordered_map<std::string, ProcessId> m_processIds;
  std::unordered_map<IpAddress, HostId> m_ipOwner;
  std::unordered_set<IpAddress> m_ambiguous;
};

// Turns snapshot-form rows (one per socket per poll) into intervals while streaming: a row equal
// to one of the host's previous poll extends that interval; a row missing from a poll ends it.
class SocketIndex::SnapshotMerger {
 public:
  explicit SnapshotMerger(Builder& builder) : m_builder(builder) {}

  /// `source` and `line` name the row for errors.
  void Add(const SocketRow& row, const std::string& source, std::size_t line) {
    HostId host = m_builder.HostFor(row.host);
    if (host >= m_hosts.size()) m_hosts.resize(host + 1);
    HostState& st = m_hosts[host];
    if (!st.started || row.ts > st.ts) {
      if (st.started) CloseMissing(st);
      m_builder.AppendPoll(host, row.ts);
      st.poll = std::uint32_t(m_builder.Host(host).poll_count - 1);
      st.ts = row.ts;
      st.started = true;
    } else if (row.ts < st.ts) {
      throw InputError(source + ":" + std::to_string(line) + ": column 'ts': " + FormatTs(row.ts) + " is before the previous poll of host '" +
                       row.host + "' (" + FormatTs(st.ts) + "); each host's rows must be in time order");
    }
    IndexedSocket s = m_builder.Socket(row.proto, row.local_ip, row.local_port, row.remote, row.state, row.pid,
                                       row.process);
    auto& open = st.open[s];
    auto& intervals = m_builder.Host(host).intervals;
    for (std::uint32_t i : open) {
      if (intervals[i].last_poll + 1 == st.poll) {  // seen in the previous poll: still the same socket
        intervals[i].last_poll = st.poll;
        return;
      }
    }
    open.push_back(m_builder.AddInterval(host, s, st.poll, st.poll));
  }

 private:
  struct HostState {
    bool started = false;
    TimeUs ts = 0;
    std::uint32_t poll = 0;
    // Row content -> its intervals still open (several when identical rows share a poll).
    std::unordered_map<IndexedSocket, std::vector<std::uint32_t>, SocketHash> open;
  };

  // Called when a new poll starts: intervals the finished poll did not see are closed for good.
  void CloseMissing(HostState& st) {
    const auto& intervals = m_builder.Host(HostId(&st - m_hosts.data())).intervals;
    for (auto it = st.open.begin(); it != st.open.end();) {
      auto& list = it->second;
      list.erase(std::remove_if(list.begin(), list.end(),
                                [&](std::uint32_t i) { return intervals[i].last_poll != st.poll; }),
                 list.end());
      it = list.empty() ? st.open.erase(it) : std::next(it);
    }
  }

  Builder& m_builder;
  std::vector<HostState> m_hosts;
};

namespace {

// Shared by Load and FromIntervals: maps an interval row onto its host's polls.
template <typename Where>
std::uint32_t PollIndexOrThrow(std::size_t index, const std::string& column, TimeUs ts, const std::string& host,
                               const std::string& pollsName, Where where) {
  if (index != SocketIndex::npos) return std::uint32_t(index);
  throw InputError(where() + ": column '" + column + "': " + FormatTs(ts) + " is not a poll of host '" + host +
                   "' in " + pollsName);
}

}  // namespace

SocketIndex SocketIndex::Load(const std::string& path, const std::map<std::string, std::vector<IpAddress>>& explicitHostIps,
                              const std::string& pollsPath) {
  Builder builder;
  if (DetectSocketLogForm(path) == SocketLogForm::Snapshot) {
    SnapshotMerger merger(builder);
    SocketLogReader reader(path);
    SocketRow row;
    while (reader.Next(row)) merger.Add(row, path, reader.Line());
    return builder.Finish(explicitHostIps);
  }

  std::string polls = pollsPath.empty() ? PollRunPathFor(path) : pollsPath;
  if (!std::ifstream(polls))
    throw InputError(path + ": the socket log is in interval form (first_ts,last_ts,...) and needs its poll "
                     "schedule, but " + polls + " cannot be opened (pass it with --socket-polls)");
  {
    std::map<std::string, TimeUs> lastTs;
    PollRunReader reader(polls);
    PollRunRow run;
    while (reader.Next(run)) {
      auto [it, inserted] = lastTs.emplace(run.host, run.first_ts);
      if (!inserted && run.first_ts <= it->second)
        throw InputError(polls + ":" + std::to_string(reader.Line()) + ": column 'first_ts': " +
                         FormatTs(run.first_ts) + " is not after the previous poll of host '" + run.host + "'");
      it->second = run.first_ts + run.interval_us * TimeUs(run.polls - 1);
      builder.AppendPolls(builder.HostFor(run.host), run.first_ts, run.interval_us, run.polls);
    }
  }
  SocketIntervalReader reader(path);
  SocketIntervalRow row;
  while (reader.Next(row)) {
    HostId host = builder.HostFor(row.host);
    auto where = [&] { return path + ":" + std::to_string(reader.Line()); };
    const HostSockets& h = builder.Host(host);
    std::uint32_t first = PollIndexOrThrow(PollIndexOf(h, row.first_ts), "first_ts", row.first_ts, row.host, polls, where);
    std::uint32_t last = PollIndexOrThrow(PollIndexOf(h, row.last_ts), "last_ts", row.last_ts, row.host, polls, where);
    builder.AddInterval(host, builder.Socket(row.proto, row.local_ip, row.local_port, row.remote, row.state, row.pid,
                                             row.process),
                        first, last);
  }
  return builder.Finish(explicitHostIps);
}

SocketIndex SocketIndex::FromRows(const std::vector<SocketRow>& rows,
                                  const std::map<std::string, std::vector<IpAddress>>& explicitHostIps) {
  std::vector<const SocketRow*> sorted;
  sorted.reserve(rows.size());
  for (const auto& row : rows) sorted.push_back(&row);
  std::stable_sort(sorted.begin(), sorted.end(), [](const SocketRow* a, const SocketRow* b) { return a->ts < b->ts; });
  Builder builder;
  SnapshotMerger merger(builder);
  for (const SocketRow* row : sorted) merger.Add(*row, "socket row", std::size_t(row - rows.data()));
  return builder.Finish(explicitHostIps);
}

SocketIndex SocketIndex::FromIntervals(const std::vector<SocketIntervalRow>& intervals,
                                       const std::vector<PollRunRow>& polls,
                                       const std::map<std::string, std::vector<IpAddress>>& explicitHostIps) {
  Builder builder;
  std::map<std::string, TimeUs> lastTs;
  for (std::size_t i = 0; i < polls.size(); ++i) {
    const PollRunRow& run = polls[i];
    auto [it, inserted] = lastTs.emplace(run.host, run.first_ts);
    if (run.polls == 0 || (run.interval_us <= 0 && run.polls > 1) || (!inserted && run.first_ts <= it->second))
      throw InputError("poll run " + std::to_string(i) + " of host '" + run.host + "' is empty or out of order");
    it->second = run.first_ts + run.interval_us * TimeUs(run.polls - 1);
    builder.AppendPolls(builder.HostFor(run.host), run.first_ts, run.interval_us, run.polls);
  }
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const SocketIntervalRow& row = intervals[i];
    HostId host = builder.HostFor(row.host);
    auto where = [&] { return "socket interval " + std::to_string(i); };
    const HostSockets& h = builder.Host(host);
    std::uint32_t first = PollIndexOrThrow(PollIndexOf(h, row.first_ts), "first_ts", row.first_ts, row.host, "the poll runs", where);
    std::uint32_t last = PollIndexOrThrow(PollIndexOf(h, row.last_ts), "last_ts", row.last_ts, row.host, "the poll runs", where);
    if (last < first) throw InputError(where() + ": last_ts is before first_ts");
    builder.AddInterval(host, builder.Socket(row.proto, row.local_ip, row.local_port, row.remote, row.state, row.pid,
                                             row.process),
                        first, last);
  }
  return builder.Finish(explicitHostIps);
}

// The first pass of a streamed log: everything that needs the whole log, holding only the
// intervals of (proto, port) slices that are not yet settled.
class SocketIndex::StreamFirstPass {
 public:
  StreamFirstPass(std::string path, const SocketStreamOptions& options) : m_path(std::move(path)), m_options(options) {}

  SocketIndex Run(const std::map<std::string, std::vector<IpAddress>>& explicitHostIps) {
    SocketLogWindow window(m_path, SocketLogWindow::Hooks{
        [&](const std::string& name) { return m_builder.HostFor(name); },
        [&](const std::string& name) { return m_builder.Intern(name); },
        [&](HostId host, TimeUs ts) {
          m_builder.AppendPoll(host, ts);
          FlushSettled(window, host, ts);
        },
        [&](HostId host, const IndexedSocket& s) {
          m_builder.NoteOwner(host, s.local_ip);
          ++m_intervals;
        },
        [&](HostId host, std::uint32_t key, TimeUs endTs) {
          if (host >= m_quiet.size()) m_quiet.resize(host + 1);
          m_quiet[host].push_back(Quiet{endTs + m_options.segment_gap, key});
        }});
    while (window.ReadRow()) {
    }
    std::vector<std::pair<HostId, std::uint32_t>> rest;
    window.ForEachSlice([&](HostId host, std::uint32_t key, SocketSlice&) { rest.emplace_back(host, key); });
    std::sort(rest.begin(), rest.end());
    for (const auto& [host, key] : rest) Flush(window, host, key);
    SocketIndex index = m_builder.Finish(explicitHostIps);
    for (const auto& [hostPid, latest] : m_latestName)
      index.m_hosts[hostPid.first].pid_names[hostPid.second] = latest.process;
    index.m_streamedIntervals = m_intervals;
    m_processIds = m_builder.ProcessIds();
    return index;
  }

  const std::unordered_map<std::string, ProcessId>& ProcessIds() const { return m_processIds; }

 private:
  struct Quiet {
    TimeUs deadline;  // the slice settles once a poll of its host is later than this
    std::uint32_t key;
  };
  // Load's rule: the latest interval names the pid, on a tie the later one in index order.
  struct Latest {
    std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::uint64_t> rank;  // last, slice, first, seq
    ProcessId process = 0;
  };

  // A new poll at `ts`: slices whose last socket closed more than segment_gap before it settle.
  void FlushSettled(SocketLogWindow& window, HostId host, TimeUs ts) {
    if (host >= m_quiet.size()) return;
    auto& quiet = m_quiet[host];
    while (!quiet.empty() && quiet.front().deadline < ts) {
      std::uint32_t key = quiet.front().key;
      quiet.pop_front();
      const SocketSlice* slice = window.Find(host, key);
      if (slice && slice->open_count == 0 && slice->last_end_ts + m_options.segment_gap < ts) Flush(window, host, key);
    }
  }

  void Flush(SocketLogWindow& window, HostId host, std::uint32_t key) {
    const SocketSlice& slice = *window.Find(host, key);
    if (m_options.segments) m_options.segments(m_builder.Index(), host, slice.intervals.data(), slice.intervals.size());
    for (std::size_t i = 0; i < slice.intervals.size(); ++i) {
      const SocketInterval& iv = slice.intervals[i];
      if (iv.socket.pid == 0) continue;
      Latest candidate{{iv.last_poll, key, iv.first_poll, slice.seqs[i]}, iv.socket.process};
      auto [it, inserted] = m_latestName.emplace(std::make_pair(host, iv.socket.pid), candidate);
      if (!inserted && candidate.rank > it->second.rank) it->second = candidate;
    }
    window.Erase(host, key);
  }

  std::string m_path;
  const SocketStreamOptions& m_options;
  Builder m_builder;
  std::vector<std::deque<Quiet>> m_quiet;
  std::map<std::pair<HostId, std::uint32_t>, Latest> m_latestName;
  std::unordered_map<std::string, ProcessId> m_processIds;
  std::size_t m_intervals = 0;
};

// The second pass: the log read again, as far as the questions go, holding a window.
struct SocketIndex::Stream {
  std::function<std::unique_ptr<SocketLogWindow>()> open;
  std::unique_ptr<SocketLogWindow> window;
  TimeUs lookbehind = 0;
  std::size_t polls_back = 0;
  std::vector<std::uint32_t> horizon;  // per host: closed intervals ending before it may be gone
  bool at_end = false;
  bool evicted = false;
  TimeUs evicted_at = 0;               // the question's time at the last eviction
  std::size_t held_max = 0;
  std::size_t rewinds = 0;

  void Restart(std::size_t hosts) {
    window = open();
    horizon.assign(hosts, 0);
    at_end = false;
    evicted = false;
  }
};

SocketIndex SocketIndex::OpenStreamed(const std::string& path,
                                      const std::map<std::string, std::vector<IpAddress>>& explicitHostIps,
                                      SocketStreamOptions options) {
  if (DetectSocketLogForm(path) != SocketLogForm::Snapshot)
    throw InputError(path + ": streaming the socket log needs the snapshot form (ts,...); the interval form is "
                     "read whole (its size already follows distinct sockets, not polls)");
  StreamFirstPass first(path, options);
  SocketIndex index = first.Run(explicitHostIps);
  auto hosts = std::make_shared<std::unordered_map<std::string, HostId>>(index.m_hostByName);
  auto processes = std::make_shared<std::unordered_map<std::string, ProcessId>>(first.ProcessIds());
  index.m_stream = std::make_unique<Stream>();
  index.m_stream->lookbehind = options.lookbehind;
  index.m_stream->polls_back = options.polls_back;
  index.m_stream->open = [path, hosts, processes] {
    auto lookup = [path](const auto& map, const std::string& name) {
      auto it = map.find(name);
      if (it == map.end()) throw InputError(path + ": '" + name + "' was not in the log's first reading (did it change?)");
      return it->second;
    };
    return std::make_unique<SocketLogWindow>(path, SocketLogWindow::Hooks{
        [=](const std::string& name) { return lookup(*hosts, name); },
        [=](const std::string& name) { return lookup(*processes, name); }, {}, {}, {}});
  };
  index.m_stream->Restart(index.m_hosts.size());
  return index;
}

const SocketSlice* SocketIndex::StreamedSlice(HostId host, std::size_t snapshot, Proto proto,
                                              std::uint16_t port) const {
  Stream& st = *m_stream;
  if (snapshot < st.horizon[host]) {  // asked about what was already dropped: read the log again
    st.Restart(m_hosts.size());
    ++st.rewinds;
  }
  // The snapshot is complete once its host's next poll has begun.
  while (!st.at_end && st.window->PollsStarted(host) < snapshot + 2) st.at_end = !st.window->ReadRow();
  const TimeUs asked = SnapshotAt(host, snapshot).ts;
  if (!st.evicted || asked >= st.evicted_at + st.lookbehind / 4) {
    st.held_max = std::max(st.held_max, st.window->IntervalsHeld());
    for (HostId h = 0; h < m_hosts.size(); ++h) {
      std::size_t now = LowerBound(m_hosts[h], asked);
      std::size_t byPolls = now > st.polls_back ? now - st.polls_back - 1 : 0;
      std::uint32_t below = std::uint32_t(std::min(byPolls, LowerBound(m_hosts[h], asked - st.lookbehind)));
      st.window->Evict(h, below);
      st.horizon[h] = std::max(st.horizon[h], below);
    }
    st.evicted = true;
    st.evicted_at = asked;
  }
  return st.window->Find(host, SliceKey(proto, port));
}

std::size_t SocketIndex::IntervalsHeld() const { return m_stream ? m_stream->window->IntervalsHeld() : SocketCount(); }

std::size_t SocketIndex::IntervalsHeldMax() const {
  return m_stream ? std::max(m_stream->held_max, m_stream->window->IntervalsHeld()) : SocketCount();
}

std::size_t SocketIndex::Rewinds() const { return m_stream ? m_stream->rewinds : 0; }

SocketIndex::SocketIndex() = default;
SocketIndex::SocketIndex(SocketIndex&&) noexcept = default;
SocketIndex& SocketIndex::operator=(SocketIndex&&) noexcept = default;
SocketIndex::~SocketIndex() = default;

HostId SocketIndex::FindHost(const std::string& name) const {
  auto it = m_hostByName.find(name);
  return it == m_hostByName.end() ? kNoHost : it->second;
}

HostId SocketIndex::HostOfIp(IpAddress ip) const {
  auto it = m_hostByIp.find(ip);
  return it == m_hostByIp.end() ? kNoHost : it->second;
}

const std::string* SocketIndex::NameOfPid(HostId host, std::uint32_t pid) const {
  const auto& names = m_hosts[host].pid_names;
  auto it = names.find(pid);
  return it == names.end() ? nullptr : &m_processNames[it->second];
}

std::unordered_set<IpAddress> SocketIndex::AllHostIps() const {
  std::unordered_set<IpAddress> ips;
  for (const auto& [ip, host] : m_hostByIp) ips.insert(ip);
  return ips;
}

std::size_t SocketIndex::RunOf(const HostSockets& h, std::size_t snapshot) {
  auto it = std::upper_bound(h.runs.begin(), h.runs.end(), snapshot,
                             [](std::size_t s, const PollRun& r) { return s < r.first_index; });
  return std::size_t(it - h.runs.begin()) - 1;
}

Snapshot SocketIndex::SnapshotAt(HostId host, std::size_t index) const {
  const HostSockets& h = m_hosts[host];
  const PollRun& run = h.runs[RunOf(h, index)];
  return Snapshot{run.first_ts + TimeUs(run.step) * TimeUs(index - run.first_index)};
}

// First snapshot at or after `ts` (poll_count if none).
std::size_t SocketIndex::LowerBound(const HostSockets& h, TimeUs ts) {
  auto it = std::upper_bound(h.runs.begin(), h.runs.end(), ts, [](TimeUs t, const PollRun& r) { return t < r.first_ts; });
  if (it == h.runs.begin()) return 0;
  const PollRun& run = *(it - 1);
  if (ts == run.first_ts) return run.first_index;
  if (run.step == 0) return run.first_index + 1;
  std::uint64_t k = std::uint64_t(ts - run.first_ts + run.step - 1) / run.step;
  return run.first_index + std::min<std::uint64_t>(k, run.count);
}

std::size_t SocketIndex::PollIndexOf(const HostSockets& h, TimeUs ts) {
  std::size_t i = LowerBound(h, ts);
  if (i >= h.poll_count) return npos;
  const PollRun& run = h.runs[RunOf(h, i)];
  return run.first_ts + TimeUs(run.step) * TimeUs(i - run.first_index) == ts ? i : npos;
}

std::size_t SocketIndex::NearestSnapshot(HostId host, TimeUs ts) const {
  const HostSockets& h = m_hosts[host];
  if (h.poll_count == 0) return npos;
  std::size_t after = LowerBound(h, ts);
  if (after == h.poll_count) return after - 1;
  if (after == 0) return 0;
  // Tie goes to the earlier poll: it saw the socket before the packet.
  return (SnapshotAt(host, after).ts - ts) < (ts - SnapshotAt(host, after - 1).ts) ? after : after - 1;
}

std::size_t SocketIndex::LatestSnapshotAtOrBefore(HostId host, TimeUs ts) const {
  const HostSockets& h = m_hosts[host];
  std::size_t after = LowerBound(h, ts);
  if (after < h.poll_count && SnapshotAt(host, after).ts == ts) return after;
  return after == 0 ? npos : after - 1;
}

std::pair<std::size_t, std::size_t> SocketIndex::PortRange(const HostSockets& h, Proto proto,
                                                           std::uint16_t port) const {
  // A binary search over the compact slice keys, not over the intervals themselves: the engine
  // asks on every try of every session, and the intervals are ~70 bytes apart in memory.
  const std::uint32_t key = SliceKey(proto, port);
  auto at = std::lower_bound(h.slice_keys.begin(), h.slice_keys.end(), key);
  if (at == h.slice_keys.end() || *at != key) {
    std::size_t pos = at == h.slice_keys.end() ? h.intervals.size() : h.slice_begin[at - h.slice_keys.begin()];
    return {pos, pos};
  }
  const std::size_t slice = std::size_t(at - h.slice_keys.begin());
  const std::size_t end = slice + 1 < h.slice_begin.size() ? h.slice_begin[slice + 1] : h.intervals.size();
  return {h.slice_begin[slice], end};
}

std::pair<const SocketInterval*, const SocketInterval*> SocketIndex::PortIntervals(HostId host, Proto proto,
                                                                                   std::uint16_t localPort) const {
  const HostSockets& h = m_hosts[host];
  auto [first, last] = PortRange(h, proto, localPort);
  return {h.intervals.data() + first, h.intervals.data() + last};
}

std::size_t SocketIndex::SocketCount() const {
  if (m_stream) return m_streamedIntervals;
  std::size_t n = 0;
  for (const auto& h : m_hosts) n += h.intervals.size();
  return n;
}

}  // namespace ntlab
