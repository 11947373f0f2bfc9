// What metrics.json of `ntlab domains` reports, counted flow by flow as flows finish: the share
// of flows and bytes labelled with a domain (paper 000 compares with 29.08 %), the decisions, the
// SNI agreement and, with a truth (expected-domains.csv), the accuracy of the labels and of the
// shared-address rule against labelling by address alone.
//
// Resolver flows (the DNS lookups themselves) are counted apart and left out of the rates: they
// carry the answers, they are not traffic to a domain.
#pragma once

#include "analyzers/capture/bad-packets.h"
#include "analyzers/domains/domain-flow-monitor.h"
#include "analyzers/formats/domain-files.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace ntlab {

class DomainLabelSummary {
 public:
  DomainLabelSummary();
  /// Grade against `truth` too (call before the first Add).
  void SetTruth(const std::vector<ExpectedDomainRow>& truth);
  void Add(const DomainFlowRow& flow);
  nlohmann::json ToJson(const DomainFlowMonitorStats& stats, const BadPacketCounts& bad_packets) const;

 private:
  struct Graded {
    std::uint64_t flows = 0;
    std::uint64_t correct = 0;
  };
  using FlowKey = std::tuple<Proto, Endpoint, Endpoint>;

  void Grade(const DomainFlowRow& flow, const std::string& expected);

  std::uint64_t m_flows = 0, m_resolverFlows = 0, m_labelled = 0, m_packets = 0;
  std::uint64_t m_bytes = 0, m_labelledBytes = 0;
  std::map<std::string, std::uint64_t> m_decisions, m_agreement, m_hostAgreement;
  std::optional<std::map<FlowKey, std::string>> m_truth;
  std::map<FlowKey, bool> m_truthSeen;
  Graded m_labels;           // labelled flows with a truth: is the domain right
  Graded m_unlabelled;       // unlabelled flows with a truth: is "no domain" right
  Graded m_shared;           // shared-address flows: the rule
  Graded m_sharedByAddress;  // the same flows: the address-only baseline
  Graded m_byAddress;        // every flow with a truth: the address-only baseline
};

}  // namespace ntlab
