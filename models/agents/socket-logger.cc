#include "models/agents/socket-logger.h"

#include "analyzers/formats/records.h"

#include <optional>
#include <unordered_map>
#include <utility>

namespace ntlab {
namespace {

// SplitMix64: a portable, well-mixed hash, so phases do not depend on the standard library.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
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
    m_withOwner->Write(row, row.pid == 0 ? SocketOwnerColumns{} : m_owner(row.host, row.pid, row.process));
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

SocketLoggerStats EmulateSocketLogger(const std::string& historyPath, const std::vector<std::string>& hosts,
                                      const SocketLoggerConfig& config, const std::string& logPath,
                                      const std::string& pollsPath) {
  if (config.interval_us <= 0) throw InputError("socket logger: poll interval must be > 0");
  if (config.end_us <= config.start_us) throw InputError("socket logger: end must be after start");
  const std::int64_t interval = config.interval_us;

  SocketLoggerStats stats;
  stats.interval_s = double(interval) / 1e6;
  std::unordered_map<std::string, std::size_t> hostIndex;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    SocketLoggerHostStats h;
    h.host = hosts[i];
    h.first_poll_us = config.start_us + TimeUs(Mix(config.seed * 0x100000001B3ull + i) % std::uint64_t(interval));
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

}  // namespace ntlab
