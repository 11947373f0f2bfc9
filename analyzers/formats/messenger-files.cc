#include "analyzers/formats/messenger-files.h"

#include "analyzers/formats/csv-fields.h"

#include <array>
#include <set>

namespace ntlab {
namespace {

using namespace csv_fields;

// clang-format off
constexpr std::array<const char*, 16> kSessionColumns = {
    "session_id", "host_ip", "host_port", "remote_ip", "remote_port", "direction", "first_ts", "last_ts",
    "packets", "bytes", "protocol", "role", "commands", "evidence", "handoffs", "relayed_to"};
constexpr std::array<const char*, 11> kStructureColumns = {
    "ip", "port", "protocol", "role", "rule", "handoff_depth", "sessions", "hosts", "announced_by",
    "first_seen", "last_seen"};
constexpr std::array<const char*, 5> kIpTableColumns = {"cidr", "roles", "evidence", "first_seen", "last_seen"};
constexpr std::array<const char*, 3> kRoleColumns = {"ip", "port", "role"};
// clang-format on

constexpr std::array<const char*, 5> kRoleNames = {"unknown", "dispatch", "notification", "switchboard", "p2p_peer"};

std::optional<IpTableRow> ParseCidr(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto ip = ParseIpv4(std::string_view(text).substr(0, slash));
  auto length = ParseUnsigned(std::string_view(text).substr(slash + 1));
  if (!ip || !length || *length < 1 || *length > 32) return std::nullopt;
  const Ipv4 mask = *length == 32 ? 0xffffffffu : ~(0xffffffffu >> *length);
  if ((*ip & ~mask) != 0) return std::nullopt;  // host bits set: not a network
  IpTableRow row;
  row.network = *ip;
  row.prefix_length = int(*length);
  return row;
}

}  // namespace

const char* ToString(MessengerRole role) { return kRoleNames[static_cast<std::size_t>(role)]; }

std::optional<MessengerRole> ParseMessengerRole(std::string_view text) {
  for (std::size_t i = 0; i < kRoleNames.size(); ++i)
    if (text == kRoleNames[i]) return static_cast<MessengerRole>(i);
  return std::nullopt;
}

MessengerSessionWriter::MessengerSessionWriter(const std::string& path) : m_csv(path, kSessionColumns) {}

void MessengerSessionWriter::Write(const MessengerSessionRow& r) {
  m_csv.Row(r.session_id, FormatIp(r.host.ip), r.host.port, FormatIp(r.remote.ip), r.remote.port,
            ToString(r.direction), FormatTs(r.first_ts), FormatTs(r.last_ts), r.packets, r.bytes, r.protocol,
            ToString(r.role), r.commands, r.evidence, r.handoffs, r.relayed_to);
}

void WriteServerStructureCsv(const std::string& path, const std::vector<ServerRoleRow>& rows) {
  CsvWriter csv(path, kStructureColumns);
  for (const auto& r : rows)
    csv.Row(FormatIp(r.endpoint.ip), r.endpoint.port, r.protocol, ToString(r.role), r.rule,
            r.handoff_depth ? std::to_string(*r.handoff_depth) : std::string(), r.sessions, r.hosts, r.announced_by,
            FormatTs(r.first_seen), FormatTs(r.last_seen));
  csv.Commit();
}

std::string FormatCidr(Ipv4 network, int prefixLength) {
  return FormatIpv4(network) + "/" + std::to_string(prefixLength);
}

void WriteIpTableCsv(const std::string& path, const std::vector<IpTableRow>& rows) {
  CsvWriter csv(path, kIpTableColumns);
  for (const auto& r : rows)
    csv.Row(FormatCidr(r.network, r.prefix_length), r.roles, r.evidence, FormatTs(r.first_seen), FormatTs(r.last_seen));
  csv.Commit();
}

std::vector<IpTableRow> ReadIpTableCsv(const std::string& path) {
  CsvRowReader<5> csv(path, kIpTableColumns);
  CsvRowReader<5>::Row f;
  std::vector<IpTableRow> rows;
  while (csv.Next(f)) {
    std::optional<IpTableRow> row = ParseCidr(f[0]);
    if (!row) csv.Fail(0, QuoteForMessage(f[0]) + " is not a network in CIDR form (a.b.c.d/n, host bits zero)");
    row->roles = f[1];
    row->evidence = f[2];
    row->first_seen = RequireTs(csv, 3, f[3]);
    row->last_seen = RequireTs(csv, 4, f[4]);
    if (row->last_seen < row->first_seen) csv.Fail(4, "last_seen is before first_seen");
    rows.push_back(std::move(*row));
  }
  return rows;
}

std::vector<MessengerRoleTruthRow> ReadMessengerRolesCsv(const std::string& path) {
  CsvRowReader<3> csv(path, kRoleColumns);
  CsvRowReader<3>::Row f;
  std::vector<MessengerRoleTruthRow> rows;
  std::set<Endpoint> seen;
  while (csv.Next(f)) {
    MessengerRoleTruthRow r;
    r.endpoint = {RequireIpv4(csv, 0, f[0]), RequirePort(csv, 1, f[1])};
    std::optional<MessengerRole> role = ParseMessengerRole(f[2]);
    if (!role || *role == MessengerRole::Unknown)
      csv.Fail(2, QuoteForMessage(f[2]) + " is not dispatch, notification, switchboard or p2p_peer");
    r.role = *role;
    if (!seen.insert(r.endpoint).second) csv.Fail(0, "a second row for the same endpoint");
    rows.push_back(r);
  }
  return rows;
}

void WriteMessengerRolesCsv(const std::string& path, const std::vector<MessengerRoleTruthRow>& rows) {
  CsvWriter csv(path, kRoleColumns);
  for (const auto& r : rows) csv.Row(FormatIp(r.endpoint.ip), r.endpoint.port, ToString(r.role));
  csv.Commit();
}

}  // namespace ntlab
