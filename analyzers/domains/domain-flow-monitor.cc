#include "analyzers/domains/domain-flow-monitor.h"

#include "analyzers/sessions/community-id.h"

#include <algorithm>
#include <cctype>

namespace ntlab {
namespace {

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string Join(const std::vector<std::string>& names, char separator) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += separator;
    out += n;
  }
  return out;
}

// The name a client gave the server (SNI, Host) against the DNS name: the question or a name on
// its CNAME chain agrees (a CDN edge name is still the name that was looked up).
const char* NameAgreement(const std::string& name, const DomainLabel& label) {
  if (label.domain.empty()) return "no_domain";
  bool onChain = std::any_of(label.chain.begin(), label.chain.end(), [&](const auto& n) { return SameName(n, name); });
  return onChain || SameName(label.domain, name) ? "agree" : "disagree";
}

}  // namespace

const char* SniAgreement(const std::string& sni, const DomainLabel& label) {
  return sni.empty() ? "no_sni" : NameAgreement(sni, label);
}

const char* HttpHostAgreement(const std::string& host, const DomainLabel& label) {
  return host.empty() ? "no_host" : NameAgreement(host, label);
}

DomainFlowMonitor::DomainFlowMonitor(DomainFlowObserver& observer, SessionizerConfig sessions,
                                     DomainLabellerConfig labels)
    : m_observer(observer), m_sessionizer(sessions, *this), m_labeller(labels) {}

void DomainFlowMonitor::OnPacket(const DecodedPacket& packet) {
  // The answer first: a flow cannot start before the answer that named its address.
  if (std::optional<DnsAnswerEvent> answer = ExtractDnsAnswer(packet)) {
    ++m_stats.dns_responses;
    m_stats.answer_addresses += answer->addresses.size();
    m_stats.ipv6_answer_addresses +=
        std::count_if(answer->addresses.begin(), answer->addresses.end(), [](const auto& a) { return a.address.v6; });
    m_labeller.OnAnswer(*answer);
    m_stats.peak_answers_held = std::max(m_stats.peak_answers_held, m_labeller.AnswersHeld());
  }
  m_sessionizer.OnPacket(packet);
  m_stats.peak_open_sessions = std::max(m_stats.peak_open_sessions, m_sessionizer.OpenSessions());
}

void DomainFlowMonitor::OnGroupFinished() { m_sessionizer.OnGroupFinished(); }

void DomainFlowMonitor::OnSessionPacket(const Session& session, const DecodedPacket& packet) {
  auto it = m_labels.find(session.id);
  if (it == m_labels.end()) it = m_labels.emplace(session.id, m_labeller.Label(session)).first;
  m_observer.OnLabelledPacket(session, it->second, packet);
}

void DomainFlowMonitor::OnSessionFinished(const Session& s) {
  auto it = m_labels.find(s.id);
  DomainLabel label = it != m_labels.end() ? std::move(it->second) : m_labeller.Label(s);
  if (it != m_labels.end()) m_labels.erase(it);
  DomainFlowRow row;
  row.flow_id = s.id;
  CopySessionColumns(s, row);
  row.domain = label.domain;
  row.decision = ToString(label.decision);
  row.cname_chain = Join(label.chain, '>');
  row.alternatives = Join(label.alternatives, ';');
  row.answer_ts = label.answer_ts;
  row.ttl = label.ttl;
  row.address_only_domain = label.address_only_domain;
  row.sni = s.sni;
  row.sni_agreement = SniAgreement(s.sni, label);
  row.http_host = s.http_host;
  row.http_host_agreement = HttpHostAgreement(s.http_host, label);
  row.community_id = CommunityId::Compute(s.key.proto, s.key.host, s.key.remote);
  m_observer.OnFlowFinished(row);
}

}  // namespace ntlab
