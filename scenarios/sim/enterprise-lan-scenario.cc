#include "scenarios/sim/enterprise-lan-scenario.h"

#include "models/helper/dns-server-helper.h"
#include "scenarios/config/workload-plan.h"
#include "scenarios/sim/enterprise-topology.h"
#include "scenarios/sim/isolation-network.h"
#include "scenarios/sim/kraken-servers.h"
#include "scenarios/sim/messenger-scenario.h"
#include "scenarios/sim/monitored-hosts.h"
#include "scenarios/sim/process-behaviours.h"
#include "scenarios/sim/run-observers.h"
#include "scenarios/sim/scenario-build.h"
#include "scenarios/sim/server-kinds.h"
#include "scenarios/sim/workload-processes.h"
#include "scenarios/sim/workload-servers.h"

#include "ns3/core-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>

namespace ntlab {
namespace {

using namespace ns3;
using WallClock = std::chrono::steady_clock;

void ConfigureSimulator(const ScenarioConfig& config)
{
    RngSeedManager::SetSeed(config.seed);
    RngSeedManager::SetRun(1);
    // Measured: ns-3's endpoint lookup is linear, and TIME_WAIT endpoints pile up with many short
    // connections; the OS-visible TIME_WAIT lives in SocketTable, so ns-3 may forget them fast.
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1.0));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(2));
}

std::unique_ptr<WorkloadPlan> PlanWorkloadOf(const ScenarioConfig& config)
{
    if (!config.workload.enabled) return nullptr;
    if (!config.workload.loaded_catalog)
        throw std::logic_error(config.source + ": workload catalog not loaded (scenarios come from LoadScenario)");
    return std::make_unique<WorkloadPlan>(PlanWorkload(config, *config.workload.loaded_catalog));
}

// The DNS server, then the servers in the scenario's order, Kraken's constellation, the names
// the hosts' processes need, and the workload catalog's servers.
void InstallInternetSide(ScenarioBuild& build)
{
    build.dns = DnsServerHelper(static_cast<uint32_t>(build.config.dns_ttl_s)).Install(build.topology.dnsServer);
    InstallServers(build, ServerPhase::BeforeHosts);
    if (build.config.kraken.enabled) InstallKrakenServers(build);
    RegisterProcessNames(build);
    if (build.workload) InstallCatalogServers(build);
    if (build.config.messengers.enabled) InstallMessengerProvider(build);
}

void StopApplicationsAt(Time stop)
{
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        for (uint32_t a = 0; a < node->GetNApplications(); ++a) node->GetApplication(a)->SetStopTime(stop);
    }
}

// Runs to `stop`, reporting progress about 200 times (at least every simulated second apart).
void RunSimulation(const ScenarioConfig& config, Time stop, const RunObservers& observers, WallClock::time_point wallStart,
         const std::function<void(const SimulationProgress&)>& progress)
{
    const Time progressStep = Seconds(std::max(1.0, config.duration_s / 200));
    std::function<void()> report = [&]() {
        if (progress)
        {
            SimulationProgress p;
            p.simulated_s = Simulator::Now().GetSeconds();
            p.total_s = config.duration_s;
            p.wall_s = std::chrono::duration<double>(WallClock::now() - wallStart).count();
            p.frames = observers.FramesCaptured();
            progress(p);
        }
        if (Simulator::Now() + progressStep <= stop) Simulator::Schedule(progressStep, report);
    };
    Simulator::Schedule(progressStep, report);
    Simulator::Stop(stop);
    Simulator::Run();
}

}  // namespace

// Node ids, MAC addresses, random streams, application order and trace-sink order all follow the
// order of the steps below; every output depends on it.
SimulationResult RunScenario(const ScenarioConfig& config, const std::string& out_dir,
                             const std::function<void(const SimulationProgress&)>& progress)
{
    const auto wallStart = WallClock::now();
    const Time stop = Seconds(config.duration_s);
    ConfigureSimulator(config);
    const std::unique_ptr<WorkloadPlan> workload = PlanWorkloadOf(config);
    const EnterpriseTopology topology = BuildEnterpriseTopology(config, workload ? workload->inbound_pairs.size() : 0);
    ScenarioBuild build(config, topology, workload.get());

    InstallInternetSide(build);
    InstallMonitoredHosts(build);
    InstallServers(build, ServerPhase::AfterHosts);
    if (workload) InstallCatalogClients(build);
    if (build.messengers) EnforceMessengerPolicy(build);
    RunObservers observers(build, out_dir, stop);
    std::unique_ptr<SimulatedIsolation> isolation;
    if (config.isolation.enabled) isolation = std::make_unique<SimulatedIsolation>(build, out_dir);
    StopApplicationsAt(stop);

    RunSimulation(config, stop, observers, wallStart, progress);

    SimulationResult result;
    observers.Finish(result);
    if (isolation) isolation->Finish();
    Simulator::Destroy();
    result.wall_seconds = std::chrono::duration<double>(WallClock::now() - wallStart).count();
    return result;
}

}  // namespace ntlab
