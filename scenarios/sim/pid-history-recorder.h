// When each monitored host's PIDs changed hands (pid-history.csv, analyzers/formats/
// pid-history-files.h): every exit that freed a PID and every reuse of a freed one, in simulated
// order. Written when processes free their PID at exit (workload.pid_release: at_exit), so the
// emulated SocketLogger can look names up at poll time.
#pragma once

#include "analyzers/formats/pid-history-files.h"
#include "models/pid-allocator.h"
#include "scenarios/sim/epoch-clock.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

class PidHistoryRecorder
{
  public:
    explicit PidHistoryRecorder(EpochClock clock);
    void Observe(ns3::Ptr<ns3::PidAllocator> pids, const std::string& host);
    /// Writes every change seen so far; returns how many.
    std::uint64_t Write(const std::string& path) const;

  private:
    void Freed(std::string host, std::uint32_t pid, const std::string& process);
    void Reused(std::string host, std::uint32_t pid, const std::string& process);

    EpochClock m_clock;
    std::vector<PidHistoryRow> m_rows;
};

}  // namespace ntlab
