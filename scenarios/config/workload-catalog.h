// The workload catalog (YAML): which processes a monitored Windows host runs, what share of the
// sessions each one owns, and how each one uses the network (protocols, SNI names, office-day
// arrival profile, connection lifetimes, bytes, long-lived connections, restarts / PID reuse).
// Shipped catalog: scenarios/catalogs/paper-001.yaml (paper 001 Table 3). Loading is strict like the
// scenario loader: unknown keys and bad values throw InputError "<file>: <key path>: <reason>".
// No ns-3 here. Reference: docs/workload.md.
#pragma once

#include "scenarios/config/scenario-config.h"  // LogNormalSpec

#include <array>
#include <map>
#include <string>
#include <vector>

namespace ntlab {

/// 24 hourly multipliers (local time 00:00-01:00 first). Only their relative sizes matter: rates
/// are scaled so that the day's mean multiplier is 1.
using HourlyProfile = std::array<double, 24>;

enum class WorkloadDirection { Outbound, Inbound, Both };

/// Protocols a process's own sessions use, as fractions of those sessions (sum 1).
struct ProtocolMix {
  double dns = 0;   // its own resolver (e.g. Chrome's async DNS / DoH); lookups through the DNS Client belong to svchost
  double tcp = 0;   // plain TCP (SMB, RPC, SSH, proprietary)
  double tls = 0;   // TLS over TCP, with an SNI from `sni`
  double http = 0;  // cleartext HTTP/1.1
  double quic = 0;  // QUIC-like UDP/443 (SNI inside the Initial)
  double udp = 0;   // other UDP (SSDP, LLMNR, mDNS, NTP, game/streaming, proprietary)
};

struct LongLivedSpec {
  int count = 0;               // connections each host running the process keeps open (re-opened when they end)
  LogNormalSpec lifetime{3600, 0.5};  // seconds
};

struct RestartSpec {
  double per_day = 0;          // mean process restarts per host per day (new PID each time)
  double pid_reuse = 0;        // chance the new PID is one another process freed recently (0..1)
};

struct WorkloadBehaviour {
  std::string basis;                    // where the behaviour numbers come from ("assumption" or a reference)
  WorkloadDirection direction = WorkloadDirection::Outbound;
  ProtocolMix protocols;
  std::vector<std::string> sni;         // TLS/QUIC server names (reserved names only)
  std::vector<std::uint16_t> ports;     // inbound: listening ports; outbound tcp/udp: remote ports
  double dns_lookups_per_session = 0;   // lookups through the DNS Client (svchost) per own session, after caching
  std::string profile;                  // name of a catalog profile ("" when `hourly` overrides)
  HourlyProfile hourly{};               // the profile in effect (copied from the named profile or the override)
  LogNormalSpec lifetime{0.4, 2.2};     // seconds a connection lives (heavy-tailed)
  LogNormalSpec bytes{8000, 1.5};       // bytes per session, both directions
  LongLivedSpec long_lived;
  RestartSpec restarts;
  int instances = 1;                    // concurrent processes with this name on a host
};

struct WorkloadProcess {
  std::string name;
  double share = 0;            // fraction of all sessions of the reference capture labelled with this name
  std::string share_source;
  int table3_rank = 0;         // 1..10 for paper 001 Table 3's named rows, 0 otherwise
  double prevalence = 1;       // fraction of hosts that run it
  WorkloadBehaviour behaviour;
};

struct DnsClientSpec {
  std::string process;         // the process that owns DNS Client sockets (svchost.exe)
  LogNormalSpec lifetime{0.03, 0.8};
  LogNormalSpec bytes{220, 0.4};
  std::string basis;
};

struct ReferenceCapture {
  double sessions = 0;         // total sessions in the reference capture
  int hosts = 0;
  double duration_s = 0;
  int applications = 0;        // distinct named applications
};

struct WorkloadCatalog {
  std::string source;          // path it was loaded from
  std::string name;
  std::string description;
  ReferenceCapture reference;
  double unknown_share = 0;    // sessions the reference labeller left Unknown (not a process)
  DnsClientSpec dns_client;
  std::map<std::string, HourlyProfile> profiles;
  std::vector<WorkloadProcess> processes;
};

/// Loads and validates a catalog; throws InputError "<file>: <key path>: <reason>".
WorkloadCatalog LoadWorkloadCatalog(const std::string& path);

/// Cross-field rules: shares + unknown_share sum to 1 (1e-6), unique names, Table 3 rows present
/// with their shares (1e-4), exactly one DNS client, svchost's own sessions stay positive.
void ValidateWorkloadCatalog(const WorkloadCatalog& catalog);

/// Paper 001 Table 3: the ten named rows (process, share of all 127,245 sessions).
struct Table3Row {
  const char* process;
  double share;
};
const std::array<Table3Row, 10>& Paper001Table3();
constexpr double kPaper001OtherShare = 0.0804;  // "105 other applications"

/// What a simulator needs to reproduce the catalog's shares with `hosts` hosts and
/// `sessions_per_day` ground-truth sessions per day (all hosts together).
struct ProcessRate {
  std::string name;
  double share = 0;                 // catalog share (Table 3 style, of all sessions incl. Unknown)
  double true_share = 0;            // share / (1 - unknown_share): every simulated session has an owner
  double labelled_per_day = 0;      // sessions that should carry this label (all hosts)
  double dns_induced_per_day = 0;   // DNS Client only: lookups made for other processes (and itself)
  double long_lived_per_day = 0;    // sessions opened to keep long-lived connections up
  double arrivals_per_day = 0;      // sessions the process starts by its arrival process (all hosts)
  int running_hosts = 0;            // hosts that run it: max(1, round(prevalence * hosts))
  double per_host_per_hour = 0;     // arrivals / hosts / 24 (mean over all hosts and the day)
  double per_running_host_per_hour = 0;
  HourlyProfile hourly_per_running_host{};  // mean rate * normalised profile, arrivals per hour
};

/// Throws InputError if the numbers cannot be met (e.g. induced DNS exceeds svchost's share).
std::vector<ProcessRate> ComputeArrivalRates(const WorkloadCatalog& catalog, double sessions_per_day, int hosts);

/// P(X < seconds) for a log-normal lifetime: the fraction of connections shorter than a poll.
double FractionShorterThan(const LogNormalSpec& lifetime, double seconds);

const char* ToString(WorkloadDirection direction);

}  // namespace ntlab
