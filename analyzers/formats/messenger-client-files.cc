#include "analyzers/formats/messenger-client-files.h"

#include "analyzers/formats/csv-fields.h"

#include <array>
#include <cstdio>

namespace ntlab {
namespace {

using namespace csv_fields;

// clang-format off
constexpr std::array<const char*, 19> kColumns = {
    "host", "account", "messenger", "image", "window_class", "control_text", "pid", "started", "logged_in",
    "login_s", "login_via", "attempts_failed", "chats_ok", "chats_failed", "small_files_ok",
    "small_files_failed", "large_files_ok", "large_files_failed", "gave_up_s"};
// clang-format on

std::string Seconds(double s) {
  if (s < 0) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", s);
  return text;
}

template <unsigned N>
double OptionalSeconds(const CsvRowReader<N>& c, unsigned col, const std::string& t) {
  if (t.empty()) return -1;
  double s = RequireNumber(c, col, t);
  if (s < 0) c.Fail(col, "must be >= 0 (empty: never)");
  return s;
}

template <unsigned N>
std::uint32_t Count(const CsvRowReader<N>& c, unsigned col, const std::string& t) {
  std::uint64_t n = RequireCount(c, col, t);
  if (n > 0xffffffffu) c.Fail(col, "is too large");
  return std::uint32_t(n);
}

constexpr std::array<const char*, 8> kEnforcementColumns = {"filter", "method", "host", "process", "messenger",
                                                            "connections", "packets", "bytes"};

}  // namespace

void WriteMessengerEnforcementCsv(const std::string& path, const std::vector<MessengerEnforcementRow>& rows) {
  CsvWriter csv(path, kEnforcementColumns);
  for (const auto& r : rows)
    csv.Row(r.filter, r.method, r.host, r.process, r.messenger ? 1 : 0, r.connections, r.packets, r.bytes);
  csv.Commit();
}

std::vector<MessengerEnforcementRow> ReadMessengerEnforcementCsv(const std::string& path) {
  CsvRowReader<8> csv(path, kEnforcementColumns);
  CsvRowReader<8>::Row f;
  std::vector<MessengerEnforcementRow> rows;
  while (csv.Next(f)) {
    MessengerEnforcementRow r;
    r.filter = f[0];
    RequireText(csv, 0, f[0]);
    r.method = f[1];
    if (r.method != "ip_table" && r.method != "process_packets")
      csv.Fail(1, QuoteForMessage(f[1]) + " is not ip_table or process_packets");
    r.host = f[2];
    RequireText(csv, 2, f[2]);
    r.process = f[3];
    r.messenger = RequireFlag(csv, 4, f[4]);
    r.connections = RequireCount(csv, 5, f[5]);
    r.packets = RequireCount(csv, 6, f[6]);
    r.bytes = RequireCount(csv, 7, f[7]);
    if (r.connections > r.packets) csv.Fail(5, "more connections than packets");
    rows.push_back(std::move(r));
  }
  return rows;
}

void WriteMessengerClientsCsv(const std::string& path, const std::vector<MessengerClientRow>& rows) {
  CsvWriter csv(path, kColumns);
  for (const auto& r : rows)
    csv.Row(r.host, r.account, r.messenger, r.image, r.window_class, r.control_text, r.pid, r.started ? 1 : 0,
            r.logged_in ? 1 : 0, Seconds(r.login_s), r.login_via, r.attempts_failed, r.chats_ok, r.chats_failed,
            r.small_files_ok, r.small_files_failed, r.large_files_ok, r.large_files_failed, Seconds(r.gave_up_s));
  csv.Commit();
}

std::vector<MessengerClientRow> ReadMessengerClientsCsv(const std::string& path) {
  CsvRowReader<19> csv(path, kColumns);
  CsvRowReader<19>::Row f;
  std::vector<MessengerClientRow> rows;
  while (csv.Next(f)) {
    MessengerClientRow r;
    r.host = f[0];
    RequireText(csv, 0, f[0]);
    r.account = f[1];
    RequireText(csv, 1, f[1]);
    r.messenger = f[2];
    if (r.messenger != "msn" && r.messenger != "nateon" && r.messenger != "buddybuddy")
      csv.Fail(2, QuoteForMessage(f[2]) + " is not msn, nateon or buddybuddy");
    r.image = f[3];
    r.window_class = f[4];
    r.control_text = f[5];
    r.pid = Count(csv, 6, f[6]);
    r.started = RequireFlag(csv, 7, f[7]);
    r.logged_in = RequireFlag(csv, 8, f[8]);
    r.login_s = OptionalSeconds(csv, 9, f[9]);
    if (r.logged_in != (r.login_s >= 0)) csv.Fail(9, "login_s is given exactly when logged_in is 1");
    r.login_via = f[10];
    r.attempts_failed = Count(csv, 11, f[11]);
    r.chats_ok = Count(csv, 12, f[12]);
    r.chats_failed = Count(csv, 13, f[13]);
    r.small_files_ok = Count(csv, 14, f[14]);
    r.small_files_failed = Count(csv, 15, f[15]);
    r.large_files_ok = Count(csv, 16, f[16]);
    r.large_files_failed = Count(csv, 17, f[17]);
    r.gave_up_s = OptionalSeconds(csv, 18, f[18]);
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace ntlab
