#include "process-application.h"

#include "host-resolver.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(ProcessApplication);

TypeId
ProcessApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ProcessApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddAttribute("Pid",
                          "Process id reported in the socket table.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&ProcessApplication::m_pid),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ProcessName",
                          "Image name reported in the socket table (e.g. chrome.exe).",
                          StringValue("System"),
                          MakeStringAccessor(&ProcessApplication::m_processName),
                          MakeStringChecker())
            .AddAttribute("Resolver",
                          "The host's DNS Client service.",
                          PointerValue(),
                          MakePointerAccessor(&ProcessApplication::m_resolver),
                          MakePointerChecker<HostResolver>());
    return tid;
}

ProcessApplication::ProcessApplication()
    : m_pid(4)
{
}

ProcessApplication::~ProcessApplication() = default;

void
ProcessApplication::DoDispose()
{
    m_resolver = nullptr;
    Application::DoDispose();
}

Ptr<SocketTable>
ProcessApplication::Table() const
{
    Ptr<SocketTable> table = GetNode()->GetObject<SocketTable>();
    NS_ABORT_MSG_IF(!table, "process " << m_processName << " runs on a node without a SocketTable");
    return table;
}

Ipv4Address
ProcessApplication::HostAddress() const
{
    return GetNode()->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
}

void
ProcessApplication::Resolve(const std::string& name,
                            std::function<void(const std::vector<Ipv4Address>&)> done)
{
    NS_ABORT_MSG_IF(!m_resolver, "process " << m_processName << " has no resolver");
    m_resolver->Resolve(name, std::move(done));
}

void
ProcessApplication::Resolve6(const std::string& name,
                             std::function<void(const std::vector<Ipv6Address>&)> done)
{
    NS_ABORT_MSG_IF(!m_resolver, "process " << m_processName << " has no resolver");
    m_resolver->Resolve6(name, std::move(done));
}

Ptr<TrackedTcpConnection>
ProcessApplication::NewConnection() const
{
    return Create<TrackedTcpConnection>(GetNode(), Table(), Identity());
}

} // namespace ns3
