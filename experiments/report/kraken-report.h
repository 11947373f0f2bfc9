// The Kraken detection part of a report (paper 003): detection scores at host and flow level,
// the flagged hosts with their evidence, and per-second traffic of an infected host like the
// paper's Figs. 5-8 (DNS, port 447, herder HTTP/443, spam SMTP), drawn by gnuplot.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace ntlab {

/// Draws <dir>/timeseries.svg for `host_ip` from <dir>/kraken_timeseries.csv ("" = first host
/// flagged in kraken_hosts.csv); false when gnuplot or the data is missing.
bool WriteKrakenTimeSeries(const std::string& dir, std::string host_ip = "");

std::string RenderKrakenSection(const nlohmann::json& kraken, const std::string& hosts_csv, const std::string& figure);

}  // namespace ntlab
