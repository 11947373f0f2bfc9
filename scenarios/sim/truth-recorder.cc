#include "scenarios/sim/truth-recorder.h"

#include "ns3/callback.h"

#include <algorithm>
#include <tuple>

namespace ntlab {

TruthRecorder::TruthRecorder(EpochClock clock)
    : m_clock(clock)
{
}

void TruthRecorder::Observe(ns3::Ptr<ns3::SocketTable> table)
{
    table->TraceConnect("SocketClosed", table->GetHostName(), ns3::MakeCallback(&TruthRecorder::Closed, this));
}

void TruthRecorder::RecordStillOpen(ns3::Ptr<ns3::SocketTable> table)
{
    table->ForEachVisible([&](const ns3::SocketEntry& e) {
        if (e.state != SocketState::TimeWait) Add(table->GetHostName(), e, false);
    });
}

std::size_t TruthRecorder::Write(const std::string& path)
{
    std::sort(m_rows.begin(), m_rows.end(), [](const Row& a, const Row& b) {
        return std::tie(a.row.open_ts, a.row.host, a.id) < std::tie(b.row.open_ts, b.row.host, b.id);
    });
    TruthWriter writer(path);
    for (const auto& r : m_rows) writer.Write(r.row);
    writer.Commit();
    return m_rows.size();
}

void TruthRecorder::Closed(std::string host, const ns3::SocketEntry& entry)
{
    Add(host, entry, true);
}

void TruthRecorder::Add(const std::string& host, const ns3::SocketEntry& e, bool closed)
{
    TruthRow r;
    r.host = host;
    r.proto = e.proto;
    r.local_ip = e.localIp;
    r.local_port = e.localPort;
    if (e.hasRemote) r.remote = Endpoint{e.remoteIp, e.remotePort};
    r.pid = e.ownerPid;
    r.process = e.process;
    r.open_ts = m_clock(e.openTime);
    if (closed) r.close_ts = m_clock(e.closeTime);
    m_rows.push_back({std::move(r), e.id});
}

}  // namespace ntlab
