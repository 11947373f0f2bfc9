#include "scenarios/sim/socket-history-recorder.h"

#include "ns3/callback.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ntlab {

SocketHistoryRecorder::SocketHistoryRecorder(const std::string& path,
                                             std::function<TimeUs(ns3::Time)> toEpoch,
                                             ns3::Time stop)
    : m_writer(path),
      m_toEpoch(std::move(toEpoch)),
      m_stop(stop)
{
}

void
SocketHistoryRecorder::Observe(ns3::Ptr<ns3::SocketTable> table)
{
    m_open[table->GetHostName()];
    table->TraceConnect("RowChanged", table->GetHostName(),
                        ns3::MakeCallback(&SocketHistoryRecorder::RowChanged, this));
}

void
SocketHistoryRecorder::RowChanged(std::string host, const ns3::SocketEntry& e, bool visible)
{
    ns3::Time now = ns3::Simulator::Now();
    auto& rows = m_open[host];
    auto it = rows.find(e.id);
    if (it != rows.end())
    {
        End(it->second, now);
        rows.erase(it);
    }
    // Kernel sockets are not in the tables the logger reads (the truth records them elsewhere).
    if (!visible || e.kernel)
    {
        return;
    }
    OpenRow open;
    open.start = now;
    SocketIntervalRow& r = open.row;
    r.host = host;
    r.proto = e.proto;
    r.local_ip = e.localIp;
    r.local_port = e.localPort;
    // GetExtendedTcpTable's remote fields mean nothing for LISTEN rows; UDP rows have none.
    if (e.hasRemote && e.state != SocketState::Listen)
    {
        r.remote = Endpoint{e.remoteIp, e.remotePort};
    }
    r.state = e.state;
    r.pid = e.pid;
    r.process = e.process;
    if (e.state == SocketState::TimeWait)
    {
        // Its end is known now, and nothing else happens to it.
        End(open, e.expiry);
        return;
    }
    rows.emplace(e.id, std::move(open));
}

void
SocketHistoryRecorder::End(OpenRow& open, ns3::Time end)
{
    open.row.first_ts = m_toEpoch(open.start);
    open.row.last_ts = m_toEpoch(std::clamp(end, open.start, std::max(open.start, m_stop)));
    m_writer.Write(open.row);
    ++m_rows;
}

void
SocketHistoryRecorder::Finish()
{
    for (auto& [host, rows] : m_open)
    {
        for (auto& [id, open] : rows)
        {
            End(open, m_stop);
        }
        rows.clear();
    }
    m_writer.Commit();
}

} // namespace ntlab
