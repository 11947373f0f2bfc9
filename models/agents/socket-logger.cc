#include "models/agents/socket-logger.h"

#include "analyzers/formats/records.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>

namespace ntlab {
namespace {

// Each host's phase, so hosts do not poll in lockstep.
TimeUs PhaseOf(std::uint64_t seed, std::size_t hostIndex, TimeUs interval) {
  return TimeUs(MixBits(seed * 0x100000001B3ull + hostIndex) % std::uint64_t(interval));
}

// Ceiling of a / b for b > 0 and any sign of a.
std::int64_t CeilDiv(std::int64_t a, std::int64_t b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

// Length of the row as one line of a full-snapshot socketlog.csv (its `ts` column included).
std::uint64_t SnapshotLineBytes(const SocketIntervalRow& r) {
  std::uint64_t n = FormatTs(r.first_ts).size() + r.host.size() + std::string(ToString(r.proto)).size() +
                    FormatIp(r.local_ip).size() + std::to_string(r.local_port).size() +
                    std::string(ToString(r.state)).size() + std::to_string(r.pid).size() + r.process.size();
  if (r.remote) n += FormatIp(r.remote->ip).size() + std::to_string(r.remote->port).size();
  return n + 10;  // nine commas and the newline
}

// The log with or without the owner columns, so that scenarios without owners keep their bytes.
class SocketLogSink {
 public:
  using OwnerOf = std::function<SocketOwnerColumns(const std::string&, std::uint32_t, const std::string&)>;
  SocketLogSink(const std::string& path, OwnerOf owner) : m_owner(std::move(owner)) {
    if (m_owner) m_withOwner.emplace(path);
    else m_plain.emplace(path);
  }
  void Write(const SocketIntervalRow& row) {
    if (!m_owner) return m_plain->Write(row);
    const bool ownerless = row.pid == 0 || row.process.empty();  // PID 0, or a process gone at the lookup
    m_withOwner->Write(row, ownerless ? SocketOwnerColumns{} : m_owner(row.host, row.pid, row.process));
  }
  void Commit() {
    if (m_owner) m_withOwner->Commit();
    else m_plain->Commit();
  }

 private:
  OwnerOf m_owner;
  std::optional<SocketIntervalWriter> m_plain;
  std::optional<SocketIntervalOwnerWriter> m_withOwner;
};

}  // namespace

std::uint64_t SocketLoggerStats::Polls() const {
  std::uint64_t n = 0;
  for (const auto& h : hosts) n += h.polls;
  return n;
}
std::uint64_t SocketLoggerStats::LogRows() const {
  std::uint64_t n = 0;
  for (const auto& h : hosts) n += h.log_rows;
  return n;
}
std::uint64_t SocketLoggerStats::RowPolls() const {
  std::uint64_t n = 0;
  for (const auto& h : hosts) n += h.row_polls;
  return n;
}
std::uint64_t SocketLoggerStats::SnapshotBytes() const {
  std::uint64_t n = 0;
  for (const auto& h : hosts) n += h.snapshot_bytes;
  return n;
}
double SocketLoggerStats::MeanRowsPerPoll() const {
  std::uint64_t polls = Polls();
  return polls ? double(RowPolls()) / double(polls) : 0.0;
}
double SocketLoggerStats::MeanPollCostMs(const PollCostModel& cost) const {
  return cost.base_ms + cost.per_row_ms * MeanRowsPerPoll();
}
double SocketLoggerStats::CpuMsPerSecond(const PollCostModel& cost) const {
  return interval_s > 0 ? MeanPollCostMs(cost) / interval_s : 0.0;
}

std::uint64_t SocketLoggerStats::LatePolls() const {
  std::uint64_t n = 0;
  for (const auto& h : hosts) n += h.late_polls;
  return n;
}
std::uint64_t SocketLoggerStats::MissedSlots() const {
  std::uint64_t n = 0;
  for (const auto& h : hosts) n += h.missed_slots;
  return n;
}

namespace {

// The perfect sampler: one clock, a poll exactly every interval, names as the sockets were opened.
SocketLoggerStats EmulatePerfectSampler(const std::string& historyPath, const std::vector<std::string>& hosts,
                                        const SocketLoggerConfig& config, const std::string& logPath,
                                        const std::string& pollsPath) {
  const std::int64_t interval = config.interval_us;

  SocketLoggerStats stats;
  stats.interval_s = double(interval) / 1e6;
  std::unordered_map<std::string, std::size_t> hostIndex;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    SocketLoggerHostStats h;
    h.host = hosts[i];
    h.first_poll_us = config.start_us + PhaseOf(config.seed, i, interval);
    h.polls = h.first_poll_us < config.end_us ? std::uint64_t(CeilDiv(config.end_us - h.first_poll_us, interval)) : 0;
    if (!hostIndex.emplace(h.host, i).second) throw InputError("socket logger: host '" + h.host + "' listed twice");
    stats.hosts.push_back(std::move(h));
  }

  SocketLogSink log(logPath, config.owner);
  SocketIntervalReader history(historyPath);
  SocketIntervalRow row;
  while (history.Next(row)) {
    ++stats.history_rows;
    auto it = hostIndex.find(row.host);
    if (it == hostIndex.end()) throw InputError(historyPath + ": host '" + row.host + "' is not a monitored host");
    SocketLoggerHostStats& h = stats.hosts[it->second];
    // Polls k with open <= first_poll + k * interval < close.
    std::int64_t first = std::max<std::int64_t>(0, CeilDiv(row.first_ts - h.first_poll_us, interval));
    std::int64_t last = std::min<std::int64_t>(std::int64_t(h.polls), CeilDiv(row.last_ts - h.first_poll_us, interval)) - 1;
    if (first > last) {
      ++stats.unseen_rows;
      continue;
    }
    std::uint64_t seen = std::uint64_t(last - first + 1);
    row.first_ts = h.first_poll_us + first * interval;
    row.last_ts = h.first_poll_us + last * interval;
    h.row_polls += seen;
    h.snapshot_bytes += seen * SnapshotLineBytes(row);
    ++h.log_rows;
    log.Write(row);
  }

  PollRunWriter polls(pollsPath);
  for (const auto& h : stats.hosts) {
    if (h.polls == 0) continue;
    polls.Write(PollRunRow{h.host, h.first_poll_us, h.polls > 1 ? config.interval_us : 0, h.polls});
  }
  log.Commit();
  polls.Commit();
  return stats;
}


std::vector<HostClock> ClocksOf(const SocketLoggerConfig& config, std::size_t hostCount) {
  const LoggerRealism& realism = config.realism;
  if (!realism.clocks.empty()) {
    if (realism.clocks.size() != hostCount) throw InputError("socket logger: one clock per host is needed");
    return realism.clocks;
  }
  std::vector<HostClock> clocks;
  for (std::size_t i = 0; i < hostCount; ++i)
    clocks.push_back(DrawHostClock(config.seed, i, config.start_us, realism.clock_offset_max_us,
                                   realism.clock_drift_max_ppm));
  return clocks;
}

// One host's polls and what they cost it.
struct PolledHost {
  HostPolls polls;
  VisibleRowCounter rows;
};

// Writes the rows of polls [first, last] of one socket row, under `name` (one lookup's answer).
class RealisticRowWriter {
 public:
  RealisticRowWriter(SocketLogSink& log, SocketLoggerStats& stats, TimeUs interval, const PidNameTimeline* names)
      : m_log(log), m_stats(stats), m_interval(interval), m_names(names) {}

  void Write(SocketIntervalRow row, SocketLoggerHostStats& h, const HostPolls& polls) {
    const auto& read = polls.read_us;
    const auto first = std::size_t(std::lower_bound(read.begin(), read.end(), row.first_ts) - read.begin());
    const auto end = std::size_t(std::lower_bound(read.begin(), read.end(), row.last_ts) - read.begin());
    if (first >= end) {
      ++m_stats.unseen_rows;
      return;
    }
    if (!m_names || row.pid == 0) return Piece(row, h, polls, first, end - 1, row.process);
    // The logger asks for the PID's image at every poll: a new holder or none splits the row.
    const std::string owner = row.process;
    std::size_t begin = first;
    std::string name = m_names->NameAt(row.host, row.pid, read[first], owner);
    for (TimeUs change : m_names->ChangesIn(row.host, row.pid, read[first], read[end - 1])) {
      const auto j = std::size_t(std::lower_bound(read.begin() + begin, read.begin() + end, change) - read.begin());
      std::string next = m_names->NameAt(row.host, row.pid, read[j], owner);
      if (next == name) continue;
      Piece(row, h, polls, begin, j - 1, name);
      begin = j;
      name = std::move(next);
    }
    Piece(row, h, polls, begin, end - 1, name);
  }

 private:
  void Piece(SocketIntervalRow row, SocketLoggerHostStats& h, const HostPolls& polls, std::size_t first,
             std::size_t last, const std::string& name) {
    if (name.empty()) ++m_stats.nameless_rows;
    else if (name != row.process) ++m_stats.renamed_rows;
    row.process = name;
    row.first_ts = polls.first_tick_us + TimeUs(polls.tick[first]) * m_interval;
    row.last_ts = polls.first_tick_us + TimeUs(polls.tick[last]) * m_interval;
    const std::uint64_t seen = last - first + 1;
    h.row_polls += seen;
    h.snapshot_bytes += seen * SnapshotLineBytes(row);
    ++h.log_rows;
    m_log.Write(row);
  }

  SocketLogSink& m_log;
  SocketLoggerStats& m_stats;
  TimeUs m_interval;
  const PidNameTimeline* m_names;
};

std::size_t HostIndexOf(const std::unordered_map<std::string, std::size_t>& index, const SocketIntervalRow& row,
                        const std::string& historyPath) {
  auto it = index.find(row.host);
  if (it == index.end()) throw InputError(historyPath + ": host '" + row.host + "' is not a monitored host");
  return it->second;
}

// The logger of a real host: its own clock, jittered and late polls, names looked up at the poll.
SocketLoggerStats EmulateRealisticLogger(const std::string& historyPath, const std::vector<std::string>& hosts,
                                         const SocketLoggerConfig& config, const std::string& logPath,
                                         const std::string& pollsPath) {
  const LoggerRealism& realism = config.realism;
  SocketLoggerStats stats;
  stats.interval_s = double(config.interval_us) / 1e6;
  std::unordered_map<std::string, std::size_t> hostIndex;
  for (std::size_t i = 0; i < hosts.size(); ++i)
    if (!hostIndex.emplace(hosts[i], i).second) throw InputError("socket logger: host '" + hosts[i] + "' listed twice");
  std::vector<PolledHost> polled(hosts.size());
  SocketIntervalRow row;
  if (realism.late_polls) {  // the cost model needs the table's size at each poll: a first pass
    SocketIntervalReader history(historyPath);
    while (history.Next(row)) polled[HostIndexOf(hostIndex, row, historyPath)].rows.Add(row.first_ts, row.last_ts);
    for (auto& p : polled) p.rows.Seal();
  }
  const PollTiming timing{config.interval_us, realism.poll_jitter_us, realism.late_polls, config.cost, config.seed};
  const std::vector<HostClock> clocks = ClocksOf(config, hosts.size());
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const TimeUs firstTick = clocks[i].ToHost(config.start_us) + PhaseOf(config.seed, i, config.interval_us);
    polled[i].polls = PlanHostPolls(clocks[i], firstTick, config.end_us, timing, i, polled[i].rows);
    SocketLoggerHostStats h;
    h.host = hosts[i];
    h.first_poll_us = firstTick + (polled[i].polls.tick.empty() ? 0 : TimeUs(polled[i].polls.tick[0]) * config.interval_us);
    h.polls = polled[i].polls.read_us.size();
    h.late_polls = polled[i].polls.late_polls;
    h.missed_slots = polled[i].polls.missed_slots;
    h.clock = clocks[i];
    stats.hosts.push_back(std::move(h));
  }
  SocketLogSink log(logPath, config.owner);
  RealisticRowWriter writer(log, stats, config.interval_us, realism.names);
  SocketIntervalReader history(historyPath);
  while (history.Next(row)) {
    ++stats.history_rows;
    const std::size_t i = HostIndexOf(hostIndex, row, historyPath);
    writer.Write(row, stats.hosts[i], polled[i].polls);
  }
  PollRunWriter polls(pollsPath);
  for (std::size_t i = 0; i < hosts.size(); ++i)
    for (const auto& run : PollRuns(hosts[i], polled[i].polls, config.interval_us)) polls.Write(run);
  log.Commit();
  polls.Commit();
  return stats;
}

}  // namespace

SocketLoggerStats EmulateSocketLogger(const std::string& historyPath, const std::vector<std::string>& hosts,
                                      const SocketLoggerConfig& config, const std::string& logPath,
                                      const std::string& pollsPath) {
  if (config.interval_us <= 0) throw InputError("socket logger: poll interval must be > 0");
  if (config.end_us <= config.start_us) throw InputError("socket logger: end must be after start");
  if (config.realism.Any()) return EmulateRealisticLogger(historyPath, hosts, config, logPath, pollsPath);
  return EmulatePerfectSampler(historyPath, hosts, config, logPath, pollsPath);
}

}  // namespace ntlab
