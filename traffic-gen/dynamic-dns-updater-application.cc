#include "traffic-gen/dynamic-dns-updater-application.h"

#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(DynamicDnsUpdaterApplication);

TypeId
DynamicDnsUpdaterApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DynamicDnsUpdaterApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<DynamicDnsUpdaterApplication>()
            .AddAttribute("HostName",
                          "The name this client keeps up to date, or a comma-separated list of names "
                          "(a NAS or camera client: its own and its peers'), resolved one per check in turn.",
                          StringValue("myhomenas.dyndns.org"),
                          MakeStringAccessor(&DynamicDnsUpdaterApplication::m_hostName),
                          MakeStringChecker())
            .AddAttribute("CheckInterval", "Seconds between checks (DynDNS Updater: minutes).",
                          StringValue("ns3::UniformRandomVariable[Min=55|Max=65]"),
                          MakePointerAccessor(&DynamicDnsUpdaterApplication::m_interval),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

DynamicDnsUpdaterApplication::DynamicDnsUpdaterApplication() = default;

int64_t
DynamicDnsUpdaterApplication::AssignStreams(int64_t stream)
{
    m_interval->SetStream(stream);
    return 1;
}

void
DynamicDnsUpdaterApplication::StartApplication()
{
    m_running = true;
    Check();
}

void
DynamicDnsUpdaterApplication::StopApplication()
{
    m_running = false;
    m_event.Cancel();
}

void
DynamicDnsUpdaterApplication::Check()
{
    if (!m_running)
    {
        return;
    }
    // One name per check, in turn (a single name: always that one).
    std::string name = m_hostName;
    std::vector<std::string> names;
    for (size_t pos = 0; pos <= m_hostName.size();)
    {
        size_t comma = std::min(m_hostName.find(',', pos), m_hostName.size());
        if (comma > pos)
        {
            names.push_back(m_hostName.substr(pos, comma - pos));
        }
        pos = comma + 1;
    }
    if (!names.empty())
    {
        name = names[m_checks % names.size()];
    }
    ++m_checks;
    Resolve(name, [](const std::vector<Ipv4Address>&) {});
    m_event = Simulator::Schedule(Seconds(std::max(0.001, m_interval->GetValue())),
                                  &DynamicDnsUpdaterApplication::Check, this);
}

} // namespace ns3
