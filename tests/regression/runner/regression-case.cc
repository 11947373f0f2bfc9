#include "tests/regression/runner/regression-case.h"

#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace ntlab::regression {
namespace {

// The commands ntlab offers; `run` is the only one that simulates.
const std::set<std::string> kCommands = {"label",    "sessions", "zeus",    "kraken",    "domains",
                                         "run",      "validate", "rewrite", "messengers", "block",
                                         "report",   "truth"};

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

Command ParseCommand(const std::string& text, const fs::path& caseDir, const std::string& where) {
  Command c;
  c.text = text;
  std::istringstream words(text);
  std::string word;
  bool redirect = false;
  // Split before substituting, so a checkout path with spaces stays one argument.
  while (words >> word) {
    if (word == ">") {
      if (redirect) throw CaseError(where + ": two '>' in one command");
      redirect = true;
      continue;
    }
    if (redirect) {
      if (!c.stdout_file.empty()) throw CaseError(where + ": '>' takes one file name");
      c.stdout_file = word;
      continue;
    }
    word = Replace(word, "{case}", caseDir.string());
    c.args.push_back(Replace(word, "{corpus}", caseDir.parent_path().string()));
  }
  if (redirect && c.stdout_file.empty()) throw CaseError(where + ": '>' without a file name");
  if (c.args.empty() || !kCommands.count(c.args.front()))
    throw CaseError(where + ": not an ntlab command: '" + text + "'");
  return c;
}

std::vector<std::string> StringList(const YAML::Node& node, const std::string& where) {
  if (!node.IsSequence()) throw CaseError(where + ": expected a list");
  std::vector<std::string> items;
  for (const auto& item : node) items.push_back(item.as<std::string>());
  return items;
}

Fingerprint ParseFingerprint(const YAML::Node& node) {
  if (!node.IsMap() || !node["paths"] || !node["out"])
    throw CaseError("fingerprint: needs paths: (outputs to hash) and out: (the file to write)");
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    if (key != "paths" && key != "out") throw CaseError("fingerprint: unknown key '" + key + "'");
  }
  return Fingerprint{StringList(node["paths"], "fingerprint.paths"), node["out"].as<std::string>()};
}

}  // namespace

RegressionCase RegressionCase::Load(const fs::path& dir) {
  RegressionCase c;
  c.dir = fs::absolute(dir).lexically_normal();
  if (!c.dir.has_filename()) c.dir = c.dir.parent_path();  // "case/" names the folder too
  c.name = c.dir.filename().string();
  const fs::path file = c.dir / "test.yaml";
  try {
    // Only ever indexed const: yaml-cpp's non-const operator[] can write into the document.
    const YAML::Node root = YAML::LoadFile(file.string());
    static const std::set<std::string> kKeys = {"description", "simulates", "commands", "fingerprint",
                                                "checks",      "expected",  "identical"};
    for (const auto& entry : root) {
      std::string key = entry.first.as<std::string>();
      if (!kKeys.count(key)) throw CaseError("unknown key '" + key + "'");
    }
    if (root["description"]) c.description = root["description"].as<std::string>();
    if (c.description.empty() && !fs::exists(c.dir / "README.md"))
      throw CaseError("say what the case proves and how its inputs were made (description: or README.md)");
    if (root["simulates"]) c.simulates = root["simulates"].as<bool>();
    if (!root["commands"]) throw CaseError("commands: missing");
    std::vector<std::string> commands = StringList(root["commands"], "commands");
    for (std::size_t i = 0; i < commands.size(); ++i)
      c.commands.push_back(ParseCommand(commands[i], c.dir, "commands[" + std::to_string(i + 1) + "]"));
    bool runs = false;
    for (const Command& command : c.commands) runs = runs || command.args.front() == "run";
    // The flag picks the ctest label (CMake reads it); it must not hide a simulation from it.
    if (runs != c.simulates)
      throw CaseError(runs ? "a case that runs `ntlab run` must say simulates: true"
                           : "simulates: true, but no command runs `ntlab run`");
    if (root["fingerprint"]) c.fingerprint = ParseFingerprint(root["fingerprint"]);
    if (root["checks"]) {
      const YAML::Node checks = root["checks"];
      if (!checks.IsSequence()) throw CaseError("checks: expected a list");
      for (std::size_t i = 0; i < checks.size(); ++i) c.checks.push_back(Check::FromYaml(checks[i], i + 1));
    }
    if (root["expected"]) c.expected = StringList(root["expected"], "expected");
    if (root["identical"]) {
      if (!root["identical"].IsSequence()) throw CaseError("identical: expected a list of [output, output] pairs");
      for (const auto& pair : root["identical"]) {
        std::vector<std::string> files = StringList(pair, "identical");
        if (files.size() != 2) throw CaseError("identical: each entry names two outputs");
        c.identical.emplace_back(files[0], files[1]);
      }
    }
    if (c.checks.empty() && c.expected.empty() && c.identical.empty())
      throw CaseError("the case checks nothing (no checks:, expected: or identical:)");
  } catch (const CaseError& e) {
    throw CaseError(file.string() + ": " + e.what());
  } catch (const YAML::Exception& e) {
    throw CaseError(file.string() + ": " + e.what());
  }
  return c;
}

}  // namespace ntlab::regression
