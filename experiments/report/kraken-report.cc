#include "experiments/report/kraken-report.h"

#include "analyzers/formats/kraken-files.h"
#include "analyzers/formats/basic-types.h"
#include "experiments/report/gnuplot-figure.h"

#include <cstdio>
#include <sstream>

namespace ntlab {

bool WriteKrakenTimeSeries(const std::string& dir, std::string host_ip) {
  if (!GnuplotFigure::Available()) return false;
  if (host_ip.empty()) {
    for (const KrakenHostVerdict& host : ReadKrakenHostsCsv(dir + "/kraken_hosts.csv"))
      if (host.infected) {
        host_ip = FormatIp(host.host);
        break;
      }
    if (host_ip.empty()) return false;
  }
  std::vector<std::vector<std::string>> rows{{"second", "DNS queries", "UDP/TCP 447", "herder HTTP 80 / raw 443", "spam SMTP"}};
  for (const KrakenSecond& s : ReadKrakenTimeSeriesCsv(dir + "/kraken_timeseries.csv"))
    if (FormatIp(s.host) == host_ip)
      rows.push_back({std::to_string(s.second), std::to_string(s.dns), std::to_string(s.cnc447), std::to_string(s.herder),
                      std::to_string(s.spam)});
  if (rows.size() < 2) return false;
  GnuplotFigure figure(dir + "/timeseries");
  figure.SetData(rows);
  figure.SetSize(820, 760);
  figure.SetScript(R"(set multiplot layout 4,1 title 'Kraken-infected host )" + host_ip + R"(: packets per second (paper 003, Figs. 5-8)'
set grid ytics
set ylabel 'packets/s'
set key top right
set lmargin 10
plot @DATA@ using 1:2 with impulses lc rgb '#4e79a7'
plot @DATA@ using 1:3 with impulses lc rgb '#e15759'
plot @DATA@ using 1:4 with impulses lc rgb '#59a14f'
set xlabel 'seconds since the host was first seen'
plot @DATA@ using 1:5 with impulses lc rgb '#f28e2b'
unset multiplot
)");
  return figure.Render();
}

std::string RenderKrakenSection(const nlohmann::json& k, const std::string& hosts_csv, const std::string& figure) {
  auto number = [](const nlohmann::json& v) {
    if (!v.is_number()) return std::string("n/a");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v.get<double>());
    return std::string(buf);
  };
  auto counts = [](const nlohmann::json& g) {
    if (!g.is_object()) return std::string("n/a");
    return "TP " + g["tp"].dump() + ", FP " + g["fp"].dump() + ", FN " + g["fn"].dump() + ", TN " + g["tn"].dump();
  };
  std::ostringstream r;
  r << "## Kraken detection (paper 003)\n\n"
    << "Evidence the paper calls distinctive: port-447 packets with Kraken's type bytes, regular DNS "
       "queries for random names under the four dynamic-DNS zones (mostly NXDOMAIN), SMTP test mails "
       "to Google's MX right after infection, and spam to many MXs. A host is flagged when evidence "
       "of at least two kinds adds up (docs/botnets.md). Paper 003 describes the traffic and argues "
       "it is detectable; it reports no detection rate.\n\n"
    << "| | precision | recall | counts |\n|---|---:|---:|---|\n"
    << "| hosts | " << number(k["host_precision"]) << " | " << number(k["host_recall"]) << " | " << counts(k["host_grade"]) << " |\n"
    << "| flows | " << number(k["flow_precision"]) << " | " << number(k["flow_recall"]) << " | " << counts(k["flow_grade"]) << " |\n\n";
  r << "| host | flagged | score | 447 C&C | DGA names | regular DNS | SMTP test | spam | NXDOMAIN share |\n"
       "|---|---|---:|---|---|---|---|---|---:|\n";
  auto mark = [](bool v) { return v ? "yes" : ""; };
  for (const KrakenHostVerdict& h : ReadKrakenHostsCsv(hosts_csv))
    r << "| " << FormatIp(h.host) << " | " << mark(h.infected) << " | " << h.score << " | " << mark(h.cnc) << " | "
      << mark(h.dga) << " | " << mark(h.rhythm) << " | " << mark(h.smtp_test) << " | " << mark(h.spam) << " | "
      << FormatKrakenRatio(h.nxdomain_ratio) << " |\n";
  r << "\n";
  if (!figure.empty()) r << "![" << figure << "](" << figure << ")\n\n";
  return r.str();
}

}  // namespace ntlab
