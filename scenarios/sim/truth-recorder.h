// The ground truth (truth.csv): every socket of every monitored host with its real owner, from
// open to close, collected from the socket tables' own trace sources. It never passes through the
// socket log, the captures or the code being evaluated.
#pragma once

#include "analyzers/formats/records.h"
#include "models/socket-table.h"
#include "scenarios/sim/epoch-clock.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

class TruthRecorder
{
  public:
    explicit TruthRecorder(EpochClock clock);
    /// Records every socket `table` closes from now on.
    void Observe(ns3::Ptr<ns3::SocketTable> table);
    /// At the end of the run: records the sockets of `table` still open (a TIME_WAIT row's
    /// socket is already closed and recorded).
    void RecordStillOpen(ns3::Ptr<ns3::SocketTable> table);
    /// Writes truth.csv sorted by (open time, host, socket id); returns the rows written.
    std::size_t Write(const std::string& path);

  private:
    struct Row
    {
        TruthRow row;
        std::uint32_t id;
    };
    void Closed(std::string host, const ns3::SocketEntry& entry);
    void Add(const std::string& host, const ns3::SocketEntry& entry, bool closed);

    EpochClock m_clock;
    std::vector<Row> m_rows;
};

}  // namespace ntlab
