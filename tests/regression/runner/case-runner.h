// Runs one regression case as suricata-verify runs suricata: the real `ntlab` binary on the case's
// committed inputs, in a fresh output folder; then the fingerprint, the byte-for-byte comparison
// with expected/ and the hand-written checks. Every failure is reported, not only the first.
//
// With `update` (NTLAB_UPDATE_BASELINES=1) the expected/ files are rewritten from the outputs
// instead of compared, so an intended change shows up as a diff in review. The hand-written
// checks are never rewritten and still apply: changing them is a deliberate edit.
#pragma once

#include "tests/regression/runner/regression-case.h"

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace ntlab::regression {

struct RunOptions {
  std::filesystem::path ntlab;  // the ntlab executable
  std::filesystem::path work;   // output folder (emptied first, kept afterwards for inspection)
  bool update = false;
};

struct CaseResult {
  std::vector<std::string> failures;
  std::vector<std::string> updated;  // expected/ files rewritten (update mode)
  bool Passed() const { return failures.empty(); }
};

CaseResult RunCase(const RegressionCase& regressionCase, const RunOptions& options, std::ostream& log);

/// `<sha256>  <path>` lines for the files under `paths` (relative to `root`), sorted by path.
std::string FingerprintText(const std::filesystem::path& root, const std::vector<std::string>& paths);

/// Whether NTLAB_UPDATE_BASELINES asks for an update (set, and neither empty nor "0").
bool UpdateRequested();

}  // namespace ntlab::regression
