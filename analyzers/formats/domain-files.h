// The files of the domain labelling stage (paper 000, docs/domains.md, docs/formats.md):
// - flows.csv: one row per session with the domain its DNS answers gave it, how that was decided,
//   the alternatives, the SNI and whether the two agree; written as sessions finish (streaming);
// - expected-domains.csv: the truth a regression case or a hand-made capture gives, the domain
//   each flow should get (empty: none, e.g. a hard-coded address).
// Readers throw InputError naming file, line and column; writers write atomically.
#pragma once

#include "analyzers/formats/csv-io.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

/// One row of flows.csv. Lists are joined: cname_chain by '>' (question first), alternatives by
/// ';' (sorted).
struct DomainFlowRow {
  std::uint64_t flow_id = 0;  // session id, in creation order
  Proto proto = Proto::Tcp;
  Endpoint host;
  Endpoint remote;
  Direction direction = Direction::Outbound;
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::string domain;
  std::string decision;  // dns, shared_first_flow, shared_latest, expired, no_answer, inbound, resolver
  std::string cname_chain;
  std::string alternatives;
  TimeUs answer_ts = 0;  // 0: no answer used (written empty)
  std::uint32_t ttl = 0;
  std::string address_only_domain;
  std::string sni;
  std::string sni_agreement;  // agree, disagree, no_sni, no_domain
  std::string http_host;            // Host of a plaintext HTTP request opening the flow
  std::string http_host_agreement;  // agree, disagree, no_host, no_domain
  std::string process;              // paper 001's label with --socket-log; empty without
  std::string user;                 // its owner's account from the socket log's user column; empty without
  std::string community_id;
};

class DomainFlowWriter {
 public:
  explicit DomainFlowWriter(const std::string& path);
  void Write(const DomainFlowRow& row);
  void Commit() { m_csv.Commit(); }

 private:
  CsvWriter m_csv;
};

std::vector<DomainFlowRow> ReadDomainFlowsCsv(const std::string& path);

/// One row of crosscheck.csv (`ntlab domains --socket-log`): a session's process label, its
/// names side by side and the cross-check's verdict (analyzers/domains/label-cross-check.h).
struct CrossCheckRow {
  std::uint64_t flow_id = 0;
  Proto proto = Proto::Tcp;
  Endpoint host;
  Endpoint remote;
  TimeUs first_ts = 0;
  std::string process;        // the engine's label ("Unknown" when none)
  std::string truth_process;  // empty without a truth
  std::string domain, sni, http_host;
  std::string name;           // what the profile counts: domain, else SNI, else Host, last two labels
  std::string verdict;        // usual, unusual, no_profile, no_name, no_process
  double name_share = 0;      // share of the process's other named sessions with this name
  std::uint64_t process_sessions = 0;  // the process's other named sessions
};

class CrossCheckWriter {
 public:
  explicit CrossCheckWriter(const std::string& path);
  void Write(const CrossCheckRow& row);
  void Commit() { m_csv.Commit(); }

 private:
  CsvWriter m_csv;
};

std::vector<CrossCheckRow> ReadCrossCheckCsv(const std::string& path);

/// One row of expected-domains.csv: the domain the flow (proto, host and remote endpoints) should
/// be labelled with; empty when it should get none. One row per flow key.
struct ExpectedDomainRow {
  Proto proto = Proto::Tcp;
  Endpoint host;
  Endpoint remote;
  std::string domain;
};

std::vector<ExpectedDomainRow> ReadExpectedDomainsCsv(const std::string& path);
void WriteExpectedDomainsCsv(const std::string& path, const std::vector<ExpectedDomainRow>& rows);

}  // namespace ntlab
