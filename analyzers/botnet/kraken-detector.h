// Detects Kraken-infected hosts in captures from what paper 003 calls distinctive: port-447
// packets with their type bytes (0x01/0x02/0x03/0x08), DNS queries at a near-constant rhythm for
// random-looking names under the four dynamic-DNS zones (mostly NXDOMAIN), SMTP test mails to a
// big mail provider right after start, and direct-to-MX spam. Evidence is gathered per host, a
// stated rule (KrakenDetectorConfig, docs/botnets.md) turns it into a verdict, and every session
// of a flagged host that carries Kraken evidence is flagged with its reasons.
//
// It is a PacketSink over its own Sessionizer, so it runs on simulator captures, real captures
// or a live feed alike. Times are packet times. No threshold here is a number from the paper:
// they are the detector's own parameters.
#pragma once

#include "analyzers/capture/bad-packets.h"
#include "analyzers/capture/packet-source.h"
#include "analyzers/formats/kraken-files.h"
#include "analyzers/sessions/sessionizer.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

namespace ntlab {

/// The evidence families of the rule, each of which an ablation can remove: the 447 protocol's
/// typed header (cnc; with it the kraken_header flows and the peers learnt in the protocol), the
/// DGA names (dga; with it dga_dns and the peers resolved from zone names, and the rhythm, which
/// only counts beside them), the rhythm alone, and SMTP (the test mails, spam and MX lookups).
enum class KrakenEvidence { Cnc, Dga, Rhythm, Smtp };

/// "cnc", "dga", "rhythm", "smtp".
const char* ToString(KrakenEvidence evidence);
/// Every family, in the order above.
const std::vector<KrakenEvidence>& AllKrakenEvidence();
/// Parses "cnc,dga" (names as above, comma-separated; empty: none); throws InputError naming
/// `what` and the bad name.
std::set<KrakenEvidence> ParseKrakenEvidence(const std::string& list, const std::string& what);

struct KrakenDetectorConfig {
  /// Zones Kraken's DGA v1 uses (dga_v1.py tlds); knowledge as data, replaceable.
  std::vector<std::string> dynamic_dns_zones{"dyndns.org", "yi.org", "dynserv.com", "mooo.com"};
  /// Mail providers whose MX a bot "tests" right after infection (McAfee: mx.google.com).
  std::vector<std::string> test_mail_providers{"google.com", "gmail.com"};
  std::uint16_t cnc_port = 447;
  /// Type bytes of the modelled 447 header (models/payload/kraken-protocol.h layout).
  std::set<std::uint8_t> cnc_types{0x01, 0x02, 0x03, 0x08};

  // Evidence thresholds.
  std::size_t min_cnc_packets = 2;         // typed, length-consistent 447 packets
  std::size_t min_dyn_names = 5;           // distinct names under the zones
  double min_nxdomain_ratio = 0.5;         // of answered zone queries
  double min_random_label_share = 0.5;     // of distinct zone names
  std::size_t random_consonant_run = 4;    // a label with such a run looks random ...
  double random_max_vowel_share = 0.2;     // ... or with this few vowels
  std::size_t min_label_length = 6;
  std::size_t min_gaps_for_rhythm = 10;
  double max_rhythm_cv = 0.6;              // coefficient of variation of query gaps
  TimeUs smtp_test_window = 600 * kUsPerSecond;  // after the host's first packet
  std::size_t min_spam_servers = 3;        // distinct port-25 servers

  // The rule: weights add up; a host is infected at `infected_score` or more. With the defaults
  // no single kind of evidence suffices: 447 (2) or DGA (2) needs a second one.
  int weight_cnc = 2;
  int weight_dga = 2;
  int weight_rhythm = 1;   // counted only together with the DGA evidence
  int weight_smtp_test = 1;
  int weight_spam = 1;
  int infected_score = 3;

  /// Evidence the detector leaves out (an ablation; empty: the full rule).
  std::set<KrakenEvidence> removed;

  /// Monitored host IPs, for captures whose file names carry no host (optional).
  std::unordered_set<IpAddress> hosts;
  SessionizerConfig sessions;
};

// KrakenHostVerdict (one host) and KrakenSecond (one second of a flagged host) are the rows of
// kraken_hosts.csv and kraken_timeseries.csv, in analyzers/formats/kraken-files.h.

struct KrakenFlow {
  std::uint64_t session_id = 0;
  SessionKey key;
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  bool flagged = false;
  std::string reasons;      // ';'-separated: cnc_port, kraken_header, dga_dns, mx_dns, smtp, cnc_peer
  std::string category;     // dns, cnc447, herder, spam, or empty (time-series bucket)
  std::optional<bool> truth;  // set by GradeKrakenFlows
};

struct KrakenDetection {
  std::vector<KrakenHostVerdict> hosts;  // by host IP
  std::vector<KrakenFlow> flows;         // every session of every host, in creation order
  std::vector<KrakenSecond> series;      // flagged hosts only, zero-filled
  BadPacketCounts bad_packets;           // skipped by the capture reader, the sessions and DNS
};

class KrakenDetector : public PacketSink, private SessionObserver {
 public:
  explicit KrakenDetector(KrakenDetectorConfig config = {});
  ~KrakenDetector() override;

  void OnPacket(const DecodedPacket& packet) override;
  void OnGroupFinished() override;
  /// Decides hosts and flows with config().removed; call after the source ran.
  KrakenDetection Finish();
  /// Decides again with other evidence removed (an ablation); call after Finish().
  KrakenDetection Decide(const std::set<KrakenEvidence>& removed) const;

  const KrakenDetectorConfig& Config() const { return m_config; }

 private:
  struct SessionState;
  struct HostState;

  void OnSessionPacket(const Session& session, const DecodedPacket& packet) override;
  void OnSessionFinished(const Session& session) override;
  SessionState& StateOf(const Session& session);
  void InspectDns(HostState& host, SessionState& s, const DecodedPacket& packet, bool fromHost);
  bool LooksRandom(const std::string& label) const;
  bool InDynZone(const std::string& name) const;
  KrakenHostVerdict Judge(IpAddress ip, const HostState& host, const std::set<KrakenEvidence>& removed) const;
  std::vector<std::string> FlowReasons(const SessionState& s, const HostState& h,
                                       const std::set<KrakenEvidence>& removed) const;
  void AddSeries(std::map<IpAddress, std::map<std::int64_t, KrakenSecond>>& series,
                 const std::map<IpAddress, const HostState*>& infected, KrakenDetection& out) const;

  KrakenDetectorConfig m_config;
  Sessionizer m_sessionizer;
  std::vector<std::unique_ptr<SessionState>> m_sessions;   // by observer slot - 1
  std::map<IpAddress, std::unique_ptr<HostState>> m_hosts;
};

}  // namespace ntlab
