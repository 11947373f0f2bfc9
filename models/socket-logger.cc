#include "socket-logger.h"

#include "ns3/abort.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(SocketLogger);

TypeId
SocketLogger::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SocketLogger")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<SocketLogger>()
            .AddAttribute("PollInterval",
                          "Time between two polls of the socket table (paper 001: 50 ms).",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&SocketLogger::m_interval),
                          MakeTimeChecker(MicroSeconds(100)))
            .AddAttribute("Phase",
                          "Offset of the first poll after start, in seconds (a fraction of the interval).",
                          StringValue("ns3::UniformRandomVariable[Min=0.0|Max=0.05]"),
                          MakePointerAccessor(&SocketLogger::m_phase),
                          MakePointerChecker<RandomVariableStream>())
            .AddTraceSource("Poll",
                            "One snapshot of the socket table.",
                            MakeTraceSourceAccessor(&SocketLogger::m_pollTrace),
                            "ns3::SocketLogger::SnapshotTracedCallback");
    return tid;
}

SocketLogger::SocketLogger() = default;

int64_t
SocketLogger::AssignStreams(int64_t stream)
{
    m_phase->SetStream(stream);
    return 1;
}

void
SocketLogger::StartApplication()
{
    NS_ABORT_MSG_IF(!GetNode()->GetObject<SocketTable>(), "SocketLogger needs a SocketTable on its node");
    m_event = Simulator::Schedule(Seconds(m_phase->GetValue()), &SocketLogger::Poll, this);
}

void
SocketLogger::StopApplication()
{
    m_event.Cancel();
}

void
SocketLogger::Poll()
{
    Ptr<SocketTable> table = GetNode()->GetObject<SocketTable>();
    m_snapshot.time = Simulator::Now();
    m_snapshot.host = table->GetHostName();
    m_snapshot.rows.clear();
    table->ForEachVisible([this](const SocketEntry& e) { m_snapshot.rows.push_back(e); });
    m_pollTrace(m_snapshot);
    m_event = Simulator::Schedule(m_interval, &SocketLogger::Poll, this);
}

} // namespace ns3
