// A regression case: one folder tests/regression/<case>/ with committed inputs and a test.yaml
// that names the ntlab commands to run, the hand-written checks on their outputs, and the outputs
// compared byte for byte with the case's expected/ folder (README.md in tests/regression/).
#pragma once

#include "tests/regression/runner/check.h"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ntlab::regression {

/// One ntlab invocation, run in the case's output folder.
struct Command {
  std::string text;               // as written in test.yaml, for messages
  std::vector<std::string> args;  // placeholders replaced, without the program
  std::string stdout_file;        // `> file`: stdout into this output file; empty: passed through
};

/// Hashes of outputs written as `<sha256>  <path>` lines (sha256sum's format), so a file listed in
/// `expected:` can pin, say, every PCAP of a simulation without committing the PCAPs.
struct Fingerprint {
  std::vector<std::string> paths;  // output files or folders (every file below, sorted)
  std::string out;                 // the output file to write
};

struct RegressionCase {
  std::filesystem::path dir;
  std::string name;  // folder name
  std::string description;
  bool simulates = false;  // ctest label `sim` instead of `analysis`
  std::vector<Command> commands;
  std::optional<Fingerprint> fingerprint;
  std::vector<Check> checks;
  std::vector<std::string> expected;  // output paths compared with expected/<path>
  /// Pairs of outputs that must be byte-identical (the same capture as pcap and pcapng, say).
  std::vector<std::pair<std::string, std::string>> identical;

  /// Reads `dir`/test.yaml; throws CaseError for anything malformed or missing.
  /// Placeholders in commands: {case} = the case folder, {corpus} = the folder holding the cases.
  static RegressionCase Load(const std::filesystem::path& dir);
};

}  // namespace ntlab::regression
