#include "traffic-gen/dynamic-dns-updater-application.h"

#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>

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
            .AddAttribute("HostName", "The one name this client keeps up to date.",
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
    ++m_checks;
    Resolve(m_hostName, [](const std::vector<Ipv4Address>&) {});
    m_event = Simulator::Schedule(Seconds(std::max(0.001, m_interval->GetValue())),
                                  &DynamicDnsUpdaterApplication::Check, this);
}

} // namespace ns3
