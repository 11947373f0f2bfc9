#include "analyzers/formats/kraken-files.h"

#include "analyzers/formats/csv-fields.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>

namespace ntlab {
namespace {

using namespace csv_fields;

// A coefficient of variation, empty when it could not be computed (-1).
std::string OptionalCv(double v) { return v < 0 ? std::string() : FormatKrakenRatio(v); }

std::string CncTypes(const std::set<std::uint8_t>& types) {
  std::string out;
  for (auto t : types) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%s0x%02x", out.empty() ? "" : " ", t);
    out += buf;
  }
  return out;
}

const char* Flag(bool b) { return b ? "1" : "0"; }

template <unsigned N>
double ReadOptionalCv(const CsvRowReader<N>& c, unsigned col, const std::string& t) {
  return t.empty() ? -1 : RequireNumber(c, col, t);
}

template <unsigned N>
std::set<std::uint8_t> ReadCncTypes(const CsvRowReader<N>& c, unsigned col, const std::string& text) {
  std::set<std::uint8_t> types;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = std::min(text.find(' ', begin), text.size());
    std::string word = text.substr(begin, end - begin);
    unsigned value = 0;
    int used = 0;
    if (word.size() != 4 || std::sscanf(word.c_str(), "0x%2x%n", &value, &used) != 1 || used != 4)
      c.Fail(col, QuoteForMessage(word) + " is not a type byte (0x00-0xff)");
    types.insert(static_cast<std::uint8_t>(value));
    begin = end + 1;
  }
  return types;
}

template <unsigned N>
int RequireScore(const CsvRowReader<N>& c, unsigned col, const std::string& t) {
  std::int64_t v = RequireInteger(c, col, t);
  if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
    c.Fail(col, QuoteForMessage(t) + " is out of range");
  return static_cast<int>(v);
}

}  // namespace

std::string FormatKrakenRatio(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

std::vector<KrakenTruthHost> ReadKrakenTruthCsv(const std::string& path) {
  CsvRowReader<3> csv(path, {"host", "host_ip", "process"});
  CsvRowReader<3>::Row f;
  std::vector<KrakenTruthHost> rows;
  while (csv.Next(f)) {
    RequireText(csv, 0, f[0]);
    IpAddress ip = RequireIp(csv, 1, f[1]);
    RequireText(csv, 2, f[2]);
    rows.push_back({f[0], ip, f[2]});
  }
  return rows;
}

void WriteKrakenTruthCsv(const std::string& path, const std::vector<KrakenTruthHost>& rows) {
  CsvWriter csv(path, {"host", "host_ip", "process"});
  for (const auto& t : rows) csv.Row(t.host, FormatIp(t.ip), t.process);
  csv.Commit();
}

namespace {
// clang-format off
constexpr std::array<const char*, 22> kHostColumns = {
    "host_ip", "infected", "score", "cnc", "dga", "rhythm", "smtp_test", "spam", "cnc_packets", "cnc_types",
    "cnc_gap_cv", "dyn_queries", "dyn_names", "random_label_share", "mean_label_entropy", "nxdomain_ratio",
    "dns_gap_cv", "mx_queries", "smtp_sessions", "smtp_servers", "first_ts", "last_ts"};
// clang-format on
}  // namespace

std::vector<KrakenHostVerdict> ReadKrakenHostsCsv(const std::string& path) {
  CsvRowReader<22> csv(path, kHostColumns);
  CsvRowReader<22>::Row f;
  std::vector<KrakenHostVerdict> rows;
  while (csv.Next(f)) {
    KrakenHostVerdict h;
    h.host = RequireIp(csv, 0, f[0]);
    h.infected = RequireFlag(csv, 1, f[1]);
    h.score = RequireScore(csv, 2, f[2]);
    h.cnc = RequireFlag(csv, 3, f[3]);
    h.dga = RequireFlag(csv, 4, f[4]);
    h.rhythm = RequireFlag(csv, 5, f[5]);
    h.smtp_test = RequireFlag(csv, 6, f[6]);
    h.spam = RequireFlag(csv, 7, f[7]);
    h.cnc_packets = RequireCount(csv, 8, f[8]);
    h.cnc_types_seen = ReadCncTypes(csv, 9, f[9]);
    h.cnc_gap_cv = ReadOptionalCv(csv, 10, f[10]);
    h.dyn_queries = RequireCount(csv, 11, f[11]);
    h.dyn_names = RequireCount(csv, 12, f[12]);
    h.random_label_share = RequireNumber(csv, 13, f[13]);
    h.mean_label_entropy = RequireNumber(csv, 14, f[14]);
    h.nxdomain_ratio = RequireNumber(csv, 15, f[15]);
    h.dns_gap_cv = ReadOptionalCv(csv, 16, f[16]);
    h.mx_queries = RequireCount(csv, 17, f[17]);
    h.smtp_sessions = RequireCount(csv, 18, f[18]);
    h.smtp_servers = RequireCount(csv, 19, f[19]);
    h.first_ts = RequireTs(csv, 20, f[20]);
    h.last_ts = RequireTs(csv, 21, f[21]);
    rows.push_back(std::move(h));
  }
  return rows;
}

void WriteKrakenHostsCsv(const std::string& path, const std::vector<KrakenHostVerdict>& rows) {
  CsvWriter csv(path, kHostColumns);
  for (const auto& h : rows) {
    csv.Row(FormatIp(h.host), Flag(h.infected), h.score, Flag(h.cnc), Flag(h.dga), Flag(h.rhythm), Flag(h.smtp_test),
            Flag(h.spam), h.cnc_packets, CncTypes(h.cnc_types_seen), OptionalCv(h.cnc_gap_cv), h.dyn_queries,
            h.dyn_names, FormatKrakenRatio(h.random_label_share), FormatKrakenRatio(h.mean_label_entropy),
            FormatKrakenRatio(h.nxdomain_ratio), OptionalCv(h.dns_gap_cv), h.mx_queries, h.smtp_sessions, h.smtp_servers,
            FormatTs(h.first_ts), FormatTs(h.last_ts));
  }
  csv.Commit();
}

std::vector<KrakenSecond> ReadKrakenTimeSeriesCsv(const std::string& path) {
  CsvRowReader<7> csv(path, {"host_ip", "second", "ts", "dns", "cnc447", "herder", "spam"});
  CsvRowReader<7>::Row f;
  std::vector<KrakenSecond> rows;
  auto count32 = [&csv](unsigned col, const std::string& t) { return RequireId32(csv, col, t, "a packet count"); };
  while (csv.Next(f)) {
    rows.push_back(KrakenSecond{RequireIp(csv, 0, f[0]), RequireInteger(csv, 1, f[1]), RequireInteger(csv, 2, f[2]),
                                count32(3, f[3]), count32(4, f[4]), count32(5, f[5]), count32(6, f[6])});
  }
  return rows;
}

void WriteKrakenTimeSeriesCsv(const std::string& path, const std::vector<KrakenSecond>& rows) {
  CsvWriter csv(path, {"host_ip", "second", "ts", "dns", "cnc447", "herder", "spam"});
  for (const auto& s : rows) csv.Row(FormatIp(s.host), s.second, s.ts, s.dns, s.cnc447, s.herder, s.spam);
  csv.Commit();
}

}  // namespace ntlab
