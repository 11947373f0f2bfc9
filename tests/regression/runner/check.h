// One hand-written check of a regression case (test.yaml `checks:`), in suricata-verify's style:
// it names an output, picks rows with `filter` (column = value, all ANDed) and asserts their
// `count` and/or that they `match` field values; or, for a JSON output without `rows`, asserts
// values by dotted path. A check says only what its case is about, so unrelated counters can
// change without touching it (nDPI's full-output diffs are the `expected/` files' job).
#pragma once

#include "tests/regression/runner/expected-value.h"
#include "tests/regression/runner/output-table.h"

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ntlab::regression {

using FieldValues = std::vector<std::pair<std::string, ExpectedValue>>;

struct Check {
  std::size_t number = 0;  // 1-based place in test.yaml, named in every message
  std::string name;        // `name:`, or empty
  std::string file;        // output file, relative to the case's output folder
  bool json = false;       // `json:` (else `csv:`)
  std::string rows;        // JSON only: dotted path of an array of objects, checked like CSV rows
  FieldValues filter;
  std::optional<std::uint64_t> count;
  FieldValues match;

  /// Throws CaseError for unknown keys or a combination that asserts nothing.
  static Check FromYaml(const YAML::Node& node, std::size_t number);

  /// "check 3 'name' (labels.csv[stage=A])": how messages name the check.
  std::string Label() const;
  /// Failure messages, each starting with Label(); empty when the check holds.
  std::vector<std::string> Evaluate(const std::filesystem::path& outDir) const;

 private:
  bool IsTable() const { return !json || !rows.empty(); }
  std::vector<std::string> EvaluateJsonValues(const nlohmann::json& root) const;
  std::vector<std::string> EvaluateTable(const OutputTable& table) const;
};

/// The value at a dotted path (`stages.A.decided`, `confusion.0.1`). Object keys may contain dots
/// (`top10.chrome.exe`): the longest key that leads on is taken. Null if there is none.
const nlohmann::json* FindJsonPath(const nlohmann::json& root, const std::string& path);

}  // namespace ntlab::regression
