// What the installers of a scenario's parts share while it is built: the scenario, its workload
// plan and topology, the random-stream counter, and the parts a later step needs (the DNS
// server, the monitored hosts, the botnet applications whose ground truth is recorded).
#pragma once

#include "models/dns-server-application.h"
#include "models/host-resolver.h"
#include "models/never-seen-addresses.h"
#include "models/pid-allocator.h"
#include "models/socket-table.h"
#include "models/zeus-cnc-server-application.h"
#include "scenarios/config/scenario-config.h"
#include "scenarios/config/workload-plan.h"
#include "scenarios/sim/enterprise-topology.h"
#include "traffic-gen/kraken-bot-application.h"
#include "traffic-gen/web-client-application.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ntlab {

struct MessengerBuild;  // scenarios/sim/messenger-scenario.h

/// A monitored host as its processes are installed on it.
struct MonitoredHost
{
    std::uint32_t index = 0;  // into config.hosts and the topology's hosts
    ns3::Ptr<ns3::Node> node;
    ns3::Ipv4Address address;
    ns3::Ptr<ns3::SocketTable> table;
    ns3::Ptr<ns3::PidAllocator> pids;
    ns3::Ptr<ns3::HostResolver> resolver;  // the DNS Client (svchost.exe)
};

struct ScenarioBuild
{
    ScenarioBuild(const ScenarioConfig& scenario, const EnterpriseTopology& built, const WorkloadPlan* plan)
        : config(scenario),
          topology(built),
          catalog(scenario.workload.loaded_catalog.get()),
          workload(plan)
    {
    }

    const ScenarioConfig& config;
    const EnterpriseTopology& topology;
    const WorkloadCatalog* catalog = nullptr;  // config.workload.loaded_catalog; null while the workload is off
    const WorkloadPlan* workload = nullptr;    // null while the workload is off

    ns3::Ptr<ns3::DnsServerApplication> dns;
    ns3::Ptr<ns3::NeverSeenAddresses> neverSeen;  // workload.never_seen_share > 0 only
    std::vector<MonitoredHost> hosts;
    std::vector<ns3::Ptr<ns3::ZeusCncServerApplication>> zeusServers;
    std::vector<ns3::Ptr<ns3::KrakenBotApplication>> krakenBots;
    std::shared_ptr<MessengerBuild> messengers;  // null while messengers are off
    std::vector<ns3::Ptr<ns3::WebClientApplication>> webClients;  // browsers and services (domain truth)

    /// Gives `model` its random streams, the next ones in build order: every stream is assigned
    /// explicitly, so the same seed gives the same run.
    template <typename Model>
    void AssignStreams(const ns3::Ptr<Model>& model)
    {
        m_nextStream += model->AssignStreams(m_nextStream);
    }

  private:
    int64_t m_nextStream = 1000;
};

}  // namespace ntlab
