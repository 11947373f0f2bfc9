// messenger_clients.csv (docs/formats.md, "Messenger clients"): the ground truth of the simulated
// messenger clients (paper 004, docs/messengers.md "Simulated messengers"): one row per client
// with its identity, whether it was allowed to start, and what it achieved under the policy the
// simulation enforced. Written by the simulation, read by the messenger-blocking experiment.
// The reader throws InputError naming file, line and column; the writer writes atomically.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

struct MessengerClientRow {
  std::string host;
  std::string account;
  std::string messenger;     // msn, nateon
  std::string image;         // as it ran (renamed when that bypass was on)
  std::string window_class;
  std::string control_text;
  std::uint32_t pid = 0;     // 0 when it was not allowed to start
  bool started = false;
  bool logged_in = false;
  double login_s = -1;       // seconds from its first attempt to its first login; -1: never
  std::string login_via;     // 1863, 443, 80, 5004, relay:<port>, http-gateway; empty: never
  std::uint32_t attempts_failed = 0;  // connection attempts that never came up (every stage)
  std::uint32_t chats_ok = 0, chats_failed = 0;
  std::uint32_t small_files_ok = 0, small_files_failed = 0;
  std::uint32_t large_files_ok = 0, large_files_failed = 0;
  double gave_up_s = -1;     // seconds from its first attempt until it gave up; -1: it did not
};

/// One row of messenger_enforcement.csv: what a filter of the enforced policy dropped of one
/// process's traffic (the owner looked up in its host's socket table when the packet was dropped).
struct MessengerEnforcementRow {
  std::string filter;        // "gateway" (the IP table) or the host's name (per-process packets)
  std::string method;        // ip_table, process_packets
  std::string host;          // the LAN host whose socket it was
  std::string process;       // its owner's image name; empty when no live socket owned the port
  bool messenger = false;    // the owner is a messenger client
  std::uint64_t connections = 0;  // distinct 5-tuples hit
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;   // IPv4 header included
};

void WriteMessengerEnforcementCsv(const std::string& path, const std::vector<MessengerEnforcementRow>& rows);
std::vector<MessengerEnforcementRow> ReadMessengerEnforcementCsv(const std::string& path);

void WriteMessengerClientsCsv(const std::string& path, const std::vector<MessengerClientRow>& rows);
std::vector<MessengerClientRow> ReadMessengerClientsCsv(const std::string& path);

}  // namespace ntlab
