#include "analyzers/formats/socket-owner-columns.h"

#include "analyzers/formats/csv-fields.h"

namespace ntlab {

const std::array<const char*, 14> kSocketIntervalOwnerColumns = {
    "first_ts", "last_ts", "host",    "proto", "local_ip", "local_port",   "remote_ip",
    "remote_port", "state", "pid", "process", "user",     "window_class", "control_text"};

SocketIntervalOwnerWriter::SocketIntervalOwnerWriter(const std::string& path)
    : m_csv(path, kSocketIntervalOwnerColumns) {}

void SocketIntervalOwnerWriter::Write(const SocketIntervalRow& r, const SocketOwnerColumns& owner) {
  using namespace csv_fields;
  m_csv.Row(FormatTs(r.first_ts), FormatTs(r.last_ts), r.host, ToString(r.proto), FormatIp(r.local_ip),
            r.local_port, RemoteIp(r.remote), RemotePort(r.remote), ToString(r.state), r.pid, r.process, owner.user,
            owner.window_class, owner.control_text);
}

void WriteProcessOwnersCsv(const std::string& path, const std::vector<ProcessOwnerRow>& rows) {
  CsvWriter csv(path, {"host", "process", "user", "window_class", "control_text"});
  for (const auto& r : rows) csv.Row(r.host, r.process, r.owner.user, r.owner.window_class, r.owner.control_text);
  csv.Commit();
}

std::vector<ProcessOwnerRow> ReadProcessOwnersCsv(const std::string& path) {
  CsvRowReader<5> csv(path, {"host", "process", "user", "window_class", "control_text"});
  CsvRowReader<5>::Row f;
  std::vector<ProcessOwnerRow> rows;
  while (csv.Next(f)) {
    if (f[0].empty()) csv.Fail(0, "is empty");
    if (f[1].empty()) csv.Fail(1, "is empty");
    rows.push_back({f[0], f[1], {f[2], f[3], f[4]}});
  }
  return rows;
}

}  // namespace ntlab
