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
            .AddTraceSource("Event", "An event that was recorded (not lost).",
                            MakeTraceSourceAccessor(&EtwCollector::m_eventTrace),
                            "ns3::EtwCollector::EventTracedCallback");
    return tid;
}

EtwCollector::EtwCollector()
    : m_lossProbability(0.05),
      m_bufferEvents(64),
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
    Deliver(host, kind, entry);
}

void
EtwCollector::Closed(std::string host, const SocketEntry& entry)
{
    Deliver(host, ntlab::EventKind::Close, entry);
}

void
EtwCollector::Deliver(const std::string& host, ntlab::EventKind kind, const SocketEntry& entry)
{
    Time now = Simulator::Now();
    if (now >= m_windowStart + m_flushInterval)
    {
        m_windowStart = now;
        m_inWindow = 0;
    }
    bool overflow = m_bufferEvents != 0 && m_inWindow >= m_bufferEvents;
    ++m_inWindow;
    if (overflow || m_loss->GetValue() < m_lossProbability)
    {
        ++m_lost;
        return;
    }
    ++m_recorded;
    EtwEvent event;
    event.time = now;
    event.host = host;
    event.kind = kind;
    event.socket = entry;
    event.carriesName = m_namedPids.insert({host, entry.ownerPid}).second;
    m_eventTrace(event);
}

} // namespace ns3
