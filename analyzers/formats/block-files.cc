#include "analyzers/formats/block-files.h"

#include <array>

namespace ntlab {
namespace {

// clang-format off
constexpr std::array<const char*, 18> kColumns = {
    "session", "proto", "host_ip", "host_port", "remote_ip", "remote_port", "direction", "first_ts", "last_ts",
    "packets", "bytes", "process", "truth_process", "protocol", "blocked_by", "not_evaluable", "blocked_by_truth",
    "reason"};
// clang-format on

}  // namespace

BlockSessionWriter::BlockSessionWriter(const std::string& path) : m_csv(path, kColumns) {}

void BlockSessionWriter::Write(const BlockSessionRow& r) {
  m_csv.Row(r.session, ToString(r.proto), FormatIp(r.host.ip), r.host.port, FormatIp(r.remote.ip), r.remote.port,
            ToString(r.direction), FormatTs(r.first_ts), FormatTs(r.last_ts), r.packets, r.bytes, r.process,
            r.truth_process, r.protocol, r.blocked_by, r.not_evaluable, r.blocked_by_truth, r.reason);
}

}  // namespace ntlab
