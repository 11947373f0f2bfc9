// SocketLogger.exe of paper 001: every PollInterval it reads the host's socket table (as
// GetExtendedTcpTable/GetExtendedUdpTable would) and reports one snapshot. Whoever writes the
// socket log subscribes to the "Poll" trace source; the model does not know about files.
#pragma once

#include "socket-table.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3 {

/// All rows of one poll; every row shares the poll's time.
struct SocketSnapshot
{
    Time time;
    std::string host;
    std::vector<SocketEntry> rows;
};

class SocketLogger : public Application
{
  public:
    static TypeId GetTypeId();
    SocketLogger();
    int64_t AssignStreams(int64_t stream);

    typedef void (*SnapshotTracedCallback)(const SocketSnapshot& snapshot);

  private:
    void StartApplication() override;
    void StopApplication() override;
    void Poll();

    Time m_interval;
    Ptr<RandomVariableStream> m_phase;  // hosts start their loggers at different offsets
    EventId m_event;
    SocketSnapshot m_snapshot;
    TracedCallback<const SocketSnapshot&> m_pollTrace;
};

} // namespace ns3
