// The change-only log stage of the Linux SocketLogger: each poll's snapshot is compared with the
// rows still open from the previous poll. A row seen again extends its interval; a row gone is
// written to the interval-form socket log (docs/formats.md) with the last poll that saw it; a new
// row opens an interval. The poll schedule (socketlog-polls.csv) grows a run per regular stretch:
// a late poll (one that missed its slots) starts a new run, so the schedule never claims a poll
// that did not happen.
//
// Crash safety: after every poll the rows still open (with last_ts = this poll) and the schedule
// are rewritten atomically beside the log (`<stem>-open.csv`, `<stem>-polls.csv`), then the rows
// closed by the poll are appended to the log in one write. A logger killed at any instant leaves
// files that, joined, describe every poll but at most the last one. Finish() moves the open rows
// into the log and removes the open-rows file.
#pragma once

#include "analyzers/formats/records.h"
#include "analyzers/formats/socket-log-appender.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

/// socketlog.csv -> socketlog-open.csv: the rows a running (or crashed) logger has not closed yet.
std::string OpenRowsPathFor(const std::string& socketLogPath);

class SocketChangeLog {
 public:
  /// Creates the log (header only), its schedule and its open-rows file.
  SocketChangeLog(const std::string& logPath, std::string host);
  /// One poll at `ts` of a logger whose step is `interval_us`. Polls must come in time order.
  void AddPoll(TimeUs ts, TimeUs interval_us, std::vector<SocketRow> snapshot);
  /// Ends the log: every open row is written with its last poll; the open-rows file goes.
  void Finish();

  std::uint64_t RowsWritten() const { return m_log.Rows(); }
  std::uint64_t OpenRows() const { return m_open.size(); }
  const std::vector<PollRunRow>& Schedule() const { return m_runs; }

 private:
  void ExtendSchedule(TimeUs ts, TimeUs interval_us);
  void SaveCheckpoint();
  std::string m_host, m_pollsPath, m_openPath;
  SocketIntervalAppender m_log;
  std::vector<SocketIntervalRow> m_open;   // sorted by content (SocketContentLess)
  std::vector<PollRunRow> m_runs;
  bool m_finished = false;
};

}  // namespace ntlab
