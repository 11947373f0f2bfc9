#include "analyzers/botnet/kraken-truth.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/csv-io.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <climits>
#include <map>
#include <set>
#include <tuple>

namespace ntlab {

namespace {
void Finalise(KrakenGrade& g) {
  if (g.tp + g.fp > 0) g.precision = double(g.tp) / double(g.tp + g.fp);
  if (g.tp + g.fn > 0) g.recall = double(g.tp) / double(g.tp + g.fn);
}

void Count(KrakenGrade& g, bool flagged, bool truth) {
  if (flagged && truth) ++g.tp;
  else if (flagged) ++g.fp;
  else if (truth) ++g.fn;
  else ++g.tn;
}

nlohmann::json ToJson(const std::optional<KrakenGrade>& g) {
  if (!g) return nullptr;
  nlohmann::json j;
  j["tp"] = g->tp;
  j["fp"] = g->fp;
  j["fn"] = g->fn;
  j["tn"] = g->tn;
  j["precision"] = g->precision ? nlohmann::json(*g->precision) : nlohmann::json(nullptr);
  j["recall"] = g->recall ? nlohmann::json(*g->recall) : nlohmann::json(nullptr);
  return j;
}

}  // namespace

KrakenGrade GradeKrakenHosts(const KrakenDetection& detection, const std::vector<KrakenTruthHost>& truth) {
  std::set<IpAddress> infected;
  for (const auto& t : truth) infected.insert(t.ip);
  KrakenGrade g;
  std::set<IpAddress> seen;
  for (const auto& h : detection.hosts) {
    seen.insert(h.host);
    Count(g, h.infected, infected.count(h.host) != 0);
  }
  // An infected host without a single packet in the capture is still a miss.
  for (IpAddress ip : infected) {
    if (!seen.count(ip)) ++g.fn;
  }
  Finalise(g);
  return g;
}

KrakenGrade GradeKrakenFlows(KrakenDetection& detection, const std::vector<KrakenTruthHost>& truth,
                             const std::vector<TruthRow>& sockets, TimeUs slack) {
  std::map<IpAddress, const KrakenTruthHost*> byIp;
  for (const auto& t : truth) byIp[t.ip] = &t;
  // (host name, proto, local port) -> the bot's socket lives.
  std::map<std::tuple<std::string, Proto, std::uint16_t>, std::vector<const TruthRow*>> botSockets;
  for (const auto& row : sockets) {
    for (const auto& t : truth) {
      if (row.host == t.host && row.process == t.process) {
        botSockets[{row.host, row.proto, row.local_port}].push_back(&row);
      }
    }
  }
  KrakenGrade g;
  for (auto& f : detection.flows) {
    bool isBot = false;
    auto host = byIp.find(f.key.host.ip);
    if (host != byIp.end()) {
      auto it = botSockets.find({host->second->host, f.key.proto, f.key.host.port});
      if (it != botSockets.end()) {
        for (const TruthRow* row : it->second) {
          bool remoteOk = !row->remote || *row->remote == f.key.remote;
          TimeUs close = row->close_ts ? *row->close_ts : INT64_MAX / 2;
          if (remoteOk && row->open_ts - slack <= f.last_ts && f.first_ts <= close + slack) isBot = true;
        }
      }
    }
    f.truth = isBot;
    Count(g, f.flagged, isBot);
  }
  Finalise(g);
  return g;
}

void WriteKrakenOutputs(const std::string& dir, const KrakenDetection& d, const std::optional<KrakenGrade>& hosts,
                        const std::optional<KrakenGrade>& flows, const nlohmann::json& ablations) {
  std::filesystem::create_directories(dir);
  WriteKrakenHostsCsv(dir + "/kraken_hosts.csv", d.hosts);
  {
    CsvWriter w(dir + "/kraken_flows.csv",
                {"proto", "host_ip", "host_port", "remote_ip", "remote_port", "first_ts", "last_ts", "packets",
                 "bytes", "flagged", "reasons", "category", "truth"});
    for (const auto& f : d.flows) {
      w.Row(std::string(ToString(f.key.proto)), FormatIp(f.key.host.ip), std::to_string(f.key.host.port),
            FormatIp(f.key.remote.ip), std::to_string(f.key.remote.port), FormatTs(f.first_ts),
            FormatTs(f.last_ts), std::to_string(f.packets), std::to_string(f.bytes), f.flagged ? "1" : "0",
            f.reasons, f.category, f.truth ? (*f.truth ? "1" : "0") : "");
    }
    w.Commit();
  }
  // Packets per second of each flagged host, zero-filled, for gnuplot (paper 003 Figs. 5-8).
  WriteKrakenTimeSeriesCsv(dir + "/kraken_timeseries.csv", d.series);
  nlohmann::json m = KrakenMetricsJson(d, hosts, flows);
  if (!ablations.is_null()) m["ablations"] = ablations;
  WriteFileAtomically(dir + "/kraken_metrics.json", m.dump(2) + "\n");
}

nlohmann::json KrakenMetricsJson(const KrakenDetection& d, const std::optional<KrakenGrade>& hosts,
                                 const std::optional<KrakenGrade>& flows) {
  nlohmann::json m;
  std::size_t infected = 0;
  for (const auto& h : d.hosts) infected += h.infected ? 1 : 0;
  std::size_t flagged = 0;
  for (const auto& f : d.flows) flagged += f.flagged ? 1 : 0;
  m["hosts"] = d.hosts.size();
  m["hosts_flagged"] = infected;
  m["flows"] = d.flows.size();
  m["flows_flagged"] = flagged;
  m["host_grade"] = ToJson(hosts);
  m["flow_grade"] = ToJson(flows);
  // The headline figures under the names experiments report.
  auto figure = [](const std::optional<KrakenGrade>& g, bool precision) {
    if (!g) return nlohmann::json(nullptr);
    const auto& v = precision ? g->precision : g->recall;
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  m["host_precision"] = figure(hosts, true);
  m["host_recall"] = figure(hosts, false);
  m["flow_precision"] = figure(flows, true);
  m["flow_recall"] = figure(flows, false);
  m["bad_packets"] = d.bad_packets.ToJson();
  return m;
}

}  // namespace ntlab
