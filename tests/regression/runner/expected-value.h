// A value a regression check expects: written in test.yaml, compared with a CSV field or a JSON
// value of an output. YAML decides the kind, so a check reads as it is written:
//   chrome.exe, "443"        text (quoted scalars are always text)
//   443, 0.9817               a number, equal exactly
//   {value: 0.98, tolerance: 0.005}   a number within a tolerance
//   true / false, null       a JSON boolean / null (in a CSV: the text "true"/"false", an empty field)
#pragma once

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace ntlab::regression {

class ExpectedValue {
 public:
  /// Throws CaseError naming `where` when the node is not a scalar or a {value, tolerance} map.
  static ExpectedValue FromYaml(const YAML::Node& node, const std::string& where);

  bool MatchesText(const std::string& actual) const;
  bool MatchesJson(const nlohmann::json& actual) const;
  /// As a reader would write it: 'chrome.exe', 0.98 ± 0.005, true, null.
  std::string Describe() const;

 private:
  enum class Kind { Text, Number, Bool, Null };
  bool NumberMatches(double actual) const;

  Kind m_kind = Kind::Text;
  std::string m_text;
  double m_number = 0;
  double m_tolerance = 0;
  bool m_bool = false;
};

/// A schema error in test.yaml (the case is broken, not the code under test).
class CaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses the whole of `text` as a number; false if any of it is not part of one.
bool ParseNumber(const std::string& text, double& value);

}  // namespace ntlab::regression
