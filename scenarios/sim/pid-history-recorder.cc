#include "scenarios/sim/pid-history-recorder.h"

#include "ns3/callback.h"
#include "ns3/simulator.h"

namespace ntlab {

PidHistoryRecorder::PidHistoryRecorder(EpochClock clock)
    : m_clock(clock)
{
}

void PidHistoryRecorder::Observe(ns3::Ptr<ns3::PidAllocator> pids, const std::string& host)
{
    pids->TraceConnect("Freed", host, ns3::MakeCallback(&PidHistoryRecorder::Freed, this));
    pids->TraceConnect("Reused", host, ns3::MakeCallback(&PidHistoryRecorder::Reused, this));
}

void PidHistoryRecorder::Freed(std::string host, std::uint32_t pid, const std::string& process)
{
    m_rows.push_back({std::move(host), m_clock(ns3::Simulator::Now()), pid, PidEvent::Exit, process});
}

void PidHistoryRecorder::Reused(std::string host, std::uint32_t pid, const std::string& process)
{
    m_rows.push_back({std::move(host), m_clock(ns3::Simulator::Now()), pid, PidEvent::Reuse, process});
}

std::uint64_t PidHistoryRecorder::Write(const std::string& path) const
{
    WritePidHistoryCsv(path, m_rows);
    return m_rows.size();
}

}  // namespace ntlab
