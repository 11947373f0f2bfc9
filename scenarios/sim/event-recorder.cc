#include "scenarios/sim/event-recorder.h"

#include "ns3/callback.h"

namespace ntlab {

EventRecorder::EventRecorder(const std::string& path, EpochClock clock, std::map<std::string, HostClock> hostClocks)
    : m_writer(path),
      m_clock(clock),
      m_hostClocks(std::move(hostClocks))
{
}

void EventRecorder::Observe(ns3::Ptr<ns3::EtwCollector> collector)
{
    collector->TraceConnectWithoutContext("Event", ns3::MakeCallback(&EventRecorder::Event, this));
}

void EventRecorder::Commit()
{
    m_writer.Commit();
}

void EventRecorder::Event(const ns3::EtwEvent& e)
{
    EventRow row;
    row.ts = m_clock(e.time);
    auto hostClock = m_hostClocks.find(e.host);
    if (hostClock != m_hostClocks.end()) row.ts = hostClock->second.ToHost(row.ts);
    row.host = e.host;
    row.event = e.kind;
    row.proto = e.socket.proto;
    row.local_ip = e.socket.localIp;
    row.local_port = e.socket.localPort;
    if (e.socket.hasRemote) row.remote = Endpoint{e.socket.remoteIp, e.socket.remotePort};
    row.pid = e.socket.ownerPid;
    if (e.carriesName) row.process = e.socket.process;
    m_writer.Write(row);
    ++m_rows;
}

}  // namespace ntlab
