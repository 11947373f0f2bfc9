// The files that connect the simulator, real hosts and the analyzers (see docs/formats.md):
// socket log, ground truth, events, labels, the sessions listing and the simulated host list.
// Readers stream and validate every field; writers are atomic. Standard library (plus a
// header-only CSV parser) only. The capture file name and the Zeus and Kraken files are in
// capture-file-name.h, zeus-files.h and kraken-files.h beside this one.
#pragma once

#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/csv-io.h"

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ntlab {

/// One socket as one poll of GetExtendedTcpTable/GetExtendedUdpTable saw it.
struct SocketRow {
  TimeUs ts = 0;                    // equal for every row of one poll
  std::string host;                 // host name
  Proto proto = Proto::Tcp;
  IpAddress local_ip;               // 0.0.0.0 (or ::) for wildcard-bound sockets
  std::uint16_t local_port = 0;
  std::optional<Endpoint> remote;   // none for UDP and LISTEN rows
  SocketState state = SocketState::None;
  std::uint32_t pid = 0;            // 0 for TIME_WAIT rows, as Windows reports them
  std::string process;
};

/// One socket-table row (constant content) over the polls that saw it: the change-only
/// ("interval") form of the socket log, which grows with sockets, not with polls.
struct SocketIntervalRow {
  TimeUs first_ts = 0;              // first poll that saw the row (or, in a socket history, the exact open time)
  TimeUs last_ts = 0;               // last poll that saw it (history: exact end time); first_ts <= last_ts
  std::string host;
  Proto proto = Proto::Tcp;
  IpAddress local_ip;
  std::uint16_t local_port = 0;
  std::optional<Endpoint> remote;
  SocketState state = SocketState::None;
  std::uint32_t pid = 0;
  std::string process;
};

/// The poll schedule of an interval-form log: `polls` polls of `host` at first_ts + k*interval_us.
/// Without it an interval could not tell a missed poll from one that saw no change.
struct PollRunRow {
  std::string host;
  TimeUs first_ts = 0;
  TimeUs interval_us = 0;           // 0 only when polls == 1
  std::uint64_t polls = 0;
};

/// The owner of one socket, recorded by the simulator (never by the code being evaluated).
struct TruthRow {
  std::string host;
  Proto proto = Proto::Tcp;
  IpAddress local_ip;
  std::uint16_t local_port = 0;
  std::optional<Endpoint> remote;   // none for unconnected UDP sockets and listeners
  std::uint32_t pid = 0;
  std::string process;
  TimeUs open_ts = 0;
  std::optional<TimeUs> close_ts;   // none if still open when the run ended
};

/// One ETW-like socket event (connect/accept/close/bind) with its owner. Events cover sockets
/// that open and close between two socket-table polls. `process` may be empty when an earlier
/// event of the same host already named the pid (the reader's PID->name cache fills it in).
struct EventRow {
  TimeUs ts = 0;
  std::string host;
  EventKind event = EventKind::Connect;
  Proto proto = Proto::Tcp;
  IpAddress local_ip;               // 0.0.0.0 when the event does not name it
  std::uint16_t local_port = 0;
  std::optional<Endpoint> remote;   // none for bind and for unconnected UDP
  std::uint32_t pid = 0;
  std::string process;              // may be empty, see above
};

/// One labelled session.
struct LabelRow {
  Proto proto = Proto::Tcp;
  Endpoint host;                    // the monitored host's side
  Endpoint remote;
  Direction direction = Direction::Outbound;
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::string process;              // "Unknown" when no stage matched
  std::optional<std::uint32_t> pid;
  std::string stage;                // deciding stage, empty when Unknown
  std::string truth_process;        // empty without ground truth
  std::string community_id;
  // The label's confidence, written only by LabelWriter(path, true) (the ntlab engine); all three
  // empty for an Unknown session. See docs/formats.md.
  std::string evidence;             // what decided it (socket_row, rule, scan_overlap …)
  std::optional<std::uint32_t> observations;
  std::optional<double> purity;     // share of the observations naming the label, 0..1
  // Also only with the confidence columns: SniCrossCheck's flag, written 1 / 0, empty when the
  // check did not apply (not a learnt label, or no SNI).
  std::optional<bool> sni_conflict;
};

inline constexpr const char* kUnknownProcess = "Unknown";

/// One session as `ntlab sessions` lists it (no labelling).
struct SessionRow {
  Proto proto = Proto::Tcp;
  Endpoint host;                    // the monitored host's side
  Endpoint remote;
  Direction direction = Direction::Outbound;
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::string sni;                  // TLS server name, empty when none was seen
  std::string community_id;
};

/// One simulated host of a run (hosts.csv): its name, as in the socket log and truth, and address.
struct HostRow {
  std::string host;
  IpAddress ip;
};

class SocketLogWriter {
 public:
  explicit SocketLogWriter(const std::string& path);
  void Write(const SocketRow& row);
  void Commit() { m_csv.Commit(); }
 private:
  CsvWriter m_csv;
};

class SocketLogReader {
 public:
  using Row = SocketRow;
  explicit SocketLogReader(const std::string& path);
  /// False at end of file; throws InputError naming file, line and column on a bad row.
  bool Next(SocketRow& row);
  /// Line of the row last read, for errors that span rows.
  unsigned Line() const { return m_csv.Line(); }
 private:
  CsvRowReader<10> m_csv;
  CsvRowReader<10>::Views m_fields;  // the socket log runs to millions of rows: no string per field
};

class SocketIntervalWriter {
 public:
  explicit SocketIntervalWriter(const std::string& path);
  void Write(const SocketIntervalRow& row);
  void Commit() { m_csv.Commit(); }
 private:
  CsvWriter m_csv;
};

class SocketIntervalReader {
 public:
  using Row = SocketIntervalRow;
  explicit SocketIntervalReader(const std::string& path);
  /// False at end of file; throws InputError naming file, line and column on a bad row
  /// (including last_ts before first_ts).
  bool Next(SocketIntervalRow& row);
  unsigned Line() const { return m_csv.Line(); }
 private:
  CsvRowReader<11> m_csv;
  CsvRowReader<11>::Views m_fields;
};

/// The two forms of the socket log, told apart by the header: the interval form has a first_ts
/// column (SocketIntervalReader), the snapshot form a ts column (SocketLogReader).
enum class SocketLogForm { Snapshot, Interval };
/// Reads only the header line; an unreadable or empty file counts as Snapshot, so that the snapshot
/// reader reports the problem.
SocketLogForm DetectSocketLogForm(const std::string& path);

/// Where an interval-form log's poll schedule lives when not given: socketlog.csv -> socketlog-polls.csv.
std::string PollRunPathFor(const std::string& socketLogPath);

class PollRunWriter {
 public:
  explicit PollRunWriter(const std::string& path);
  void Write(const PollRunRow& row);
  void Commit() { m_csv.Commit(); }
 private:
  CsvWriter m_csv;
};

class PollRunReader {
 public:
  using Row = PollRunRow;
  explicit PollRunReader(const std::string& path);
  /// False at end of file; throws InputError on a bad row (polls 0, or interval_us 0 with more
  /// than one poll).
  bool Next(PollRunRow& row);
  unsigned Line() const { return m_csv.Line(); }
 private:
  CsvRowReader<4> m_csv;
  CsvRowReader<4>::Row m_fields;
};

class TruthWriter {
 public:
  explicit TruthWriter(const std::string& path);
  void Write(const TruthRow& row);
  void Commit() { m_csv.Commit(); }
 private:
  CsvWriter m_csv;
};

/// truth.csv onto a stream (`ntlab truth` without --out writes it to standard output).
class TruthStreamWriter {
 public:
  explicit TruthStreamWriter(std::ostream& out);
  void Write(const TruthRow& row);
 private:
  CsvStreamWriter m_csv;
};

class TruthReader {
 public:
  using Row = TruthRow;
  explicit TruthReader(const std::string& path);
  bool Next(TruthRow& row);
 private:
  CsvRowReader<10> m_csv;
  CsvRowReader<10>::Row m_fields;
};

class EventWriter {
 public:
  explicit EventWriter(const std::string& path);
  void Write(const EventRow& row);
  void Commit() { m_csv.Commit(); }
 private:
  CsvWriter m_csv;
};

class EventReader {
 public:
  using Row = EventRow;
  explicit EventReader(const std::string& path);
  /// False at end of file; rows come back as written (an empty process stays empty).
  bool Next(EventRow& row);
 private:
  CsvRowReader<10> m_csv;
  CsvRowReader<10>::Row m_fields;
};

class LabelWriter {
 public:
  /// `withConfidence` adds the columns evidence, observations, purity, sni_conflict at the end.
  explicit LabelWriter(const std::string& path, bool withConfidence = false);
  void Write(const LabelRow& row);
  std::size_t Rows() const { return m_csv.Rows(); }
  void Commit() { m_csv.Commit(); }
 private:
  bool m_withConfidence;
  CsvWriter m_csv;
};

/// Reads the 15 columns every labels.csv has; the confidence columns, when present, are skipped.
class LabelReader {
 public:
  using Row = LabelRow;
  explicit LabelReader(const std::string& path);
  bool Next(LabelRow& row);
 private:
  CsvRowReader<15> m_csv;
  CsvRowReader<15>::Row m_fields;
};

/// The sessions listing, written to a stream (`ntlab sessions` prints it on stdout).
class SessionWriter {
 public:
  explicit SessionWriter(std::ostream& out);
  void Write(const SessionRow& row);
 private:
  CsvStreamWriter m_csv;
};

class SessionReader {
 public:
  using Row = SessionRow;
  explicit SessionReader(const std::string& path);
  bool Next(SessionRow& row);
 private:
  CsvRowReader<12> m_csv;
  CsvRowReader<12>::Row m_fields;
};

class HostWriter {
 public:
  explicit HostWriter(const std::string& path);
  void Write(const HostRow& row);
  void Commit() { m_csv.Commit(); }
 private:
  CsvWriter m_csv;
};

class HostReader {
 public:
  using Row = HostRow;
  explicit HostReader(const std::string& path);
  bool Next(HostRow& row);
 private:
  CsvRowReader<2> m_csv;
  CsvRowReader<2>::Row m_fields;
};

/// Every row of a file, for the small inputs that are joined against as a whole (truth, events).
template <typename Reader>
std::vector<typename Reader::Row> ReadAll(const std::string& path) {
  std::vector<typename Reader::Row> rows;
  Reader reader(path);
  typename Reader::Row row;
  while (reader.Next(row)) rows.push_back(row);
  return rows;
}

/// Writes every row to `path` atomically.
template <typename Writer, typename Row>
void WriteAll(const std::string& path, const std::vector<Row>& rows) {
  Writer writer(path);
  for (const auto& row : rows) writer.Write(row);
  writer.Commit();
}

}  // namespace ntlab
