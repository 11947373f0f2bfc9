// The ETW-like events (events.csv) as the collector delivers them, in event order: what
// survived the collector's losses, with the process name only on a PID's first event.
#pragma once

#include "analyzers/formats/records.h"
#include "models/agents/host-clock.h"
#include "models/etw-collector.h"
#include "scenarios/sim/epoch-clock.h"

#include <cstdint>
#include <map>
#include <string>

namespace ntlab {

class EventRecorder
{
  public:
    /// `hostClocks`: the hosts whose clocks are not the capture's, stamped in their own time
    /// (logger.clock_offset, logger.clock_drift_ppm); the others in capture time.
    EventRecorder(const std::string& path, EpochClock clock, std::map<std::string, HostClock> hostClocks = {});
    /// Writes every event `collector` delivers from now on.
    void Observe(ns3::Ptr<ns3::EtwCollector> collector);
    void Commit();
    std::uint64_t Rows() const { return m_rows; }

  private:
    void Event(const ns3::EtwEvent& event);

    EventWriter m_writer;
    EpochClock m_clock;
    std::map<std::string, HostClock> m_hostClocks;
    std::uint64_t m_rows = 0;
};

}  // namespace ntlab
