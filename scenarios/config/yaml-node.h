// The YAML walker shared by the config loaders (scenario files, workload catalogs): it keeps the
// key path for error messages ("<file>: <key path>: <reason>", thrown as InputError) and refuses
// unknown keys. No ns-3.
#pragma once

#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/text-rules.h"
#include "scenarios/config/scenario-config.h"
#include "scenarios/config/value-checks.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace ntlab {
namespace yaml {

/// Walks a YAML tree keeping the key path for error messages, and refuses unknown keys.
class Node {
 public:
  Node(const YAML::Node& node, std::string path, const std::string* file)
      : m_node(node), m_path(std::move(path)), m_file(file) {}

  /// Throws "<file>: <key path>: <reason>", control bytes escaped so that it stays one line.
  [[noreturn]] void Fail(const std::string& reason) const {
    throw InputError(*m_file + ": " + (m_path.empty() ? "(top level)" : m_path) + ": " + reason);
  }

  /// Requires a map whose keys are all in `allowed`.
  void ExpectMap(std::initializer_list<const char*> allowed) const {
    if (!m_node.IsMap()) Fail("expected a mapping of keys");
    for (const auto& item : m_node) {
      // A complex key ("? [a, b]" or "{a: 1}: x") has no text: yaml-cpp would throw a bare bad conversion.
      if (!item.first.IsScalar()) Fail("a key must be a plain name, not a list or a mapping");
      std::string key = item.first.Scalar();
      bool known = false;
      for (const char* a : allowed) known = known || key == a;
      if (!known) {
        std::string list;
        for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
        Child(key).Fail("unknown key (allowed here: " + list + ")");
      }
    }
  }

  // A key is looked up in a mapping only: yaml-cpp throws its own BadSubscript ("operator[] call on
  // a scalar") for a single value or a list where a mapping belongs.
  bool Has(const char* key) const { return m_node.IsMap() && m_node[key].IsDefined() && !m_node[key].IsNull(); }
  Node Child(const std::string& key) const {
    if (m_node.IsScalar() || m_node.IsSequence()) Fail("expected a mapping of keys");
    return Node(m_node[key], m_path.empty() ? key : m_path + "." + key, m_file);
  }
  Node Required(const char* key) const {
    if (!Has(key)) Child(key).Fail("required key is missing");
    return Child(key);
  }

  /// A mapping whose keys are names (profiles: {office-day: ...}): each name with its value, in
  /// file order. The value is taken from the entry itself, never looked up again by its name: a
  /// lookup of a key that did not read back (a null key) hands yaml-cpp's InvalidNode to the caller.
  std::vector<std::pair<std::string, Node>> Entries() const {
    if (!m_node.IsMap()) Fail("expected a mapping of names");
    std::vector<std::pair<std::string, Node>> entries;
    for (const auto& item : m_node) {
      if (!item.first.IsScalar() || item.first.Scalar().empty()) Fail("a name must be a plain, non-empty value");
      const std::string& name = item.first.Scalar();
      for (const auto& earlier : entries)
        if (earlier.first == name) Fail("'" + name + "' is listed twice");
      entries.emplace_back(name, Node(item.second, m_path.empty() ? name : m_path + "." + name, m_file));
    }
    return entries;
  }

  std::vector<Node> Items() const {
    if (!m_node.IsSequence()) Fail("expected a list");
    std::vector<Node> items;
    for (std::size_t i = 0; i < m_node.size(); ++i)
      items.emplace_back(m_node[i], m_path + "[" + std::to_string(i) + "]", m_file);
    return items;
  }

  /// The scalar's text, under the input text rule every CSV field keeps too
  /// (analyzers/formats/text-rules.h): UTF-8, no control character (a NUL would cut a name short in
  /// every C API and CSV reader downstream, a CR garbles the files and terminals that show it), at
  /// most kMaxFieldBytes.
  std::string Text() const {
    if (!m_node.IsScalar()) Fail("expected a single value");
    const std::string& text = m_node.Scalar();
    const std::string refusal = TextRuleRefusal(text);
    if (!refusal.empty()) Fail(refusal);
    return text;
  }
  /// A finite number (".inf" and ".nan" are refused).
  double Number() const {
    double v = 0;
    try {
      v = m_node.as<double>();
    } catch (const YAML::Exception&) {
      Fail("'" + Text() + "' is not a number");
    }
    if (!std::isfinite(v)) Fail("'" + Text() + "' is not a finite number");
    return v;
  }
  /// A number within [min, max].
  double NumberWithin(double min, double max) const {
    double v = Number();
    if (v < min || v > max) Fail("must be within " + FormatBound(min) + ".." + FormatBound(max));
    return v;
  }
  /// A whole number within [min, max].
  std::uint32_t WholeWithin(std::uint32_t min, std::uint32_t max) const {
    double v = Number();
    if (v < min || v > max || v != std::floor(v))
      Fail("must be a whole number within " + std::to_string(min) + ".." + std::to_string(max));
    return static_cast<std::uint32_t>(v);
  }
  double Positive() const {
    double v = Number();
    if (!(v > 0) || !std::isfinite(v)) Fail("must be > 0");
    return v;
  }
  bool Bool() const {
    try {
      return m_node.as<bool>();
    } catch (const YAML::Exception&) {
      Fail("'" + Text() + "' is not true/false");
    }
  }
  /// A duration in seconds, strictly positive unless allow_zero.
  double Seconds(bool allow_zero = false) const {
    double s = 0;
    if (!ParseDuration(Text(), s)) Fail("'" + Text() + "' is not a duration (e.g. 50ms, 2s, 3min, 1h)");
    if (s < 0 || (!allow_zero && s == 0)) Fail(allow_zero ? "must be >= 0" : "must be > 0");
    return s;
  }
  /// A duration within [min_s, max_s]; `range` says it the way the schema does ("10ms .. 1d").
  double SecondsWithin(double min_s, double max_s, const char* range) const {
    double s = 0;
    if (!ParseDuration(Text(), s)) Fail("'" + Text() + "' is not a duration (e.g. 50ms, 2s, 3min, 1h)");
    if (s < min_s || s > max_s) Fail("'" + Text() + "' is out of range (must be within " + range + ")");
    return s;
  }
  std::uint16_t Port() const {
    auto p = ParsePort(Text());
    if (!p || *p == 0) Fail("'" + Text() + "' is not a port (1-65535)");
    return *p;
  }
  std::vector<std::string> Strings() const {
    std::vector<std::string> out;
    for (const auto& item : Items()) out.push_back(item.Text());
    return out;
  }
  /// {median, sigma}: a duration of 1 us .. 1 day, or a byte count of 1 .. 16 MiB (a median
  /// beyond those is a typo and would make every draw a very long connection or a huge buffer).
  LogNormalSpec LogNormal(bool as_duration) const {
    ExpectMap({"median", "sigma"});
    LogNormalSpec spec;
    spec.median = as_duration ? Required("median").SecondsWithin(1e-6, 86400, "1us .. 1d")
                              : Required("median").NumberWithin(1, 16 * 1024 * 1024);
    spec.sigma = Has("sigma") ? Child("sigma").NumberWithin(0, 5) : 1.0;
    return spec;
  }

 private:

  static std::string FormatBound(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }

  YAML::Node m_node;
  std::string m_path;
  const std::string* m_file;
};

}  // namespace yaml
}  // namespace ntlab
