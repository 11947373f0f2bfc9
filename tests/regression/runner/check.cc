#include "tests/regression/runner/check.h"

#include "analyzers/formats/basic-types.h"

#include <fstream>
#include <set>

namespace ntlab::regression {
namespace {

constexpr std::size_t kMaxReportedRows = 5;  // enough to see the pattern, short enough to read

FieldValues ReadFieldValues(const YAML::Node& node, const std::string& where) {
  if (!node.IsMap()) throw CaseError(where + ": expected a map of name: value");
  FieldValues values;
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    values.emplace_back(key, ExpectedValue::FromYaml(entry.second, where + "." + key));
  }
  return values;
}

std::string Describe(const FieldValues& values) {
  std::string text;
  for (const auto& [name, value] : values) text += (text.empty() ? "" : ", ") + name + "=" + value.Describe();
  return text;
}

std::string CellText(const std::string& cell) { return "'" + cell + "'"; }

}  // namespace

Check Check::FromYaml(const YAML::Node& node, std::size_t number) {
  const std::string where = "checks[" + std::to_string(number) + "]";
  if (!node.IsMap()) throw CaseError(where + ": a check is a map (csv:/json:, filter:, count:, match:)");
  static const std::set<std::string> kKeys = {"name", "csv", "json", "rows", "filter", "count", "match"};
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    if (!kKeys.count(key)) throw CaseError(where + ": unknown key '" + key + "'");
  }
  Check c;
  c.number = number;
  if (node["name"]) c.name = node["name"].as<std::string>();
  if (bool(node["csv"]) == bool(node["json"])) throw CaseError(where + ": give exactly one of csv: or json:");
  c.json = bool(node["json"]);
  c.file = node[c.json ? "json" : "csv"].as<std::string>();
  if (node["rows"]) {
    if (!c.json) throw CaseError(where + ": rows: selects an array in a JSON output; a CSV file is rows already");
    c.rows = node["rows"].as<std::string>();
  }
  if (node["filter"]) c.filter = ReadFieldValues(node["filter"], where + ".filter");
  if (node["count"]) {
    std::optional<std::uint64_t> count = ParseUnsigned(node["count"].Scalar());
    if (!count) throw CaseError(where + ".count: not a count: '" + node["count"].Scalar() + "'");
    c.count = count;
  }
  if (node["match"]) c.match = ReadFieldValues(node["match"], where + ".match");
  if (!c.IsTable() && (!c.filter.empty() || c.count))
    throw CaseError(where + ": filter:/count: need rows (a CSV file, or rows: in a JSON one)");
  if (c.match.empty() && !c.count) throw CaseError(where + ": asserts nothing (give count: and/or match:)");
  return c;
}

std::string Check::Label() const {
  std::string label = "check " + std::to_string(number);
  if (!name.empty()) label += " '" + name + "'";
  label += " (" + file + (rows.empty() ? "" : ":" + rows);
  if (!filter.empty()) label += "[" + Describe(filter) + "]";
  return label + ")";
}

std::vector<std::string> Check::Evaluate(const std::filesystem::path& outDir) const {
  const std::string path = (outDir / file).string();
  try {
    if (!json) return EvaluateTable(ReadCsvTable(path));
    std::ifstream in(path);
    if (!in) return {Label() + ": no output file " + file};
    nlohmann::json root = nlohmann::json::parse(in);
    if (rows.empty()) return EvaluateJsonValues(root);
    const nlohmann::json* array = FindJsonPath(root, rows);
    if (!array) return {Label() + ": " + file + " has no '" + rows + "'"};
    return EvaluateTable(JsonRowsTable(*array, file + ":" + rows));
  } catch (const std::exception& e) {  // unreadable output: the check fails, naming why
    return {Label() + ": " + e.what()};
  }
}

std::vector<std::string> Check::EvaluateJsonValues(const nlohmann::json& root) const {
  std::vector<std::string> failures;
  for (const auto& [key, expected] : match) {
    const nlohmann::json* actual = FindJsonPath(root, key);
    if (!actual) failures.push_back(Label() + ": no value at '" + key + "'");
    else if (!expected.MatchesJson(*actual))
      failures.push_back(Label() + ": " + key + " is " + actual->dump() + ", expected " + expected.Describe());
  }
  return failures;
}

std::vector<std::string> Check::EvaluateTable(const OutputTable& table) const {
  std::vector<std::string> failures;
  for (const FieldValues* fields : {&filter, &match})
    for (const auto& [column, value] : *fields)
      if (table.Column(column) < 0)
        failures.push_back(Label() + ": " + table.source + " has no column '" + column + "'");
  if (!failures.empty()) return failures;

  std::vector<std::size_t> selected;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    bool keep = true;
    for (const auto& [column, value] : filter)
      keep = keep && value.MatchesText(table.rows[r][std::size_t(table.Column(column))]);
    if (keep) selected.push_back(r);
  }
  if (count && selected.size() != *count)
    failures.push_back(Label() + ": " + std::to_string(selected.size()) + " rows, expected " + std::to_string(*count));
  if (match.empty()) return failures;
  // Without a count, `match` names one row (a session by its Community ID, say): it must exist once.
  if (!count && selected.size() != 1) {
    failures.push_back(Label() + ": the filter selects " + std::to_string(selected.size()) +
                       " rows; match: without count: needs exactly one");
    return failures;
  }
  std::size_t reported = 0;
  for (std::size_t r : selected) {
    for (const auto& [column, value] : match) {
      const std::string& cell = table.rows[r][std::size_t(table.Column(column))];
      if (value.MatchesText(cell)) continue;
      if (reported++ < kMaxReportedRows)
        failures.push_back(Label() + ": row " + std::to_string(r + 1) + " column '" + column + "' is " +
                           CellText(cell) + ", expected " + value.Describe());
    }
  }
  if (reported > kMaxReportedRows)
    failures.push_back(Label() + ": … and " + std::to_string(reported - kMaxReportedRows) + " more mismatches");
  return failures;
}

const nlohmann::json* FindJsonPath(const nlohmann::json& node, const std::string& path) {
  if (node.is_array()) {
    std::size_t dot = path.find('.');
    std::optional<std::uint64_t> index = ParseUnsigned(path.substr(0, dot));
    if (!index || *index >= node.size()) return nullptr;
    const nlohmann::json& element = node[std::size_t(*index)];
    return dot == std::string::npos ? &element : FindJsonPath(element, path.substr(dot + 1));
  }
  if (!node.is_object()) return nullptr;
  // Longest key first: "top10.chrome.exe" is top10 -> "chrome.exe", not top10 -> chrome -> exe.
  for (std::size_t end = path.size();;) {
    auto it = node.find(path.substr(0, end));
    if (it != node.end()) {
      if (end == path.size()) return &*it;
      if (const nlohmann::json* found = FindJsonPath(*it, path.substr(end + 1))) return found;
    }
    if (end == 0) return nullptr;
    end = path.rfind('.', end - 1);
    if (end == std::string::npos) return nullptr;
  }
}

}  // namespace ntlab::regression
