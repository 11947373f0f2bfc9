// The whole device <-> network merge behind `ntlab merge` (paper 000): the network view's flows
// joined to the device view's by packet fingerprints (view-merge.h), each merged record carrying
// the network view's domain and the device view's process; merged.csv and metrics.json.
#pragma once

#include "analyzers/capture/capture-options.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ntlab {

struct MergeRunOptions {
  std::vector<std::string> device;   // the hosts' own captures (inside the NAT), files or folders
  std::vector<std::string> network;  // the capture outside the NAT
  std::string labels;                // the device view's labels.csv (process); empty: none
  std::string socket_log;            // the device view's socket log (the labelled process's user); empty: none
  std::string domains;               // the network view's flows.csv (`ntlab domains`); empty: none
  std::string truth;                 // expected-domains.csv, keyed by device flow; empty: no grading
  std::string out_dir;               // merged.csv, metrics.json (the folder must exist)
  CaptureOptions capture;            // --strict-captures, for both views
};

/// Returns the content of metrics.json.
nlohmann::json RunViewMerge(const MergeRunOptions& options);

}  // namespace ntlab
