#include "analyzers/botnet/kraken-detector.h"

#include "analyzers/botnet/domain-label-features.h"
#include "analyzers/sessions/dns-message.h"

#include <algorithm>
#include <cmath>

namespace ntlab {

namespace {
constexpr std::uint16_t kDnsPort = 53;
constexpr std::uint16_t kSmtpPort = 25;
constexpr std::uint16_t kHttpPort = 80;
constexpr std::uint16_t kHttpsPort = 443;

double CoefficientOfVariation(const std::vector<TimeUs>& times, std::size_t minGaps) {
  if (times.size() < minGaps + 1) return -1;
  std::vector<TimeUs> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  double sum = 0, sumSq = 0;
  std::size_t n = sorted.size() - 1;
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    double gap = double(sorted[i] - sorted[i - 1]) / kUsPerSecond;
    sum += gap;
    sumSq += gap * gap;
  }
  double mean = sum / n;
  if (mean <= 0) return -1;
  double var = std::max(0.0, sumSq / n - mean * mean);
  return std::sqrt(var) / mean;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}
}  // namespace

const char* ToString(KrakenEvidence evidence) {
  switch (evidence) {
    case KrakenEvidence::Cnc: return "cnc";
    case KrakenEvidence::Dga: return "dga";
    case KrakenEvidence::Rhythm: return "rhythm";
    case KrakenEvidence::Smtp: return "smtp";
  }
  return "?";
}

const std::vector<KrakenEvidence>& AllKrakenEvidence() {
  static const std::vector<KrakenEvidence> all{KrakenEvidence::Cnc, KrakenEvidence::Dga, KrakenEvidence::Rhythm,
                                               KrakenEvidence::Smtp};
  return all;
}

std::set<KrakenEvidence> ParseKrakenEvidence(const std::string& list, const std::string& what) {
  std::set<KrakenEvidence> out;
  std::size_t pos = 0;
  while (pos < list.size()) {
    std::size_t comma = std::min(list.find(',', pos), list.size());
    std::string name = list.substr(pos, comma - pos);
    bool found = false;
    for (KrakenEvidence e : AllKrakenEvidence()) {
      if (name == ToString(e)) {
        out.insert(e);
        found = true;
      }
    }
    if (!found) throw InputError(what + ": '" + name + "' is not one of cnc, dga, rhythm, smtp");
    pos = comma + 1;
  }
  return out;
}

struct KrakenDetector::SessionState {
  KrakenFlow flow;
  bool cnc_port = false;        // to/from the C&C port with a typed, consistent header
  bool kraken_header = false;   // such a header on another UDP port
  bool smtp = false;
  std::string dns_name;         // query name (DNS sessions)
  std::uint16_t dns_qtype = 0;
  std::vector<std::pair<std::int64_t, std::uint32_t>> per_second;  // epoch second, packets
};

struct KrakenDetector::HostState {
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::size_t cnc_packets = 0;
  std::set<std::uint8_t> cnc_types;
  std::vector<TimeUs> cnc_times;          // bot-sent 447 packets
  std::vector<TimeUs> dyn_query_times;
  std::set<std::string> dyn_names;
  std::size_t dyn_answers = 0;
  std::size_t dyn_nxdomain = 0;
  std::set<IpAddress> protocol_ips;            // spoken to in the 447 protocol (typed header)
  std::set<IpAddress> zone_ips;                // resolved from zone names
  std::map<IpAddress, std::string> resolved;   // address -> name it was resolved from
  std::set<std::string> mx_exchanges;     // names this host learned as MX exchanges
  std::size_t mx_queries = 0;
  std::vector<std::pair<TimeUs, IpAddress>> smtp;  // session start, server
};

KrakenDetector::KrakenDetector(KrakenDetectorConfig config)
    : m_config(std::move(config)), m_sessionizer(m_config.sessions, *this) {
  if (!m_config.hosts.empty()) m_sessionizer.SetKnownHosts(m_config.hosts);
}

KrakenDetector::~KrakenDetector() = default;

void KrakenDetector::OnPacket(const DecodedPacket& packet) { m_sessionizer.OnPacket(packet); }

void KrakenDetector::OnGroupFinished() { m_sessionizer.OnGroupFinished(); }

KrakenDetector::SessionState& KrakenDetector::StateOf(const Session& session) {
  if (session.observer_slot == 0) {
    m_sessions.push_back(std::make_unique<SessionState>());
    session.observer_slot = static_cast<std::uint32_t>(m_sessions.size());
    auto& f = m_sessions.back()->flow;
    f.session_id = session.id;
    f.key = session.key;
  }
  return *m_sessions[session.observer_slot - 1];
}

bool KrakenDetector::InDynZone(const std::string& name) const {
  for (const auto& zone : m_config.dynamic_dns_zones) {
    if (IsUnderZone(name, zone)) return true;
  }
  return false;
}

bool KrakenDetector::LooksRandom(const std::string& label) const {
  DomainLabelFeatures f = ComputeLabelFeatures(label);
  return f.letters_only && f.length >= m_config.min_label_length &&
         (f.consonant_run >= m_config.random_consonant_run ||
          f.vowel_share <= m_config.random_max_vowel_share);
}

void KrakenDetector::OnSessionPacket(const Session& session, const DecodedPacket& packet) {
  SessionState& s = StateOf(session);
  s.flow.first_ts = session.first_ts;
  s.flow.last_ts = session.last_ts;
  s.flow.packets = session.packets;
  s.flow.bytes = session.bytes;
  std::int64_t second = packet.ts / kUsPerSecond;
  if (s.per_second.empty() || s.per_second.back().first != second) s.per_second.emplace_back(second, 0);
  ++s.per_second.back().second;

  auto& slot = m_hosts[session.key.host.ip];
  if (!slot) {
    slot = std::make_unique<HostState>();
    slot->first_ts = packet.ts;
  }
  HostState& host = *slot;
  host.first_ts = std::min(host.first_ts, packet.ts);
  host.last_ts = std::max(host.last_ts, packet.ts);
  bool fromHost = packet.src == session.key.host;
  const SessionKey& k = session.key;

  // The modelled C&C header: known type byte, zero flags, body length matching the datagram (or
  // the first segment of a TCP request). Checked on every packet with a payload.
  if (packet.payload_length >= 8) {
    const std::uint8_t* p = packet.payload;
    std::size_t bodyLength = std::size_t(p[2]) << 8 | p[3];
    bool typed = m_config.cnc_types.count(p[0]) != 0 && p[1] == 0 &&
                 bodyLength + 8 == packet.payload_length;
    if (typed && (k.remote.port == m_config.cnc_port || k.host.port == m_config.cnc_port)) {
      s.cnc_port = true;
      ++host.cnc_packets;
      host.cnc_types.insert(p[0]);
      host.protocol_ips.insert(k.remote.ip);
      if (fromHost) host.cnc_times.push_back(packet.ts);
    } else if (typed && k.proto == Proto::Udp) {
      s.kraken_header = true;
      host.protocol_ips.insert(k.remote.ip);
    }
  }
  if ((k.remote.port == m_config.cnc_port) && k.proto == Proto::Tcp) {
    s.cnc_port = true;  // the module download: the stream after the typed request
  }
  if (k.proto == Proto::Udp && k.remote.port == kDnsPort && packet.payload_length > 0) {
    InspectDns(host, s, packet, fromHost);
  }
  if (k.proto == Proto::Tcp && k.remote.port == kSmtpPort && !s.smtp) {
    s.smtp = true;
    host.smtp.emplace_back(session.first_ts, k.remote.ip);
  }
}

void KrakenDetector::InspectDns(HostState& host, SessionState& s, const DecodedPacket& packet,
                                bool fromHost) {
  DnsProblem problem;
  std::optional<DnsMessage> dns = ParseDnsMessage(packet.payload, packet.payload_length, &problem);
  if (!dns) {
    ReportBadPacket(packet, problem.section, problem.detail);
    return;
  }
  if (dns->questions.empty()) return;
  std::string name = Lower(dns->questions.front().name);
  std::uint16_t qtype = dns->questions.front().type;
  bool dyn = InDynZone(name);
  if (fromHost && !dns->response) {
    s.dns_name = name;
    s.dns_qtype = qtype;
    if (dyn) {
      host.dyn_query_times.push_back(packet.ts);
      host.dyn_names.insert(name);
    }
    if (qtype == DnsType::kMx) ++host.mx_queries;
    return;
  }
  if (!dns->response) return;
  if (s.dns_name.empty()) {
    s.dns_name = name;
    s.dns_qtype = qtype;
  }
  if (dyn) {
    ++host.dyn_answers;
    if (dns->rcode == 3) ++host.dyn_nxdomain;
  }
  for (const auto& answer : dns->answers) {
    if (answer.type == DnsType::kA || answer.type == DnsType::kAaaa) {  // a bot may reach its zone over IPv6
      auto ip = ParseIp(answer.data);
      if (!ip) continue;
      host.resolved[*ip] = name;
      if (dyn) host.zone_ips.insert(*ip);
    } else if (answer.type == DnsType::kMx) {
      host.mx_exchanges.insert(Lower(answer.data));  // the exchange; the preference apart
    }
  }
}

void KrakenDetector::OnSessionFinished(const Session& session) {
  SessionState& s = StateOf(session);
  s.flow.first_ts = session.first_ts;
  s.flow.last_ts = session.last_ts;
  s.flow.packets = session.packets;
  s.flow.bytes = session.bytes;
}

KrakenHostVerdict KrakenDetector::Judge(IpAddress ip, const HostState& h, const std::set<KrakenEvidence>& removed) const {
  KrakenHostVerdict v;
  v.host = ip;
  v.first_ts = h.first_ts;
  v.last_ts = h.last_ts;
  v.cnc_packets = h.cnc_packets;
  v.cnc_types_seen = h.cnc_types;
  v.cnc_gap_cv = CoefficientOfVariation(h.cnc_times, 3);
  v.dyn_queries = h.dyn_query_times.size();
  v.dyn_names = h.dyn_names.size();
  std::size_t random = 0;
  double entropy = 0;
  for (const auto& name : h.dyn_names) {
    std::string label = FirstLabel(name);
    random += LooksRandom(label) ? 1 : 0;
    entropy += ComputeLabelFeatures(label).entropy;
  }
  if (!h.dyn_names.empty()) {
    v.random_label_share = double(random) / double(h.dyn_names.size());
    v.mean_label_entropy = entropy / double(h.dyn_names.size());
  }
  v.nxdomain_ratio = h.dyn_answers ? double(h.dyn_nxdomain) / double(h.dyn_answers) : 0;
  v.dns_gap_cv = CoefficientOfVariation(h.dyn_query_times, m_config.min_gaps_for_rhythm);
  v.mx_queries = h.mx_queries;
  std::set<IpAddress> servers;
  for (const auto& [ts, server] : h.smtp) {
    servers.insert(server);
    if (ts - h.first_ts > m_config.smtp_test_window) continue;
    auto it = h.resolved.find(server);
    if (it == h.resolved.end()) continue;
    for (const auto& provider : m_config.test_mail_providers) {
      if (IsUnderZone(it->second, provider)) v.smtp_test = true;
    }
  }
  v.smtp_sessions = h.smtp.size();
  v.smtp_servers = servers.size();

  // A removed family is no evidence at all: its flags stay false (its measurements are still
  // reported).
  auto kept = [&](KrakenEvidence e) { return removed.count(e) == 0; };
  v.cnc = kept(KrakenEvidence::Cnc) && h.cnc_packets >= m_config.min_cnc_packets;
  v.dga = kept(KrakenEvidence::Dga) && v.dyn_names >= m_config.min_dyn_names &&
          v.nxdomain_ratio >= m_config.min_nxdomain_ratio && v.random_label_share >= m_config.min_random_label_share;
  v.rhythm = kept(KrakenEvidence::Rhythm) && v.dns_gap_cv >= 0 && v.dns_gap_cv <= m_config.max_rhythm_cv;
  v.smtp_test = kept(KrakenEvidence::Smtp) && v.smtp_test;
  v.spam = kept(KrakenEvidence::Smtp) && v.smtp_servers >= m_config.min_spam_servers;
  v.score = (v.cnc ? m_config.weight_cnc : 0) + (v.dga ? m_config.weight_dga : 0) +
            (v.dga && v.rhythm ? m_config.weight_rhythm : 0) +
            (v.smtp_test ? m_config.weight_smtp_test : 0) + (v.spam ? m_config.weight_spam : 0);
  v.infected = v.score >= m_config.infected_score;
  return v;
}

KrakenDetection KrakenDetector::Finish() {
  m_sessionizer.OnGroupFinished();
  return Decide(m_config.removed);
}

std::vector<std::string> KrakenDetector::FlowReasons(const SessionState& s, const HostState& h,
                                                     const std::set<KrakenEvidence>& removed) const {
  auto kept = [&](KrakenEvidence e) { return removed.count(e) == 0; };
  const SessionKey& k = s.flow.key;
  bool dns = k.proto == Proto::Udp && k.remote.port == kDnsPort && !s.dns_name.empty();
  bool protocolPeer = kept(KrakenEvidence::Cnc) && h.protocol_ips.count(k.remote.ip);
  bool zonePeer = kept(KrakenEvidence::Dga) && h.zone_ips.count(k.remote.ip);
  std::vector<std::string> reasons;
  if (s.cnc_port && kept(KrakenEvidence::Cnc)) reasons.push_back("cnc_port");
  if (s.kraken_header && kept(KrakenEvidence::Cnc)) reasons.push_back("kraken_header");
  if (dns && kept(KrakenEvidence::Dga) && InDynZone(s.dns_name)) reasons.push_back("dga_dns");
  if (dns && kept(KrakenEvidence::Smtp) && (s.dns_qtype == DnsType::kMx || h.mx_exchanges.count(s.dns_name)))
    reasons.push_back("mx_dns");
  if (s.smtp && kept(KrakenEvidence::Smtp)) reasons.push_back("smtp");
  if ((protocolPeer || zonePeer) && !(s.cnc_port && kept(KrakenEvidence::Cnc))) reasons.push_back("cnc_peer");
  return reasons;
}

namespace {
std::string Category(const std::vector<std::string>& reasons, const SessionKey& k) {
  auto has = [&](const char* r) { return std::find(reasons.begin(), reasons.end(), r) != reasons.end(); };
  if (has("cnc_port")) return "cnc447";
  if (has("dga_dns") || has("mx_dns")) return "dns";
  if (has("smtp")) return "spam";
  if (has("kraken_header") || has("cnc_peer") || k.remote.port == kHttpPort || k.remote.port == kHttpsPort)
    return "herder";
  return "";
}
}  // namespace

KrakenDetection KrakenDetector::Decide(const std::set<KrakenEvidence>& removed) const {
  KrakenDetection out;
  std::map<IpAddress, const HostState*> infected;
  for (const auto& [ip, state] : m_hosts) {
    out.hosts.push_back(Judge(ip, *state, removed));
    if (out.hosts.back().infected) infected[ip] = state.get();
  }
  // Time series buckets of flagged hosts: epoch second -> counts.
  std::map<IpAddress, std::map<std::int64_t, KrakenSecond>> series;
  for (const auto& sp : m_sessions) {
    const SessionState& s = *sp;
    KrakenFlow flow = s.flow;
    auto it = infected.find(flow.key.host.ip);
    if (it != infected.end()) {
      std::vector<std::string> reasons = FlowReasons(s, *it->second, removed);
      for (std::size_t i = 0; i < reasons.size(); ++i) flow.reasons += (i ? ";" : "") + reasons[i];
      flow.flagged = !reasons.empty();
      if (flow.flagged) flow.category = Category(reasons, flow.key);
      auto& buckets = series[flow.key.host.ip];
      for (const auto& [second, n] : s.per_second) {
        KrakenSecond& b = buckets[second];
        if (flow.category == "dns") b.dns += n;
        else if (flow.category == "cnc447") b.cnc447 += n;
        else if (flow.category == "herder") b.herder += n;
        else if (flow.category == "spam") b.spam += n;
      }
    }
    out.flows.push_back(std::move(flow));
  }
  AddSeries(series, infected, out);
  return out;
}

void KrakenDetector::AddSeries(std::map<IpAddress, std::map<std::int64_t, KrakenSecond>>& series,
                               const std::map<IpAddress, const HostState*>& infected, KrakenDetection& out) const {
  for (auto& [ip, buckets] : series) {
    const HostState& h = *infected.at(ip);
    std::int64_t first = h.first_ts / kUsPerSecond;
    std::int64_t last = h.last_ts / kUsPerSecond;
    for (std::int64_t sec = first; sec <= last; ++sec) {
      KrakenSecond row;
      auto b = buckets.find(sec);
      if (b != buckets.end()) row = b->second;
      row.host = ip;
      row.ts = sec;
      row.second = sec - first;
      out.series.push_back(row);
    }
  }
}

}  // namespace ntlab
