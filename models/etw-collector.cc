#include "etw-collector.h"

#include "ns3/double.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(EtwCollector);

TypeId
EtwCollector::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EtwCollector")
            .SetParent<Object>()
            .SetGroupName("Ntlab")
            .AddConstructor<EtwCollector>()
            .AddAttribute("LossProbability", "Chance that any one event is not recorded.", DoubleValue(0.05),
                          MakeDoubleAccessor(&EtwCollector::m_lossProbability), MakeDoubleChecker<double>(0, 1))
            .AddAttribute("BufferEvents", "Events one flush interval can hold; more are dropped (0 = unlimited).",
                          UintegerValue(64), MakeUintegerAccessor(&EtwCollector::m_bufferEvents),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FlushInterval", "How often the session's buffers are flushed.",
                          TimeValue(MilliSeconds(100)), MakeTimeAccessor(&EtwCollector::m_flushInterval),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("ShortLifetime",
                          "Connections closed within this time of opening lose their events with "
                          "ShortLossProbability (0 = no extra loss).",
                          TimeValue(Seconds(0)), MakeTimeAccessor(&EtwCollector::m_shortLifetime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ShortLossProbability",
                          "Chance that a short connection's open and close events are both lost.",
                          DoubleValue(0), MakeDoubleAccessor(&EtwCollector::m_shortLossProbability),
                          MakeDoubleChecker<double>(0, 1))
            .AddTraceSource("Event", "An event that was recorded (not lost).",
                            MakeTraceSourceAccessor(&EtwCollector::m_eventTrace),
                            "ns3::EtwCollector::EventTracedCallback");
    return tid;
}

EtwCollector::EtwCollector()
    : m_lossProbability(0.05),
      m_bufferEvents(64),
      m_shortLossProbability(0),
      m_loss(CreateObject<UniformRandomVariable>())
{
}

int64_t
EtwCollector::AssignStreams(int64_t stream)
{
    m_loss->SetStream(stream);
    return 1;
}

void
EtwCollector::Observe(Ptr<SocketTable> table)
{
    table->TraceConnect("SocketOpened", table->GetHostName(), MakeCallback(&EtwCollector::Opened, this));
    table->TraceConnect("SocketClosed", table->GetHostName(), MakeCallback(&EtwCollector::Closed, this));
}

void
EtwCollector::Opened(std::string host, const SocketEntry& entry)
{
    ntlab::EventKind kind = ntlab::EventKind::Bind;  // listeners and UDP sockets
    if (entry.proto == ntlab::Proto::Tcp && entry.state == ntlab::SocketState::SynSent)
    {
        kind = ntlab::EventKind::Connect;
    }
    else if (entry.proto == ntlab::Proto::Tcp && entry.state == ntlab::SocketState::Established)
    {
        kind = ntlab::EventKind::Accept;
    }
    if (m_shortLifetime.IsStrictlyPositive())
    {
        m_pending[{host, entry.id}] = Pending{kind, entry, Simulator::Now()};
        Simulator::Schedule(m_shortLifetime, &EtwCollector::Release, this, host, entry.id);
        return;
    }
    Deliver(host, kind, entry, Simulator::Now());
}

void
EtwCollector::Release(const std::string& host, uint32_t id)
{
    auto it = m_pending.find({host, id});
    if (it == m_pending.end())
    {
        return;
    }
    Pending p = std::move(it->second);
    m_pending.erase(it);
    Deliver(host, p.kind, p.entry, p.at);
}

void
EtwCollector::Closed(std::string host, const SocketEntry& entry)
{
    auto it = m_pending.find({host, entry.id});
    if (it != m_pending.end())
    {
        Pending p = std::move(it->second);
        m_pending.erase(it);
        if (m_loss->GetValue() < m_shortLossProbability)
        {
            m_lost += 2;
            return;
        }
        Deliver(host, p.kind, p.entry, p.at);
    }
    Deliver(host, ntlab::EventKind::Close, entry, Simulator::Now());
}

bool
EtwCollector::DropNext()
{
    Time now = Simulator::Now();
    if (now >= m_windowStart + m_flushInterval)
    {
        m_windowStart = now;
        m_inWindow = 0;
    }
    bool overflow = m_bufferEvents != 0 && m_inWindow >= m_bufferEvents;
    ++m_inWindow;
    return overflow || m_loss->GetValue() < m_lossProbability;
}

void
EtwCollector::Deliver(const std::string& host, ntlab::EventKind kind, const SocketEntry& entry, Time at)
{
    if (DropNext())
    {
        ++m_lost;
        return;
    }
    ++m_recorded;
    EtwEvent event;
    event.time = at;
    event.host = host;
    event.kind = kind;
    event.socket = entry;
    event.carriesName = m_namedPids.insert({host, entry.ownerPid}).second;
    m_eventTrace(event);
}

} // namespace ns3
