#include "analyzers/formats/block-policy.h"

#include "analyzers/formats/messenger-files.h"
#include "analyzers/formats/text-rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

namespace ntlab {
namespace {

[[noreturn]] void Fail(const std::string& path, const std::string& key, const std::string& reason) {
  throw InputError(path + ": key '" + key + "': " + reason);
}

void ExpectKeys(const std::string& path, const std::string& where, const YAML::Node& node,
                const std::vector<std::string>& allowed) {
  if (!node.IsMap()) Fail(path, where.empty() ? "(top level)" : where, "must be a mapping");
  for (const auto& entry : node) {
    const std::string key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      Fail(path, where.empty() ? key : where + "." + key, "unknown key");
  }
}

std::vector<std::string> ScalarList(const std::string& path, const std::string& key, const YAML::Node& node) {
  if (!node.IsSequence()) Fail(path, key, "must be a list");
  std::vector<std::string> values;
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) Fail(path, key, "every entry must be a non-empty text");
    values.push_back(item.Scalar());
  }
  return values;
}

CidrPrefix ParsePrefix(const std::string& path, const std::string& key, const std::string& text) {
  auto slash = text.find('/');
  auto ip = ParseIpv4(std::string_view(text).substr(0, slash));
  auto length = slash == std::string::npos ? std::optional<std::uint64_t>(32)
                                           : ParseUnsigned(std::string_view(text).substr(slash + 1));
  if (!ip || !length || *length < 1 || *length > 32)
    Fail(path, key, QuoteForMessage(text) + " is not a network in CIDR form (a.b.c.d/n)");
  CidrPrefix prefix{*ip, int(*length)};
  if (prefix.network != (*ip & (prefix.length == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix.length))))
    Fail(path, key, QuoteForMessage(text) + " has host bits set");
  return prefix;
}

IpTablePolicy ReadIpTable(const std::string& path, const YAML::Node& node) {
  ExpectKeys(path, "ip_table", node, {"prefixes", "file", "ports"});
  IpTablePolicy table;
  if (node["prefixes"])
    for (const auto& text : ScalarList(path, "ip_table.prefixes", node["prefixes"]))
      table.prefixes.push_back(ParsePrefix(path, "ip_table.prefixes", text));
  if (node["file"]) {
    if (!node["file"].IsScalar()) Fail(path, "ip_table.file", "must be a file name");
    std::filesystem::path file(node["file"].Scalar());
    if (file.is_relative()) file = std::filesystem::path(path).parent_path() / file;
    std::vector<IpTableRow> rows;
    try {
      rows = ReadIpTableCsv(file.string());  // the format `ntlab messengers` writes
    } catch (const InputError& e) {
      Fail(path, "ip_table.file", e.what());
    }
    for (const auto& row : rows) table.prefixes.push_back({row.network, row.prefix_length});
  }
  if (node["ports"])
    for (const auto& text : ScalarList(path, "ip_table.ports", node["ports"])) {
      auto port = ParsePort(text);
      if (!port || *port == 0) Fail(path, "ip_table.ports", QuoteForMessage(text) + " is not a port (1-65535)");
      table.ports.insert(*port);
    }
  if (table.prefixes.empty()) Fail(path, "ip_table", "names no prefix (give prefixes and/or file)");
  return table;
}

ProcessMatcher ReadMatcher(const std::string& path, const std::string& key, const YAML::Node& node) {
  ExpectKeys(path, key, node, {"image_names", "window_classes", "control_texts"});
  ProcessMatcher matcher;
  if (node["image_names"])
    for (const auto& name : ScalarList(path, key + ".image_names", node["image_names"]))
      matcher.image_names.insert(LowerAscii(name));
  if (node["window_classes"])
    for (const auto& name : ScalarList(path, key + ".window_classes", node["window_classes"]))
      matcher.window_classes.insert(name);
  if (node["control_texts"])
    for (const auto& text : ScalarList(path, key + ".control_texts", node["control_texts"]))
      matcher.control_texts.insert(text);
  if (matcher.image_names.empty() && matcher.window_classes.empty() && matcher.control_texts.empty())
    Fail(path, key, "matches no process (give image_names, window_classes and/or control_texts)");
  return matcher;
}

}  // namespace

bool CidrPrefix::Contains(Ipv4 ip) const {
  const Ipv4 mask = length == 32 ? 0xffffffffu : ~(0xffffffffu >> length);
  return (ip & mask) == network;
}

std::string FormatCidr(const CidrPrefix& prefix) { return FormatCidr(prefix.network, prefix.length); }

std::string LowerAscii(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return text;
}

BlockPolicy ReadBlockPolicy(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(path + ": cannot open policy file (missing or unreadable)");
  } catch (const YAML::Exception& e) {
    throw InputError(path + ": not valid YAML: " + e.what());
  }
  try {
    ExpectKeys(path, "", root, {"ip_table", "process", "process_packets"});
    BlockPolicy policy;
    if (root["ip_table"]) policy.ip_table = ReadIpTable(path, root["ip_table"]);
    if (root["process"]) policy.process = ReadMatcher(path, "process", root["process"]);
    if (root["process_packets"]) policy.process_packets = ReadMatcher(path, "process_packets", root["process_packets"]);
    if (!policy.ip_table && !policy.process && !policy.process_packets)
      Fail(path, "(top level)", "no blocking method (give ip_table, process and/or process_packets)");
    return policy;
  } catch (const YAML::Exception& e) {  // a node of an unexpected kind deep inside
    throw InputError(path + ": unexpected YAML structure: " + e.what());
  }
}

}  // namespace ntlab
