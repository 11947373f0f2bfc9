#include "analyzers/domains/domain-label-summary.h"

namespace ntlab {
namespace {

nlohmann::json Rate(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? nlohmann::json(nullptr) : nlohmann::json(double(part) / double(whole));
}

}  // namespace

// Every decision is in metrics.json, also when 0, so that a reader never meets a missing key.
DomainLabelSummary::DomainLabelSummary() {
  for (DomainDecision d : {DomainDecision::Dns, DomainDecision::SharedFirstFlow, DomainDecision::SharedLatest,
                           DomainDecision::Expired, DomainDecision::NoAnswer, DomainDecision::Inbound,
                           DomainDecision::Resolver})
    m_decisions[ToString(d)] = 0;
}

void DomainLabelSummary::SetTruth(const std::vector<ExpectedDomainRow>& truth) {
  m_truth.emplace();
  for (const auto& t : truth) {
    (*m_truth)[{t.proto, t.host, t.remote}] = t.domain;
    m_truthSeen[{t.proto, t.host, t.remote}] = false;
  }
}

void DomainLabelSummary::Add(const DomainFlowRow& f) {
  ++m_flows;
  m_packets += f.packets;
  ++m_decisions[f.decision];
  if (f.decision == "resolver") {
    ++m_resolverFlows;
    return;
  }
  m_bytes += f.bytes;
  if (!f.domain.empty()) {
    ++m_labelled;
    m_labelledBytes += f.bytes;
  }
  ++m_agreement[f.sni_agreement];
  ++m_hostAgreement[f.http_host_agreement];
  if (!m_truth) return;
  auto t = m_truth->find({f.proto, f.host, f.remote});
  if (t == m_truth->end()) return;
  m_truthSeen[t->first] = true;
  Grade(f, t->second);
}

void DomainLabelSummary::Grade(const DomainFlowRow& f, const std::string& expected) {
  auto count = [](Graded& g, bool right) {
    ++g.flows;
    g.correct += right ? 1 : 0;
  };
  count(f.domain.empty() ? m_unlabelled : m_labels, f.domain == expected);
  count(m_byAddress, f.address_only_domain == expected);
  if (f.decision == "shared_first_flow" || f.decision == "shared_latest") {
    count(m_shared, f.domain == expected);
    count(m_sharedByAddress, f.address_only_domain == expected);
  }
}

namespace {

// {"agree", "disagree", <none>, "no_domain", "agreement_rate" = agree / (agree + disagree)}.
nlohmann::json AgreementJson(const std::map<std::string, std::uint64_t>& counts, const char* none) {
  auto at = [&counts](const char* k) {
    auto it = counts.find(k);
    return it == counts.end() ? std::uint64_t(0) : it->second;
  };
  return {{"agree", at("agree")},
          {"disagree", at("disagree")},
          {none, at(none)},
          {"no_domain", at("no_domain")},
          {"agreement_rate", Rate(at("agree"), at("agree") + at("disagree"))}};
}

}  // namespace

nlohmann::json DomainLabelSummary::ToJson(const DomainFlowMonitorStats& stats, const BadPacketCounts& bad) const {
  nlohmann::json m;
  m["flows"] = m_flows;
  m["packets"] = m_packets;
  m["resolver_flows"] = m_resolverFlows;
  m["flows_labelled"] = m_labelled;
  m["flow_label_rate"] = Rate(m_labelled, m_flows - m_resolverFlows);
  m["bytes"] = m_bytes;
  m["bytes_labelled"] = m_labelledBytes;
  m["byte_label_rate"] = Rate(m_labelledBytes, m_bytes);
  m["decisions"] = m_decisions;
  m["sni"] = AgreementJson(m_agreement, "no_sni");
  m["http_host"] = AgreementJson(m_hostAgreement, "no_host");
  m["dns_responses"] = stats.dns_responses;
  m["answer_addresses"] = stats.answer_addresses;
  m["ipv6_answer_addresses"] = stats.ipv6_answer_addresses;
  m["peak_open_sessions"] = stats.peak_open_sessions;
  m["peak_answers_held"] = stats.peak_answers_held;
  m["bad_packets"] = bad.ToJson();
  if (!m_truth) return m;
  std::uint64_t seen = 0;
  for (const auto& [key, wasSeen] : m_truthSeen) seen += wasSeen ? 1 : 0;
  m["truth_flows"] = m_truth->size();
  m["truth_flows_seen"] = seen;
  m["label_accuracy"] = Rate(m_labels.correct, m_labels.flows);
  m["labels_graded"] = m_labels.flows;
  m["unlabelled_accuracy"] = Rate(m_unlabelled.correct, m_unlabelled.flows);
  m["unlabelled_graded"] = m_unlabelled.flows;
  m["shared_ip_flows"] = m_shared.flows;
  m["shared_ip_accuracy"] = Rate(m_shared.correct, m_shared.flows);
  m["address_only_shared_ip_accuracy"] = Rate(m_sharedByAddress.correct, m_sharedByAddress.flows);
  m["address_only_accuracy"] = Rate(m_byAddress.correct, m_byAddress.flows);
  return m;
}

}  // namespace ntlab
