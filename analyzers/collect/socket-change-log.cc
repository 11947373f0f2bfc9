#include "analyzers/collect/socket-change-log.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace ntlab {
namespace {

// Everything of a row but its times: two rows of equal content are the same socket-table row.
template <typename Row>
auto Content(const Row& r) {
  return std::tie(r.proto, r.local_ip, r.local_port, r.remote, r.state, r.pid, r.process);
}

struct SocketContentLess {
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const { return Content(a) < Content(b); }
};

// A row first seen by the poll at `ts` (the poll's time, whatever the row's own ts says).
SocketIntervalRow Opened(const SocketRow& r, TimeUs ts, const std::string& host) {
  return SocketIntervalRow{ts, ts, host, r.proto, r.local_ip, r.local_port, r.remote, r.state, r.pid, r.process};
}

}  // namespace

std::string OpenRowsPathFor(const std::string& socketLogPath) {
  std::string polls = PollRunPathFor(socketLogPath);  // <dir>/<stem>-polls.csv
  return polls.substr(0, polls.size() - std::string("-polls.csv").size()) + "-open.csv";
}

SocketChangeLog::SocketChangeLog(const std::string& logPath, std::string host)
    : m_host(std::move(host)), m_pollsPath(PollRunPathFor(logPath)), m_openPath(OpenRowsPathFor(logPath)),
      m_log(logPath) {
  SaveCheckpoint();
}

void SocketChangeLog::ExtendSchedule(TimeUs ts, TimeUs interval_us) {
  if (!m_runs.empty()) {
    PollRunRow& run = m_runs.back();
    if (ts <= run.first_ts + TimeUs(run.polls - 1) * run.interval_us)
      throw InputError("socket log: poll at " + FormatTs(ts) + " is not after the previous poll");
    bool firstStep = run.polls == 1 && ts - run.first_ts == interval_us;
    bool nextStep = run.polls > 1 && run.interval_us == interval_us && ts == run.first_ts + TimeUs(run.polls) * interval_us;
    if (firstStep) run.interval_us = interval_us;
    if (firstStep || nextStep) {
      ++run.polls;
      return;
    }
  }
  m_runs.push_back(PollRunRow{m_host, ts, 0, 1});
}

void SocketChangeLog::AddPoll(TimeUs ts, TimeUs interval_us, std::vector<SocketRow> snapshot) {
  ExtendSchedule(ts, interval_us);
  std::sort(snapshot.begin(), snapshot.end(), SocketContentLess{});
  snapshot.erase(std::unique(snapshot.begin(), snapshot.end(),
                             [](const SocketRow& a, const SocketRow& b) { return Content(a) == Content(b); }),
                 snapshot.end());
  // Both sorted by content: one merge walk finds the rows seen again, gone and new.
  std::vector<SocketIntervalRow> open;
  open.reserve(snapshot.size());
  auto old = m_open.begin();
  for (const SocketRow& row : snapshot) {
    for (; old != m_open.end() && SocketContentLess{}(*old, row); ++old) m_log.Write(*old);  // gone
    if (old != m_open.end() && !SocketContentLess{}(row, *old)) {
      open.push_back(std::move(*old++));
      open.back().last_ts = ts;
    } else {
      open.push_back(Opened(row, ts, m_host));
    }
  }
  for (; old != m_open.end(); ++old) m_log.Write(*old);
  m_open = std::move(open);
  // Checkpoint first: a crash between the two loses this poll's closed rows (at most one interval)
  // rather than leaving them both in the log and in the open-rows file.
  SaveCheckpoint();
  m_log.Flush();
}

void SocketChangeLog::SaveCheckpoint() {
  SocketIntervalWriter open(m_openPath);
  for (const auto& row : m_open) open.Write(row);
  open.Commit();
  PollRunWriter polls(m_pollsPath);
  for (const auto& run : m_runs) polls.Write(run);
  polls.Commit();
}

void SocketChangeLog::Finish() {
  if (m_finished) return;
  for (const auto& row : m_open) m_log.Write(row);
  m_open.clear();
  m_log.Flush();
  SaveCheckpoint();
  std::remove(m_openPath.c_str());
  m_finished = true;
}

}  // namespace ntlab
