// The exact history of every host's OS-visible socket table: one row per socket per constant
// content (state, owner), with the simulated times it appeared and left, written to
// socket-history.csv in the interval form of docs/formats.md. The SocketLogger of paper 001 is
// passive, so what it would log at any poll interval is a function of this history
// (models/agents/socket-logger.h); one simulation then serves every interval of a sweep.
#pragma once

#include "analyzers/formats/records.h"
#include "models/socket-table.h"

#include <cstdint>
#include <functional>
#include <string>
#include <map>

namespace ntlab {

class SocketHistoryRecorder
{
  public:
    /// `toEpoch` maps simulator time to the epoch microseconds of every output file; no row
    /// outlives `stop`, the end of the simulation.
    SocketHistoryRecorder(const std::string& path, std::function<TimeUs(ns3::Time)> toEpoch, ns3::Time stop);
    void Observe(ns3::Ptr<ns3::SocketTable> table);
    /// Ends every row still visible at `stop` and commits the file.
    void Finish();
    std::uint64_t Rows() const { return m_rows; }

  private:
    struct OpenRow
    {
        SocketIntervalRow row;
        ns3::Time start;
    };
    void RowChanged(std::string host, const ns3::SocketEntry& entry, bool visible);
    void End(OpenRow& open, ns3::Time end);

    SocketIntervalWriter m_writer;
    std::function<TimeUs(ns3::Time)> m_toEpoch;
    ns3::Time m_stop;
    // host -> socket id -> the row being observed (ordered: Finish writes deterministically).
    std::map<std::string, std::map<std::uint32_t, OpenRow>> m_open;
    std::uint64_t m_rows = 0;
};

} // namespace ntlab
