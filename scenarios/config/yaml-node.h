// The YAML walker shared by the config loaders (scenario files, workload catalogs): it keeps the
// key path for error messages ("<file>: <key path>: <reason>", thrown as InputError) and refuses
// unknown keys. No ns-3.
#pragma once

#include "analyzers/formats/basic-types.h"
#include "scenarios/config/scenario-config.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdint>
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

  [[noreturn]] void Fail(const std::string& reason) const {
    throw InputError(*m_file + ": " + (m_path.empty() ? "(top level)" : m_path) + ": " + reason);
  }

  /// Requires a map whose keys are all in `allowed`.
  void ExpectMap(std::initializer_list<const char*> allowed) const {
    if (!m_node.IsMap()) Fail("expected a mapping of keys");
    for (const auto& item : m_node) {
      std::string key = item.first.as<std::string>();
      bool known = false;
      for (const char* a : allowed) known = known || key == a;
      if (!known) {
        std::string list;
        for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
        Child(key).Fail("unknown key (allowed here: " + list + ")");
      }
    }
  }

  bool Has(const char* key) const { return m_node[key].IsDefined() && !m_node[key].IsNull(); }
  Node Child(const std::string& key) const {
    return Node(m_node[key], m_path.empty() ? key : m_path + "." + key, m_file);
  }
  Node Required(const char* key) const {
    if (!Has(key)) Child(key).Fail("required key is missing");
    return Child(key);
  }

  std::vector<Node> Items() const {
    if (!m_node.IsSequence()) Fail("expected a list");
    std::vector<Node> items;
    for (std::size_t i = 0; i < m_node.size(); ++i)
      items.emplace_back(m_node[i], m_path + "[" + std::to_string(i) + "]", m_file);
    return items;
  }

  std::string Text() const {
    if (!m_node.IsScalar()) Fail("expected a single value");
    return m_node.Scalar();
  }
  double Number() const {
    try {
      return m_node.as<double>();
    } catch (const YAML::Exception&) {
      Fail("'" + Text() + "' is not a number");
    }
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
  LogNormalSpec LogNormal(bool as_duration) const {
    ExpectMap({"median", "sigma"});
    LogNormalSpec spec;
    spec.median = as_duration ? Required("median").Seconds() : Required("median").Positive();
    spec.sigma = Has("sigma") ? Child("sigma").Number() : 1.0;
    if (spec.sigma < 0 || spec.sigma > 5) Child("sigma").Fail("must be within 0..5");
    return spec;
  }

 private:
  YAML::Node m_node;
  std::string m_path;
  const std::string* m_file;
};

}  // namespace yaml
}  // namespace ntlab
