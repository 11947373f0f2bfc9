#include "analyzers/formats/merge-files.h"

#include "analyzers/formats/csv-fields.h"

#include <array>

namespace ntlab {
namespace {

using namespace csv_fields;

// clang-format off
constexpr std::array<const char*, 18> kMergedColumns = {
    "proto", "public_ip", "public_port", "remote_ip", "remote_port", "first_ts", "last_ts", "packets",
    "matched_packets", "colliding_packets", "merged", "host_ip", "host_port", "votes", "domain", "process", "pid",
    "user"};
// clang-format on

}  // namespace

MergedFlowWriter::MergedFlowWriter(const std::string& path) : m_csv(path, kMergedColumns) {}

void MergedFlowWriter::Write(const MergedFlowRow& r) {
  m_csv.Row(ToString(r.proto), FormatIp(r.public_side.ip), r.public_side.port, FormatIp(r.remote.ip),
            r.remote.port, FormatTs(r.first_ts), FormatTs(r.last_ts), r.packets, r.matched, r.colliding,
            r.merged ? "1" : "0", r.merged ? FormatIp(r.host.ip) : std::string(),
            r.merged ? std::to_string(r.host.port) : std::string(), r.votes, r.domain, r.process,
            r.pid ? std::to_string(*r.pid) : std::string(), r.user);
}

std::vector<MergedFlowRow> ReadMergedFlowsCsv(const std::string& path) {
  CsvRowReader<18> csv(path, kMergedColumns);
  CsvRowReader<18>::Row f;
  std::vector<MergedFlowRow> rows;
  while (csv.Next(f)) {
    MergedFlowRow r;
    r.proto = RequireProto(csv, 0, f[0]);
    r.public_side = {RequireIp(csv, 1, f[1]), RequirePort(csv, 2, f[2])};
    r.remote = {RequireIp(csv, 3, f[3]), RequirePort(csv, 4, f[4])};
    r.first_ts = RequireTs(csv, 5, f[5]);
    r.last_ts = RequireTs(csv, 6, f[6]);
    r.packets = RequireCount(csv, 7, f[7]);
    r.matched = RequireCount(csv, 8, f[8]);
    r.colliding = RequireCount(csv, 9, f[9]);
    r.merged = RequireFlag(csv, 10, f[10]);
    if (r.merged) {
      r.host = {RequireIp(csv, 11, f[11]), RequirePort(csv, 12, f[12])};
    } else if (!f[11].empty() || !f[12].empty()) {
      csv.Fail(11, "a flow that is not merged has no device endpoint");
    }
    r.votes = RequireCount(csv, 13, f[13]);
    r.domain = f[14];
    r.process = f[15];
    if (!f[16].empty()) r.pid = RequirePid(csv, 16, f[16]);
    r.user = f[17];
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace ntlab
