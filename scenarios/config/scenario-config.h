// The scenario file (YAML) as typed values. Loading validates every key and range and fails with
// one message naming the file and the key path, e.g. "quickstart.yaml: hosts[1].processes[0].interval:
// must be > 0". No ns-3 here, so the schema is testable and reusable by the experiment runner.
// Schema reference: docs/scenario-schema.md.
#pragma once

#include "analyzers/formats/basic-types.h"
#include "scenarios/config/messenger-config.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ntlab {

struct WorkloadCatalog;  // scenarios/config/workload-catalog.h (which needs LogNormalSpec from here)

/// A log-normal distribution given by its median and the sigma of ln(x): connection lifetimes
/// and response sizes are heavy-tailed.
struct LogNormalSpec {
  double median = 1.0;
  double sigma = 1.0;
};

struct IntRange {
  int min = 1;
  int max = 1;
};

enum class Behaviour { Browser, Service, InboundServer, ZeusBot, KrakenBot, DyndnsUpdater, PeriodicUdp, DyndnsClient, PhpWebApp, MailClient };
enum class AppProtocol { Http, Tls };

/// One process on a monitored host and how it uses the network.
struct ProcessSpec {
  std::string name;                  // e.g. "chrome.exe"
  Behaviour behaviour = Behaviour::Browser;
  std::vector<std::string> domains;  // browser, service: names it looks up and connects to
  double interval_s = 10.0;          // mean seconds between activities (exponential)
  IntRange connections{1, 1};        // browser: connections per page load
  LogNormalSpec lifetime{1.0, 1.0};  // seconds a connection stays open after its first exchange
  AppProtocol protocol = AppProtocol::Tls;  // service: http or tls
  std::uint16_t port = 0;            // inbound-server: listening port
  double start_s = 0.0;              // first activity not before this
  std::string cnc;                   // zeus-bot: name of its zeus-cnc server
  double zeus_poll_s = 0.0;          // zeus-bot: mean gate.php poll period (0 = model default, 20 min)
  double zeus_report_gap_s = 0.0;    // zeus-bot: mean gap between stolen-data POSTs (0 = default, 1 min)
  std::string hostname;              // dyndns-updater, dyndns-client: the (own) name it keeps resolving
  std::vector<std::string> peers;    // dyndns-client: peers' dynamic-DNS names that exist
  std::vector<std::string> gone;     // dyndns-client: peers' names that no longer exist (NXDOMAIN)
  std::string target;                // periodic-udp: server name it sends to
};

struct HostSpec {
  std::string name;
  std::vector<ProcessSpec> processes;
  std::vector<std::string> users;  // accounts processes run as (process-owners.h); empty: no user column
};

enum class ServerKind { Web, SshClient, ZeusCnc };

/// A machine on the internet side: a web/TLS server for some domains, or a remote client that
/// opens sessions towards a monitored host (inbound traffic).
struct ServerSpec {
  std::string name;
  ServerKind kind = ServerKind::Web;
  std::vector<std::string> domains;  // web
  bool http = true;                  // web: listen on 80
  bool tls = true;                   // web: listen on 443
  LogNormalSpec response_bytes{8000, 1.0};  // web
  std::string target;                // ssh-client: monitored host name
  std::uint16_t port = 22;           // ssh-client: target port
  double interval_s = 60.0;          // ssh-client: mean seconds between sessions
  LogNormalSpec duration{20.0, 1.0}; // ssh-client: session length in seconds
  double cookie_theft = 1, homepage_set = 1, os_shutdown = 1;  // zeus-cnc: behaviour mix weights
};

struct SegmentSpec {
  Ipv4 network = 0;
  int prefix = 24;
  std::string rate = "1Gbps";
  double delay_s = 0.0;
};

/// The ETW-like event collector (paper 001's auxiliary input) and how much it loses.
struct EventsSpec {
  bool enabled = true;
  double loss = 0.05;            // chance any one event is lost
  std::uint32_t buffer = 64;     // events per flush interval before the rest are dropped (0 = no limit)
  double flush_s = 0.1;
  double short_lifetime_s = 0;   // connections closed within this lose both events with short_loss (0 = off)
  double short_loss = 0;
};

/// How the captures are labelled (analysis only: changing these never re-simulates).
struct LabelingSpec {
  std::string engine = "paper";  // `ntlab label --engine`: paper (the reproduction) or ntlab
  bool defer_learnt = false;     // A2/B/C/D only after a session ended without socket or event evidence
  bool events_in_post = false;   // events as a post-processing stage (events_post) instead of the engine
  double log_delay_s = 0;        // real-time engine: polls reach it this late (0 = every poll available)
};

/// The SocketLogger's CPU cost per poll: base + per_row * rows (paper 001: about 1.7 ms at 50 ms).
/// Its realism (issue 10, docs/scenario-schema.md): every part off by default, the perfect sampler.
struct LoggerSpec {
  double poll_cost_base_ms = 1.0;
  double poll_cost_per_row_ms = 0.01;
  double clock_offset_s = 0;     // each host's clock offset against the capture, drawn in [-this, +this]
  double clock_drift_ppm = 0;    // each host's clock drift, drawn in [-this, +this]
  double poll_jitter_s = 0;      // each poll reads the table up to this much after its tick
  bool late_polls = false;       // a poll costing more than the period delays the next; passed ticks skipped
  bool name_at_poll = false;     // name_lookup: at_poll (PID -> image at each poll) instead of at_open
};

/// Kraken's servers (paper 003): a load-balancer reached through registered DGA names, update
/// servers, a herder, Google's MX for the test mails, and one MX per spam-target domain.
/// Which DGA the bots run: v1, or v2 under generic TLDs (its script's default) or the v1 zones.
enum class KrakenDga { V1, V2, V2Dyndns };

struct KrakenSpec {
  bool enabled = false;
  KrakenDga dga = KrakenDga::V1;
  bool sealed = false;                     // wire: sealed (everything encrypted) instead of plain
  std::string confounder = "none";         // benign look-alikes added to every host (kraken-confounders.h)
  std::vector<std::uint32_t> registered;   // DGA list indices the herder registered (resolve to the load-balancer)
  std::uint32_t update_servers = 5;        // the load-balancer's IP list (paper 003: 5)
  std::vector<std::string> spam_domains{"example.com", "example.net", "example.org"};
};

/// Hosts driven by a workload catalog (docs/workload.md): every catalog process runs on the hosts
/// its prevalence gives, with arrival rates that reproduce the catalog's session shares.
struct WorkloadSpec {
  bool enabled = false;
  std::string catalog;               // path of the catalog file (resolved against the scenario's folder)
  double sessions_per_day = 0;       // ground-truth sessions per day, all hosts together (x benign_load)
  double bytes_cap = 262144;         // bytes per session at most (the log-normal tails are capped); 0 = no cap
  std::uint32_t servers = 4;         // internet-side server nodes the catalog's names are spread over
  std::uint32_t addresses_per_server = 1024;  // CDN-like address block per server in 198.18.0.0/15
  bool pid_release_at_exit = false;  // pid_release: at_exit (sockets linger under a freed PID) instead of sockets_closed
  double pid_reuse = -1;             // when >= 0: every catalog process's restarts.pid_reuse
  // Host/workload realism (issue 10, docs/scenario-schema.md); 0 = off, the simulation as before.
  double never_seen_share = 0;       // sessions sent to an address no other session used (kNeverSeenBlock)
  double ipv6_share = 0;             // catalog names whose TCP sessions run over IPv6 (fd00::/48)
  double system_share = 0;           // extra sessions from kernel (System, PID 4) sockets the logger cannot see
  // Multi-process browsers (issue 10): child processes (renderers / tab processes) per browser
  // instance, each living browser_child_lifetime_s on average; 0 = off (one PID per browser).
  std::uint32_t browser_processes = 0;
  double browser_child_lifetime_s = 300;
  /// The catalog as LoadScenario read and checked it (null while the workload is off): the builder
  /// plans from this copy, so a run reads the catalog file once.
  std::shared_ptr<const WorkloadCatalog> loaded_catalog;
};

/// Paper 000's DNS conditions (docs/domains.md, "Simulated DNS conditions"); each one off by
/// default, so scenarios without them simulate exactly as before.
struct DnsConditionsSpec {
  std::uint32_t sharing = 0;        // names per server address: the web servers' names regrouped (0: as listed)
  double cache_min_s = 0;           // host DNS caches keep an answer at least this long (browsers: 15 s .. 2 min)
  bool cached_at_start = false;     // host caches hold their processes' names before the capture starts
  double fixed_address_share = 0;   // browser/service activities that connect to a hard-coded address
  bool truth = false;               // write expected-domains.csv; `ntlab run` then runs the domain step
};

/// A NAT gateway with a second capture point outside it (paper 000's network view): present when
/// the scenario has a nat: section. The uplink is captured with the LAN's endpoints translated.
struct NatSpec {
  bool enabled = false;
  Ipv4 public_address = (203u << 24) | (0u << 16) | (113u << 8) | 1u;  // 203.0.113.1 (RFC 5737)
};

/// Paper 002's isolation network in the simulation (docs/isolation.md, "In the simulation"): its own
/// subnet with no route out, a switch applying Steps 1-3 (or a deliberately wrong variant), a
/// responder standing in for the C&C, and the host moved there (volume move) at move_at.
struct IsolationSpec {
  bool enabled = false;
  SegmentSpec subnet;                // the isolated instance is .11, the responder .2
  std::string host;                  // hosts[].name of the host moved there
  double move_at_s = 0;              // simulated time of the move
  std::string rules = "paper";       // paper | accept-new | no-final-drop (IsolationVariantByName)
  double report_length_scale = 1.0;  // responder: body bytes of its answers to *.php POSTs x this
};

struct ScenarioConfig {
  std::string source;                // path it was loaded from
  std::string name;
  std::uint32_t seed = 1;
  TimeUs start = 0;                  // epoch time of simulated t = 0
  double duration_s = 180.0;
  double poll_interval_s = 0.05;
  double rotate_s = 60.0;
  double time_wait_s = 120.0;        // Windows TcpTimedWaitDelay
  SegmentSpec lan;
  SegmentSpec internet;
  double dns_ttl_s = 300.0;
  DnsConditionsSpec dns;
  NatSpec nat;
  double benign_load = 1.0;          // multiplies the activity rate of every benign process
  double zeus_spread = 1.0;          // widens every Zeus behaviour distribution (0..20; 1 = defaults)
  double zeus_idle = 0.0;            // share of polls the C&C answers without a command (0..0.95)
  bool zeus_config_in_capture = true;  // false: the bots hold config.bin already and never fetch it
  bool zeus_benign_php = false;      // every zeus-bot host also runs a web app posting to a *.php
  bool zeus_require_config_bin = true; // analysis: episodes only of (bot, server) pairs with a config.bin fetch
  double zeus_extra_behaviours = 0.0; // weight of each of form_grab, screenshot, file_download on every zeus-cnc (0: off)
  EventsSpec events;
  LoggerSpec logger;
  LabelingSpec labeling;
  KrakenSpec kraken;
  WorkloadSpec workload;
  IsolationSpec isolation;
  MessengersSpec messengers;         // paper 004 (messenger-config.h)
  std::vector<ServerSpec> servers;
  std::vector<HostSpec> hosts;
};

/// A change to a scenario key before validation: {"poll_interval", "5s"}, {"events.loss", "0.2"}.
struct ScenarioOverride {
  std::string key;    // dotted path into the top-level mappings (lists cannot be addressed)
  std::string value;  // YAML scalar text
};

/// Loads and validates a scenario; throws InputError with "<file>: <key path>: <reason>".
/// Overrides replace (or add) scalar keys first, so they are validated like the file itself.
ScenarioConfig LoadScenario(const std::string& path, const std::vector<ScenarioOverride>& overrides = {});
/// Keys that change only how a simulation is analysed (poll_interval: the SocketLogger is emulated
/// afterwards; labeling.*), so runs differing only in them can share one simulation.
bool IsAnalysisKey(const std::string& key);
/// The overrides that change the simulation itself (the last value of each non-analysis key).
std::map<std::string, std::string> SimulationOverrides(const std::vector<ScenarioOverride>& overrides);

/// Parses "key=value".
ScenarioOverride ParseOverride(const std::string& text);

/// Checks cross-field rules (unique names, every domain served, targets exist, ranges); called by
/// LoadScenario after the overrides are applied. The workload catalog is loaded here and checked
/// against the scenario; it is returned (null while the workload is off) for LoadScenario to keep
/// in workload.loaded_catalog.
std::shared_ptr<const WorkloadCatalog> ValidateScenario(const ScenarioConfig& config);

/// "50ms", "1.5s", "3min", "1h", "2d" or a bare number of seconds.
bool ParseDuration(const std::string& text, double& seconds);
/// "256KB", "1.5MB", "4096" (bytes; KB = 1024 bytes, MB = 1024 KB).
bool ParseByteSize(const std::string& text, double& bytes);
/// "2025-03-10T09:00:00Z" (UTC only).
bool ParseUtcTime(const std::string& text, TimeUs& epoch_us);

const char* ToString(Behaviour behaviour);
const char* ToString(KrakenDga dga);
const char* ToString(ServerKind kind);  // the scenario file's name: "web", "ssh-client", "zeus-cnc"

/// The workload servers' address blocks (docs/scenario-schema.md, workload.addresses_per_server):
/// server i owns 198.18.0.0 + i * stride and the following addresses_per_server addresses, stride
/// being addresses_per_server rounded up to a power of two, so one prefix route reaches a block.
constexpr std::uint32_t kWorkloadBlockBase = (198u << 24) | (18u << 16);  // 198.18.0.0/15 (RFC 2544)
constexpr std::uint32_t kWorkloadBlockSpace = 1u << 17;
/// workload.never_seen_share's fresh destinations: 198.19.0.0/16, the upper half of the workload
/// space, handed out one address per session in order; the servers' blocks must then fit the lower half.
constexpr std::uint32_t kNeverSeenBlockBase = (198u << 24) | (19u << 16);
constexpr std::uint32_t kNeverSeenBlockSize = 1u << 16;
inline std::uint32_t WorkloadBlockStride(std::uint32_t addresses_per_server) {
  std::uint32_t stride = 1;
  while (stride < addresses_per_server) stride <<= 1;
  return stride;
}

}  // namespace ntlab
