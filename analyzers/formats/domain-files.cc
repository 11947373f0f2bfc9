#include "analyzers/formats/domain-files.h"

#include "analyzers/formats/csv-fields.h"
#include "analyzers/formats/csv-header.h"

#include <array>
#include <cstdio>
#include <set>
#include <tuple>

namespace ntlab {
namespace {

using namespace csv_fields;

// clang-format off
constexpr std::array<const char*, 25> kFlowColumns = {
    "flow_id", "proto", "host_ip", "host_port", "remote_ip", "remote_port", "direction", "first_ts", "last_ts",
    "packets", "bytes", "domain", "decision", "cname_chain", "alternatives", "answer_ts", "ttl",
    "address_only_domain", "sni", "sni_agreement", "http_host", "http_host_agreement", "process", "community_id",
    "user"};
// flows.csv before the user column (still read: its users are empty).
constexpr std::array<const char*, 24> kFlowColumnsWithoutUser = {
    "flow_id", "proto", "host_ip", "host_port", "remote_ip", "remote_port", "direction", "first_ts", "last_ts",
    "packets", "bytes", "domain", "decision", "cname_chain", "alternatives", "answer_ts", "ttl",
    "address_only_domain", "sni", "sni_agreement", "http_host", "http_host_agreement", "process", "community_id"};
constexpr std::array<const char*, 16> kCrossCheckColumns = {
    "flow_id", "proto", "host_ip", "host_port", "remote_ip", "remote_port", "first_ts", "process", "truth_process",
    "domain", "sni", "http_host", "name", "verdict", "name_share", "process_sessions"};
constexpr std::array<const char*, 6> kExpectedColumns = {
    "proto", "host_ip", "host_port", "remote_ip", "remote_port", "domain"};
// clang-format on

const std::set<std::string> kDecisions{"dns",     "shared_first_flow", "shared_latest", "expired",
                                       "no_answer", "inbound",         "resolver"};
const std::set<std::string> kAgreements{"agree", "disagree", "no_sni", "no_domain"};
const std::set<std::string> kHostAgreements{"agree", "disagree", "no_host", "no_domain"};
const std::set<std::string> kVerdicts{"usual", "unusual", "no_profile", "no_name", "no_process"};

template <unsigned N>
void RequireOneOf(const CsvRowReader<N>& c, unsigned col, const std::string& t, const std::set<std::string>& allowed) {
  if (allowed.count(t) == 0) c.Fail(col, QuoteForMessage(t) + " is not a known value");
}

}  // namespace

DomainFlowWriter::DomainFlowWriter(const std::string& path) : m_csv(path, kFlowColumns) {}

void DomainFlowWriter::Write(const DomainFlowRow& r) {
  m_csv.Row(r.flow_id, ToString(r.proto), FormatIp(r.host.ip), r.host.port, FormatIp(r.remote.ip), r.remote.port,
            ToString(r.direction), FormatTs(r.first_ts), FormatTs(r.last_ts), r.packets, r.bytes, r.domain,
            r.decision, r.cname_chain, r.alternatives, r.answer_ts ? FormatTs(r.answer_ts) : std::string(), r.ttl,
            r.address_only_domain, r.sni, r.sni_agreement, r.http_host, r.http_host_agreement, r.process,
            r.community_id, r.user);
}

namespace {

// N = 24: flows.csv before the user column; N = 25: with it.
template <unsigned N>
std::vector<DomainFlowRow> ReadFlowRows(const std::string& path, const std::array<const char*, N>& columns) {
  CsvRowReader<N> csv(path, columns);
  typename CsvRowReader<N>::Row f;
  std::vector<DomainFlowRow> rows;
  while (csv.Next(f)) {
    DomainFlowRow r;
    r.flow_id = RequireCount(csv, 0, f[0]);
    r.proto = RequireProto(csv, 1, f[1]);
    r.host = {RequireIp(csv, 2, f[2]), RequirePort(csv, 3, f[3])};
    r.remote = {RequireIp(csv, 4, f[4]), RequirePort(csv, 5, f[5])};
    r.direction = RequireDirection(csv, 6, f[6]);
    r.first_ts = RequireTs(csv, 7, f[7]);
    r.last_ts = RequireTs(csv, 8, f[8]);
    r.packets = RequireCount(csv, 9, f[9]);
    r.bytes = RequireCount(csv, 10, f[10]);
    r.domain = f[11];
    RequireOneOf(csv, 12, f[12], kDecisions);
    r.decision = f[12];
    r.cname_chain = f[13];
    r.alternatives = f[14];
    r.answer_ts = f[15].empty() ? 0 : RequireTs(csv, 15, f[15]);
    r.ttl = RequireId32(csv, 16, f[16], "a TTL in seconds");
    r.address_only_domain = f[17];
    r.sni = f[18];
    RequireOneOf(csv, 19, f[19], kAgreements);
    r.sni_agreement = f[19];
    r.http_host = f[20];
    RequireOneOf(csv, 21, f[21], kHostAgreements);
    r.http_host_agreement = f[21];
    r.process = f[22];
    r.community_id = f[23];
    if constexpr (N > 24) r.user = f[24];
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

std::vector<DomainFlowRow> ReadDomainFlowsCsv(const std::string& path) {
  if (!CsvHeaderHasColumn(path, "user")) return ReadFlowRows<24>(path, kFlowColumnsWithoutUser);
  return ReadFlowRows<25>(path, kFlowColumns);
}

CrossCheckWriter::CrossCheckWriter(const std::string& path) : m_csv(path, kCrossCheckColumns) {}

void CrossCheckWriter::Write(const CrossCheckRow& r) {
  char share[32];
  std::snprintf(share, sizeof share, "%.4f", r.name_share);
  m_csv.Row(r.flow_id, ToString(r.proto), FormatIp(r.host.ip), r.host.port, FormatIp(r.remote.ip), r.remote.port,
            FormatTs(r.first_ts), r.process, r.truth_process, r.domain, r.sni, r.http_host, r.name, r.verdict,
            std::string(share), r.process_sessions);
}

std::vector<CrossCheckRow> ReadCrossCheckCsv(const std::string& path) {
  CsvRowReader<16> csv(path, kCrossCheckColumns);
  CsvRowReader<16>::Row f;
  std::vector<CrossCheckRow> rows;
  while (csv.Next(f)) {
    CrossCheckRow r;
    r.flow_id = RequireCount(csv, 0, f[0]);
    r.proto = RequireProto(csv, 1, f[1]);
    r.host = {RequireIp(csv, 2, f[2]), RequirePort(csv, 3, f[3])};
    r.remote = {RequireIp(csv, 4, f[4]), RequirePort(csv, 5, f[5])};
    r.first_ts = RequireTs(csv, 6, f[6]);
    r.process = f[7];
    r.truth_process = f[8];
    r.domain = f[9];
    r.sni = f[10];
    r.http_host = f[11];
    r.name = f[12];
    RequireOneOf(csv, 13, f[13], kVerdicts);
    r.verdict = f[13];
    r.name_share = RequireNumber(csv, 14, f[14]);
    if (!(r.name_share >= 0 && r.name_share <= 1)) csv.Fail(14, "a share must be between 0 and 1");
    r.process_sessions = RequireCount(csv, 15, f[15]);
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<ExpectedDomainRow> ReadExpectedDomainsCsv(const std::string& path) {
  CsvRowReader<6> csv(path, kExpectedColumns);
  CsvRowReader<6>::Row f;
  std::vector<ExpectedDomainRow> rows;
  std::set<std::tuple<Proto, Endpoint, Endpoint>> seen;
  while (csv.Next(f)) {
    ExpectedDomainRow r{RequireProto(csv, 0, f[0]),
                        {RequireIp(csv, 1, f[1]), RequirePort(csv, 2, f[2])},
                        {RequireIp(csv, 3, f[3]), RequirePort(csv, 4, f[4])},
                        f[5]};
    if (!seen.insert({r.proto, r.host, r.remote}).second) csv.Fail(0, "a second row for the same flow");
    rows.push_back(std::move(r));
  }
  return rows;
}

void WriteExpectedDomainsCsv(const std::string& path, const std::vector<ExpectedDomainRow>& rows) {
  CsvWriter csv(path, kExpectedColumns);
  for (const auto& r : rows)
    csv.Row(ToString(r.proto), FormatIp(r.host.ip), r.host.port, FormatIp(r.remote.ip), r.remote.port, r.domain);
  csv.Commit();
}

}  // namespace ntlab
