// pid-history.csv: when a simulated host's process ids changed hands. A row says that at `ts` the
// process `process` of `host` exited and freed `pid` (`exit`), or that `pid` was handed to the
// new process `process` (`reuse`). Fresh PIDs are never repeated, so a PID without rows is held
// by its first owner all along. The simulator writes it when processes free their PID at exit
// (workload.pid_release: at_exit); the emulated SocketLogger reads it to look names up at poll
// time (logger.name_lookup: at_poll). docs/formats.md.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ntlab {

enum class PidEvent { Exit, Reuse };

struct PidHistoryRow {
  std::string host;
  TimeUs ts = 0;
  std::uint32_t pid = 0;
  PidEvent event = PidEvent::Exit;
  std::string process;  // who exited, or who got the PID
};

void WritePidHistoryCsv(const std::string& path, const std::vector<PidHistoryRow>& rows);
/// Throws InputError naming file, line and column (unknown event, empty host or process, bad pid).
std::vector<PidHistoryRow> ReadPidHistoryCsv(const std::string& path);

/// Who holds each PID of each host over time: the name a lookup by PID gives at a moment.
class PidNameTimeline {
 public:
  explicit PidNameTimeline(const std::vector<PidHistoryRow>& rows);
  /// The image name a lookup of `pid` on `host` gives at `ts`: `owner` (the name the socket was
  /// opened under) while no row of that PID precedes `ts`, else the latest row's holder, or ""
  /// when the latest row is an exit (no such process).
  std::string NameAt(const std::string& host, std::uint32_t pid, TimeUs ts, const std::string& owner) const;
  /// Times in (after, upto] at which the name of `pid` on `host` may change, in order.
  std::vector<TimeUs> ChangesIn(const std::string& host, std::uint32_t pid, TimeUs after, TimeUs upto) const;
  bool Empty() const { return m_changes.empty(); }

 private:
  // (host, pid) -> (ts, name after ts), in time order.
  std::map<std::pair<std::string, std::uint32_t>, std::vector<std::pair<TimeUs, std::string>>> m_changes;
};

}  // namespace ntlab
