#include "analyzers/formats/records.h"
#include "analyzers/formats/socket-log-appender.h"

#include "analyzers/formats/csv-fields.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>

namespace ntlab {
namespace {

using namespace csv_fields;

// The socket-table columns both socket-log forms share (host .. process), from column `first` on.
template <unsigned N, typename Fields, typename Row>
void ReadSocketColumns(const CsvRowReader<N>& c, const Fields& f, unsigned first, Row& row) {
  RequireText(c, first, f[first]);
  row.host = f[first];
  row.proto = RequireProto(c, first + 1, f[first + 1]);
  row.local_ip = RequireIp(c, first + 2, f[first + 2]);
  row.local_port = RequirePort(c, first + 3, f[first + 3]);
  row.remote = OptionalRemote(c, first + 4, f[first + 4], f[first + 5]);
  row.state = Require<N, SocketState>(c, first + 6, f[first + 6], ParseSocketState, "a MIB_TCP_STATE name or '-'");
  row.pid = RequirePid(c, first + 7, f[first + 7]);
  row.process = f[first + 8];
}

// The session columns labels.csv and the sessions listing share (proto .. bytes, columns 0-9).
template <unsigned N, typename Row>
void ReadSessionColumns(const CsvRowReader<N>& c, const typename CsvRowReader<N>::Row& f, Row& row) {
  row.proto = RequireProto(c, 0, f[0]);
  row.host = {RequireIp(c, 1, f[1]), RequirePort(c, 2, f[2])};
  row.remote = {RequireIp(c, 3, f[3]), RequirePort(c, 4, f[4])};
  row.direction = RequireDirection(c, 5, f[5]);
  row.first_ts = RequireTs(c, 6, f[6]);
  row.last_ts = RequireTs(c, 7, f[7]);
  row.packets = RequireCount(c, 8, f[8]);
  row.bytes = RequireCount(c, 9, f[9]);
}

}  // namespace

SocketLogWriter::SocketLogWriter(const std::string& path)
    : m_csv(path, {"ts", "host", "proto", "local_ip", "local_port", "remote_ip", "remote_port", "state",
                   "pid", "process"}) {}

void SocketLogWriter::Write(const SocketRow& r) {
  m_csv.Row(FormatTs(r.ts), r.host, ToString(r.proto), FormatIp(r.local_ip), r.local_port,
            RemoteIp(r.remote), RemotePort(r.remote), ToString(r.state), r.pid, r.process);
}

SocketLogReader::SocketLogReader(const std::string& path)
    : m_csv(path, {"ts", "host", "proto", "local_ip", "local_port", "remote_ip", "remote_port", "state",
                   "pid", "process"}) {}

bool SocketLogReader::Next(SocketRow& row) {
  if (!m_csv.Next(m_fields)) return false;
  const auto& f = m_fields;
  row.ts = RequireTs(m_csv, 0, f[0]);
  ReadSocketColumns(m_csv, f, 1, row);
  return true;
}

const std::array<const char*, 11> kSocketIntervalColumns = {
    "first_ts", "last_ts", "host", "proto", "local_ip", "local_port", "remote_ip", "remote_port",
    "state", "pid", "process"};

void WriteSocketIntervalRow(CsvStreamWriter& csv, const SocketIntervalRow& r) {
  csv.Row(FormatTs(r.first_ts), FormatTs(r.last_ts), r.host, ToString(r.proto), FormatIp(r.local_ip),
          r.local_port, RemoteIp(r.remote), RemotePort(r.remote), ToString(r.state), r.pid, r.process);
}

SocketIntervalWriter::SocketIntervalWriter(const std::string& path) : m_csv(path, kSocketIntervalColumns) {}

void SocketIntervalWriter::Write(const SocketIntervalRow& r) { WriteSocketIntervalRow(m_csv.Stream(), r); }

SocketIntervalReader::SocketIntervalReader(const std::string& path)
    : m_csv(path, {"first_ts", "last_ts", "host", "proto", "local_ip", "local_port", "remote_ip", "remote_port",
                   "state", "pid", "process"}) {}

bool SocketIntervalReader::Next(SocketIntervalRow& row) {
  if (!m_csv.Next(m_fields)) return false;
  const auto& f = m_fields;
  row.first_ts = RequireTs(m_csv, 0, f[0]);
  row.last_ts = RequireTs(m_csv, 1, f[1]);
  if (row.last_ts < row.first_ts) m_csv.Fail(1, "last_ts is before first_ts");
  ReadSocketColumns(m_csv, f, 2, row);
  return true;
}

SocketLogForm DetectSocketLogForm(const std::string& path) {
  std::ifstream in(path);
  std::string header;
  if (!in || !std::getline(in, header)) return SocketLogForm::Snapshot;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string name = header.substr(start, end - start);
    name.erase(0, name.find_first_not_of(" \t\"\xEF\xBB\xBF"));  // blanks, quotes, a UTF-8 byte order mark
    name.erase(name.find_last_not_of(" \t\"\r") + 1);
    if (name == "first_ts") return SocketLogForm::Interval;
    start = end + 1;
  }
  return SocketLogForm::Snapshot;
}

std::string PollRunPathFor(const std::string& socketLogPath) {
  std::filesystem::path p(socketLogPath);
  return (p.parent_path() / (p.stem().string() + "-polls.csv")).string();
}

PollRunWriter::PollRunWriter(const std::string& path)
    : m_csv(path, {"host", "first_ts", "interval_us", "polls"}) {}

void PollRunWriter::Write(const PollRunRow& r) {
  m_csv.Row(r.host, FormatTs(r.first_ts), r.interval_us, r.polls);
}

PollRunReader::PollRunReader(const std::string& path)
    : m_csv(path, {"host", "first_ts", "interval_us", "polls"}) {}

bool PollRunReader::Next(PollRunRow& row) {
  if (!m_csv.Next(m_fields)) return false;
  const auto& f = m_fields;
  RequireText(m_csv, 0, f[0]);
  row.host = f[0];
  row.first_ts = RequireTs(m_csv, 1, f[1]);
  // A step longer than any time the formats hold is no schedule (and time + step would overflow).
  const TimeUs maxTs = kMaxTimeSeconds * kUsPerSecond;
  std::uint64_t interval = RequireCount(m_csv, 2, f[2]);
  if (interval > std::uint64_t(maxTs))
    m_csv.Fail(2, QuoteForMessage(f[2]) + " is longer than " + std::to_string(kMaxTimeSeconds) + " s");
  row.interval_us = TimeUs(interval);
  row.polls = RequireCount(m_csv, 3, f[3]);
  if (row.polls == 0) m_csv.Fail(3, "must be at least 1");
  if (row.interval_us == 0 && row.polls > 1) m_csv.Fail(2, "must be positive when polls > 1");
  // The run's last poll, first_ts + interval_us x (polls - 1), must be a time the formats hold
  // (found by the polls fuzzer: the product overflowed). Checked by division, which cannot.
  if (row.polls > 1 && row.polls - 1 > std::uint64_t((maxTs - row.first_ts) / row.interval_us))
    m_csv.Fail(3, "the run's last poll (first_ts + interval_us x (polls - 1)) lies beyond " +
                      std::to_string(kMaxTimeSeconds) + " s after the epoch");
  return true;
}

namespace {

constexpr std::array<const char*, 10> kTruthHeader{"host",        "proto", "local_ip", "local_port", "remote_ip",
                                                   "remote_port", "pid",   "process",  "open_ts",    "close_ts"};

void WriteTruthRow(CsvStreamWriter& csv, const TruthRow& r) {
  csv.Row(r.host, ToString(r.proto), FormatIp(r.local_ip), r.local_port, RemoteIp(r.remote), RemotePort(r.remote),
          r.pid, r.process, FormatTs(r.open_ts), r.close_ts ? FormatTs(*r.close_ts) : std::string());
}

}  // namespace

TruthWriter::TruthWriter(const std::string& path) : m_csv(path, kTruthHeader) {}

void TruthWriter::Write(const TruthRow& r) { WriteTruthRow(m_csv.Stream(), r); }

TruthStreamWriter::TruthStreamWriter(std::ostream& out) : m_csv(out, kTruthHeader) {}

void TruthStreamWriter::Write(const TruthRow& r) { WriteTruthRow(m_csv, r); }

TruthReader::TruthReader(const std::string& path)
    : m_csv(path, {"host", "proto", "local_ip", "local_port", "remote_ip", "remote_port", "pid", "process",
                   "open_ts", "close_ts"}) {}

bool TruthReader::Next(TruthRow& row) {
  if (!m_csv.Next(m_fields)) return false;
  const auto& f = m_fields;
  RequireText(m_csv, 0, f[0]);
  row.host = f[0];
  row.proto = RequireProto(m_csv, 1, f[1]);
  row.local_ip = RequireIp(m_csv, 2, f[2]);
  row.local_port = RequirePort(m_csv, 3, f[3]);
  row.remote = OptionalRemote(m_csv, 4, f[4], f[5]);
  row.pid = RequirePid(m_csv, 6, f[6]);
  RequireText(m_csv, 7, f[7]);
  row.process = f[7];
  row.open_ts = RequireTs(m_csv, 8, f[8]);
  row.close_ts = f[9].empty() ? std::nullopt : std::optional<TimeUs>(RequireTs(m_csv, 9, f[9]));
  if (row.close_ts && *row.close_ts < row.open_ts) m_csv.Fail(9, "close_ts is before open_ts");
  return true;
}

EventWriter::EventWriter(const std::string& path)
    : m_csv(path, {"ts", "host", "event", "proto", "local_ip", "local_port", "remote_ip", "remote_port",
                   "pid", "process"}) {}

void EventWriter::Write(const EventRow& r) {
  m_csv.Row(FormatTs(r.ts), r.host, ToString(r.event), ToString(r.proto), FormatIp(r.local_ip),
            r.local_port, RemoteIp(r.remote), RemotePort(r.remote), r.pid, r.process);
}

EventReader::EventReader(const std::string& path)
    : m_csv(path, {"ts", "host", "event", "proto", "local_ip", "local_port", "remote_ip", "remote_port",
                   "pid", "process"}) {}

bool EventReader::Next(EventRow& row) {
  if (!m_csv.Next(m_fields)) return false;
  const auto& f = m_fields;
  row.ts = RequireTs(m_csv, 0, f[0]);
  RequireText(m_csv, 1, f[1]);
  row.host = f[1];
  row.event = Require<10, EventKind>(m_csv, 2, f[2], ParseEventKind, "connect, accept, close or bind");
  row.proto = RequireProto(m_csv, 3, f[3]);
  row.local_ip = RequireIp(m_csv, 4, f[4]);
  row.local_port = RequirePort(m_csv, 5, f[5]);
  row.remote = OptionalRemote(m_csv, 6, f[6], f[7]);
  row.pid = RequirePid(m_csv, 8, f[8]);
  row.process = f[9];
  return true;
}

namespace {

std::vector<const char*> LabelColumns(bool withConfidence) {
  std::vector<const char*> columns = {"proto",   "host_ip", "host_port", "remote_ip", "remote_port",
                                      "direction", "first_ts", "last_ts", "packets",  "bytes",
                                      "process", "pid",     "stage",     "truth_process", "community_id"};
  if (withConfidence) columns.insert(columns.end(), {"evidence", "observations", "purity", "sni_conflict"});
  return columns;
}

// Four decimals: enough to tell 29/30 from 1, and the same bytes on every platform.
std::string FormatPurity(const std::optional<double>& purity) {
  if (!purity) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.4f", *purity);
  return buf;
}

}  // namespace

LabelWriter::LabelWriter(const std::string& path, bool withConfidence)
    : m_withConfidence(withConfidence), m_csv(path, LabelColumns(withConfidence)) {}

void LabelWriter::Write(const LabelRow& r) {
  std::string pid = r.pid ? std::to_string(*r.pid) : std::string();
  if (!m_withConfidence) {
    m_csv.Row(ToString(r.proto), FormatIp(r.host.ip), r.host.port, FormatIp(r.remote.ip), r.remote.port,
              ToString(r.direction), FormatTs(r.first_ts), FormatTs(r.last_ts), r.packets, r.bytes, r.process, pid,
              r.stage, r.truth_process, r.community_id);
    return;
  }
  m_csv.Row(ToString(r.proto), FormatIp(r.host.ip), r.host.port, FormatIp(r.remote.ip), r.remote.port,
            ToString(r.direction), FormatTs(r.first_ts), FormatTs(r.last_ts), r.packets, r.bytes, r.process, pid,
            r.stage, r.truth_process, r.community_id, r.evidence,
            r.observations ? std::to_string(*r.observations) : std::string(), FormatPurity(r.purity),
            r.sni_conflict ? (*r.sni_conflict ? "1" : "0") : "");
}

LabelReader::LabelReader(const std::string& path)
    : m_csv(path, {"proto", "host_ip", "host_port", "remote_ip", "remote_port", "direction", "first_ts",
                   "last_ts", "packets", "bytes", "process", "pid", "stage", "truth_process",
                   "community_id"}) {}

bool LabelReader::Next(LabelRow& row) {
  if (!m_csv.Next(m_fields)) return false;
  const auto& f = m_fields;
  ReadSessionColumns(m_csv, f, row);
  RequireText(m_csv, 10, f[10]);
  row.process = f[10];
  row.pid = f[11].empty() ? std::nullopt : std::optional<std::uint32_t>(RequirePid(m_csv, 11, f[11]));
  row.stage = f[12];
  row.truth_process = f[13];
  row.community_id = f[14];
  return true;
}

SessionWriter::SessionWriter(std::ostream& out)
    : m_csv(out, {"proto", "host_ip", "host_port", "remote_ip", "remote_port", "direction", "first_ts", "last_ts",
                  "packets", "bytes", "sni", "community_id"}) {}

void SessionWriter::Write(const SessionRow& r) {
  m_csv.Row(ToString(r.proto), FormatIp(r.host.ip), r.host.port, FormatIp(r.remote.ip), r.remote.port,
            ToString(r.direction), FormatTs(r.first_ts), FormatTs(r.last_ts), r.packets, r.bytes, r.sni,
            r.community_id);
}

SessionReader::SessionReader(const std::string& path)
    : m_csv(path, {"proto", "host_ip", "host_port", "remote_ip", "remote_port", "direction", "first_ts", "last_ts",
                   "packets", "bytes", "sni", "community_id"}) {}

bool SessionReader::Next(SessionRow& row) {
  if (!m_csv.Next(m_fields)) return false;
  const auto& f = m_fields;
  ReadSessionColumns(m_csv, f, row);
  row.sni = f[10];
  row.community_id = f[11];
  return true;
}

HostWriter::HostWriter(const std::string& path) : m_csv(path, {"host", "ip"}) {}

void HostWriter::Write(const HostRow& r) { m_csv.Row(r.host, FormatIp(r.ip)); }

HostReader::HostReader(const std::string& path) : m_csv(path, {"host", "ip"}) {}

bool HostReader::Next(HostRow& row) {
  if (!m_csv.Next(m_fields)) return false;
  RequireText(m_csv, 0, m_fields[0]);
  row.host = m_fields[0];
  row.ip = RequireIp(m_csv, 1, m_fields[1]);
  return true;
}

}  // namespace ntlab
