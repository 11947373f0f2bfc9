// Builds and runs one enterprise-LAN scenario in ns-3 from a ScenarioConfig (topology in
// enterprise-topology.h):
//
//   host1 .. hostN  (SocketTable, DNS Client, processes)
//        \   |   /
//        [ switch ] -- mirror ports --> <out>/pcap/<host-ip>_<minute>.pcap
//            |
//         gateway
//            |
//   internet segment: DNS server, web/TLS servers, remote clients
//
// Writes the run's files (pcap/, socket-history.csv, events.csv, truth.csv, hosts.csv); labeling is done
// afterwards by the analyzers, which read only those files.
//
// The parts, in build order: enterprise-topology (nodes, links, addresses, routes); the internet
// side (DNS server, the scenario's servers through server-kinds.h, kraken-servers, workload-servers);
// monitored-hosts (each host's services, its listed processes through process-behaviours.h, its
// workload-catalog processes); the remote clients (server-kinds.h, workload-processes); then
// run-observers (captures, truth, socket history, events). The workload plan itself needs no ns-3
// (scenarios/config/workload-plan.h).
#pragma once

#include "scenarios/config/scenario-config.h"

#include <cstdint>
#include <functional>
#include <string>

namespace ntlab {

struct SimulationResult
{
    std::uint64_t frames_captured = 0;
    std::uint64_t pcap_files = 0;
    std::uint64_t socket_history_rows = 0;  // socket-history.csv rows (the SocketLogger samples them)
    std::uint64_t truth_rows = 0;
    std::uint64_t events_recorded = 0;  // events.csv rows (0 when events are off)
    std::uint64_t events_lost = 0;
    std::uint64_t zeus_episodes = 0;    // zeus_episodes.csv rows (commands the C&C gave)
    std::uint64_t kraken_infected = 0;  // kraken_truth.csv rows
    std::uint64_t messenger_clients = 0;  // messenger_clients.csv rows
    double wall_seconds = 0;
};

struct SimulationProgress
{
    double simulated_s = 0;
    double total_s = 0;
    double wall_s = 0;
    std::uint64_t frames = 0;
};

/// Runs the scenario; writes into out_dir (which must exist). `progress` is called about once per
/// simulated second. ns-3 keeps global state, so run one scenario per process.
SimulationResult RunScenario(const ScenarioConfig& config, const std::string& out_dir,
                             const std::function<void(const SimulationProgress&)>& progress);

}  // namespace ntlab
