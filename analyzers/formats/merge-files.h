// merged.csv of `ntlab merge` (paper 000's device <-> network merge; semantics in docs/domains.md,
// columns in docs/formats.md): one row per flow of the network view (outside the NAT), with the
// device flow its packets' fingerprints point at, and that flow's domain, process and PID.
// The reader throws InputError naming file, line and column; the writer writes atomically.
#pragma once

#include "analyzers/formats/csv-io.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

struct MergedFlowRow {
  Proto proto = Proto::Tcp;
  Endpoint public_side;           // the monitored side as the network view saw it (translated)
  Endpoint remote;
  TimeUs first_ts = 0, last_ts = 0;
  std::uint64_t packets = 0;      // network packets
  std::uint64_t matched = 0;      // with a fingerprint of exactly one device flow
  std::uint64_t colliding = 0;    // with a fingerprint of several device flows
  bool merged = false;
  Endpoint host;                  // the device flow's host side (0.0.0.0:0 when not merged)
  std::uint64_t votes = 0;        // packets that named that device flow
  std::string domain;             // the network view's DNS label of the flow; empty when none
  std::string process;            // the device view's process label; empty when not merged or unlabelled
  std::optional<std::uint32_t> pid;
  std::string user;               // that process's owner (the device view's socket log); empty when unknown
};

class MergedFlowWriter {
 public:
  explicit MergedFlowWriter(const std::string& path);
  void Write(const MergedFlowRow& row);
  void Commit() { m_csv.Commit(); }

 private:
  CsvWriter m_csv;
};

std::vector<MergedFlowRow> ReadMergedFlowsCsv(const std::string& path);

}  // namespace ntlab
