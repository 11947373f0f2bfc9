#include "analyzers/formats/sim-isolation-files.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/csv-fields.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace ntlab {
namespace {

Ipv4 JsonIp(const nlohmann::json& j, const char* key, const std::string& path) {
  auto ip = ParseIpv4(j.at(key).get<std::string>());
  if (!ip) throw InputError(path + ": " + key + ": not an IPv4 address");
  return *ip;
}

}  // namespace

void WriteSimIsolationSummary(const std::string& path, const SimIsolationSummary& s) {
  nlohmann::json j;
  j["host"] = s.host;
  j["host_ip"] = FormatIpv4(s.host_ip);
  j["instance_ip"] = FormatIpv4(s.instance_ip);
  j["responder_ip"] = FormatIpv4(s.responder_ip);
  j["move_ts"] = FormatTs(s.move_ts);
  j["rules"] = s.rules;
  j["report_length_scale"] = s.report_length_scale;
  j["leaked_packets"] = s.leaked_packets;
  j["leaked_by_node"] = s.leaked_by_node;
  j["switch_verdicts"] = s.switch_verdicts;
  j["recorded_exchanges"] = s.recorded_exchanges;
  j["answered"] = s.answered;
  j["unmatched"] = s.unmatched;
  j["contained_by_graph"] = s.contained_by_graph;
  j["graph_leak_path"] = s.graph_leak_path;
  j["graph_usable_edges"] = s.graph_usable_edges;
  WriteFileAtomically(path, j.dump(2) + "\n");
}

SimIsolationSummary ReadSimIsolationSummary(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open file (missing or unreadable)");
  try {
    nlohmann::json j = nlohmann::json::parse(in);
    SimIsolationSummary s;
    s.host = j.at("host").get<std::string>();
    s.host_ip = JsonIp(j, "host_ip", path);
    s.instance_ip = JsonIp(j, "instance_ip", path);
    s.responder_ip = JsonIp(j, "responder_ip", path);
    auto move = ParseTs(j.at("move_ts").get<std::string>());
    if (!move) throw InputError(path + ": move_ts: not a time");
    s.move_ts = *move;
    s.rules = j.at("rules").get<std::string>();
    s.report_length_scale = j.at("report_length_scale").get<double>();
    s.leaked_packets = j.at("leaked_packets").get<std::uint64_t>();
    s.leaked_by_node = j.at("leaked_by_node").get<std::map<std::string, std::uint64_t>>();
    s.switch_verdicts = j.at("switch_verdicts").get<std::map<std::string, std::uint64_t>>();
    s.recorded_exchanges = j.at("recorded_exchanges").get<std::uint64_t>();
    s.answered = j.at("answered").get<std::uint64_t>();
    s.unmatched = j.at("unmatched").get<std::uint64_t>();
    s.contained_by_graph = j.at("contained_by_graph").get<bool>();
    s.graph_leak_path = j.at("graph_leak_path").get<std::vector<std::string>>();
    s.graph_usable_edges = j.at("graph_usable_edges").get<std::vector<std::string>>();
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + ": malformed isolation summary: " + e.what());
  }
}

void WriteResponderAnswers(const std::string& path, const std::vector<ResponderAnswerRow>& rows) {
  CsvWriter csv(path, {"ts", "method", "path", "recorded", "recorded_ts", "response_bytes"});
  for (const auto& r : rows)
    csv.Row(FormatTs(r.ts), r.method, r.path, r.recorded, r.recorded < 0 ? std::string() : FormatTs(r.recorded_ts),
            r.response_bytes);
  csv.Commit();
}

std::vector<ResponderAnswerRow> ReadResponderAnswers(const std::string& path) {
  using namespace csv_fields;
  CsvRowReader<6> csv(path, {"ts", "method", "path", "recorded", "recorded_ts", "response_bytes"});
  CsvRowReader<6>::Row f;
  std::vector<ResponderAnswerRow> rows;
  while (csv.Next(f)) {
    ResponderAnswerRow r;
    r.ts = RequireTs(csv, 0, f[0]);
    r.method = f[1];
    r.path = f[2];
    r.recorded = RequireInteger(csv, 3, f[3]);
    if (r.recorded >= 0) r.recorded_ts = RequireTs(csv, 4, f[4]);
    r.response_bytes = RequireId32(csv, 5, f[5], "a byte count");
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace ntlab
