// The auxiliary ETW collector of paper 001: it records socket create/connect/accept/close events
// with the PID as they happen, so connections that live and die between two socket-table polls
// are still attributable. Like ETW it does not record everything: each event is lost with
// LossProbability, and events beyond BufferEvents within one FlushInterval are dropped (ETW's
// per-CPU buffers overflow in bursts, so bursts of short connections lose the most). As in kernel
// TCP/IP events, only the first event of a PID carries the process name; the consumer keeps the
// PID -> name map as a cache. Connections shorter than ShortLifetime are lost more often
// (ShortLossProbability, for their open and close events together): their events arrive in one
// burst with the socket already gone, which is when a real-time consumer falls behind and the
// paper's remaining unknowns come from (assumption; off by default).
#pragma once

#include "socket-table.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <string>

namespace ns3 {

struct EtwEvent
{
    Time time;
    std::string host;
    ntlab::EventKind kind = ntlab::EventKind::Connect;
    SocketEntry socket;
    bool carriesName = false;  // the consumer's PID -> name cache learns from these
};

class EtwCollector : public Object
{
  public:
    static TypeId GetTypeId();
    EtwCollector();

    /// Subscribes to the socket table of one host.
    void Observe(Ptr<SocketTable> table);
    int64_t AssignStreams(int64_t stream);
    uint64_t Recorded() const { return m_recorded; }
    uint64_t Lost() const { return m_lost; }

    typedef void (*EventTracedCallback)(const EtwEvent& event);

  private:
    void Opened(std::string host, const SocketEntry& entry);
    void Closed(std::string host, const SocketEntry& entry);
    void Deliver(const std::string& host, ntlab::EventKind kind, const SocketEntry& entry, Time at);
    bool DropNext();  // the flush-window and random loss of the next event
    void Release(const std::string& host, uint32_t id);

    /// An open event held back until the connection is known not to be short.
    struct Pending
    {
        ntlab::EventKind kind;
        SocketEntry entry;
        Time at;
    };

    double m_lossProbability;
    uint32_t m_bufferEvents;
    Time m_flushInterval;
    Time m_shortLifetime;
    double m_shortLossProbability;
    std::map<std::pair<std::string, uint32_t>, Pending> m_pending;
    Ptr<UniformRandomVariable> m_loss;
    Time m_windowStart;
    uint32_t m_inWindow = 0;
    std::set<std::pair<std::string, uint32_t>> m_namedPids;
    uint64_t m_recorded = 0;
    uint64_t m_lost = 0;
    TracedCallback<const EtwEvent&> m_eventTrace;
};

} // namespace ns3
