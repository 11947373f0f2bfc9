#include "tests/regression/runner/expected-value.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace ntlab::regression {

bool ParseNumber(const std::string& text, double& value) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return false;
  errno = 0;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return errno == 0 && end == text.c_str() + text.size() && std::isfinite(value);
}

ExpectedValue ExpectedValue::FromYaml(const YAML::Node& node, const std::string& where) {
  ExpectedValue v;
  if (node.IsMap()) {
    for (const auto& entry : node) {
      std::string key = entry.first.as<std::string>();
      if (key != "value" && key != "tolerance")
        throw CaseError(where + ": unknown key '" + key + "' (a number with a tolerance is {value: X, tolerance: T})");
    }
    if (!node["value"] || !node["tolerance"])
      throw CaseError(where + ": a number with a tolerance needs both 'value' and 'tolerance'");
    if (!ParseNumber(node["value"].Scalar(), v.m_number) || !ParseNumber(node["tolerance"].Scalar(), v.m_tolerance) ||
        v.m_tolerance < 0)
      throw CaseError(where + ": 'value' and 'tolerance' must be numbers, the tolerance not negative");
    v.m_kind = Kind::Number;
    return v;
  }
  if (node.IsNull()) {
    v.m_kind = Kind::Null;
    return v;
  }
  if (!node.IsScalar()) throw CaseError(where + ": expected a scalar or {value, tolerance}");
  v.m_text = node.Scalar();
  // A quoted scalar carries the non-specific tag "!": the writer meant text, whatever it looks like.
  if (node.Tag() == "!") return v;
  if (v.m_text == "true" || v.m_text == "false") {
    v.m_kind = Kind::Bool;
    v.m_bool = v.m_text == "true";
  } else if (ParseNumber(v.m_text, v.m_number)) {
    v.m_kind = Kind::Number;
  }
  return v;
}

bool ExpectedValue::NumberMatches(double actual) const { return std::fabs(actual - m_number) <= m_tolerance; }

bool ExpectedValue::MatchesText(const std::string& actual) const {
  switch (m_kind) {
    case Kind::Text: return actual == m_text;
    case Kind::Bool: return actual == (m_bool ? "true" : "false");
    case Kind::Null: return actual.empty();
    case Kind::Number: {
      double number = 0;
      return ParseNumber(actual, number) && NumberMatches(number);
    }
  }
  return false;
}

bool ExpectedValue::MatchesJson(const nlohmann::json& actual) const {
  switch (m_kind) {
    case Kind::Text: return actual.is_string() && actual.get<std::string>() == m_text;
    case Kind::Bool: return actual.is_boolean() && actual.get<bool>() == m_bool;
    case Kind::Null: return actual.is_null();
    case Kind::Number: return actual.is_number() && NumberMatches(actual.get<double>());
  }
  return false;
}

std::string ExpectedValue::Describe() const {
  switch (m_kind) {
    case Kind::Text: return "'" + m_text + "'";
    case Kind::Bool: return m_bool ? "true" : "false";
    case Kind::Null: return "null";
    case Kind::Number: {
      std::ostringstream s;
      s.precision(10);
      s << m_number;
      if (m_tolerance > 0) s << " ± " << m_tolerance;
      return s.str();
    }
  }
  return "?";
}

}  // namespace ntlab::regression
