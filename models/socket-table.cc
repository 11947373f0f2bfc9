#include "socket-table.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SocketTable");
NS_OBJECT_ENSURE_REGISTERED(SocketTable);

TypeId
SocketTable::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SocketTable")
            .SetParent<Object>()
            .SetGroupName("Ntlab")
            .AddConstructor<SocketTable>()
            .AddAttribute("HostName",
                          "Host name written in the socket log and the truth.",
                          StringValue("host"),
                          MakeStringAccessor(&SocketTable::m_hostName),
                          MakeStringChecker())
            .AddAttribute("TimeWaitDelay",
                          "How long an actively closed TCP connection stays in TIME_WAIT "
                          "(Windows TcpTimedWaitDelay).",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&SocketTable::m_timeWaitDelay),
                          MakeTimeChecker())
            .AddAttribute("SequentialPorts",
                          "Allocate ephemeral ports sequentially (older Windows) instead of "
                          "randomly (Windows 10/11).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SocketTable::m_sequentialPorts),
                          MakeBooleanChecker())
            .AddAttribute("EphemeralPortMin",
                          "First port of the dynamic range.",
                          UintegerValue(49152),
                          MakeUintegerAccessor(&SocketTable::m_portMin),
                          MakeUintegerChecker<uint16_t>(1024))
            .AddAttribute("EphemeralPortMax",
                          "Last port of the dynamic range.",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&SocketTable::m_portMax),
                          MakeUintegerChecker<uint16_t>(1024))
            .AddTraceSource("SocketOpened",
                            "A process registered a socket.",
                            MakeTraceSourceAccessor(&SocketTable::m_openedTrace),
                            "ns3::SocketTable::EntryTracedCallback")
            .AddTraceSource("SocketClosed",
                            "The owner closed a socket (closeTime set).",
                            MakeTraceSourceAccessor(&SocketTable::m_closedTrace),
                            "ns3::SocketTable::EntryTracedCallback")
            .AddTraceSource("RowChanged",
                            "The OS-visible row of a socket appeared, changed (state, TIME_WAIT) or "
                            "left the table: what a poller of the table can see.",
                            MakeTraceSourceAccessor(&SocketTable::m_rowTrace),
                            "ns3::SocketTable::RowTracedCallback");
    return tid;
}

SocketTable::SocketTable()
    : m_nextSequential(0),
      m_portRng(CreateObject<UniformRandomVariable>())
{
}

int64_t
SocketTable::AssignStreams(int64_t stream)
{
    m_portRng->SetStream(stream);
    return 1;
}

bool
SocketTable::IsPortInUse(ntlab::Proto proto, uint16_t port) const
{
    return m_portUse.count({static_cast<uint8_t>(proto), port}) > 0;
}

const SocketEntry*
SocketTable::OwnerOfLocalPort(ntlab::Proto proto, uint16_t port) const
{
    if (!IsPortInUse(proto, port))
    {
        return nullptr;
    }
    for (const auto& [id, entry] : m_entries)
    {
        if (entry.proto == proto && entry.localPort == port && entry.pid != 0)
        {
            return &entry;
        }
    }
    return nullptr;
}

uint16_t
SocketTable::AllocatePort(ntlab::Proto proto)
{
    Purge();
    NS_ABORT_MSG_IF(m_portMax < m_portMin, "empty ephemeral port range");
    uint32_t range = m_portMax - m_portMin + 1;
    NS_ABORT_MSG_IF(m_portUse.size() >= range, "ephemeral ports exhausted on " << m_hostName);
    if (m_sequentialPorts)
    {
        for (uint32_t i = 0; i < range; ++i)
        {
            uint16_t port = m_portMin + (m_nextSequential++ % range);
            if (!IsPortInUse(proto, port))
            {
                return port;
            }
        }
    }
    for (;;)
    {
        auto port = static_cast<uint16_t>(m_portRng->GetInteger(m_portMin, m_portMax));
        if (!IsPortInUse(proto, port))
        {
            return port;
        }
    }
}

uint32_t
SocketTable::Open(ntlab::Proto proto,
                  ntlab::IpAddress localIp,
                  uint16_t localPort,
                  std::optional<Remote> remote,
                  ntlab::SocketState state,
                  uint32_t pid,
                  const std::string& process,
                  bool kernel)
{
    SocketEntry e;
    e.id = m_nextId++;
    e.proto = proto;
    e.localIp = localIp;
    e.localPort = localPort;
    if (remote)
    {
        e.hasRemote = true;
        e.remoteIp = remote->ip;
        e.remotePort = remote->port;
    }
    e.state = state;
    e.pid = pid;
    e.ownerPid = pid;
    e.process = process;
    e.kernel = kernel;
    e.openTime = Simulator::Now();
    ++m_portUse[{static_cast<uint8_t>(proto), localPort}];
    auto& stored = m_entries.emplace(e.id, std::move(e)).first->second;
    m_openedTrace(stored);
    m_rowTrace(stored, true);
    return stored.id;
}

SocketEntry&
SocketTable::Get(uint32_t id)
{
    auto it = m_entries.find(id);
    NS_ABORT_MSG_IF(it == m_entries.end(), "unknown socket id " << id << " on " << m_hostName);
    return it->second;
}

void
SocketTable::SetState(uint32_t id, ntlab::SocketState state)
{
    SocketEntry& e = Get(id);
    if (e.state == state)
    {
        return;
    }
    e.state = state;
    m_rowTrace(e, true);
}

void
SocketTable::Close(uint32_t id, bool activeClose)
{
    auto it = m_entries.find(id);
    NS_ABORT_MSG_IF(it == m_entries.end(), "closing unknown socket id " << id);
    SocketEntry& e = it->second;
    e.closeTime = Simulator::Now();
    m_closedTrace(e);
    bool connected = e.state == ntlab::SocketState::Established ||
                     e.state == ntlab::SocketState::CloseWait;
    if (e.proto == ntlab::Proto::Tcp && activeClose && connected && m_timeWaitDelay.IsStrictlyPositive())
    {
        e.state = ntlab::SocketState::TimeWait;
        e.pid = 0;
        e.process = "System Idle Process";
        e.expiry = e.closeTime + m_timeWaitDelay;
        m_rowTrace(e, true);
        return;
    }
    m_rowTrace(e, false);
    Remove(it);
}

void
SocketTable::Remove(std::map<uint32_t, SocketEntry>::iterator it)
{
    auto use = m_portUse.find({static_cast<uint8_t>(it->second.proto), it->second.localPort});
    if (--use->second == 0)
    {
        m_portUse.erase(use);
    }
    m_entries.erase(it);
}

void
SocketTable::Purge()
{
    Time now = Simulator::Now();
    if (now < m_nextPurge)
    {
        return;
    }
    m_nextPurge = now + Seconds(1);  // TIME_WAIT expiry need not be finer than a second
    for (auto it = m_entries.begin(); it != m_entries.end();)
    {
        auto next = std::next(it);
        if (it->second.state == ntlab::SocketState::TimeWait && it->second.expiry <= now)
        {
            Remove(it);
        }
        it = next;
    }
}

} // namespace ns3
