// The process ids of one Windows-like host: multiples of 4, each in use by one process at a time.
// Windows hands out a recently freed PID again quickly, which is what makes PID->name caches (the
// analyzer's ETW consumer) go stale; Release/AllocateReused model that.
#pragma once

#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <set>
#include <string>

namespace ns3 {

class PidAllocator : public Object
{
  public:
    static TypeId GetTypeId();
    PidAllocator();

    /// A PID no process of the host uses now (and none used before: a fresh one).
    uint32_t Allocate();
    /// The process that owned `pid` exited: the PID may be handed out again.
    void Release(uint32_t pid, const std::string& process);
    /// A PID that another process (not named `process`) freed recently, or a fresh one if none.
    uint32_t AllocateReused(const std::string& process);

    int64_t AssignStreams(int64_t stream);

    /// (pid, process): `process` exited and freed `pid` (Freed), or got a freed `pid` (Reused).
    typedef void (*PidTracedCallback)(uint32_t pid, const std::string& process);

  private:
    struct Freed
    {
        uint32_t pid;
        std::string process;
    };
    Ptr<UniformRandomVariable> m_rng;
    std::set<uint32_t> m_used;  // every PID handed out so far (fresh PIDs are never repeated)
    std::deque<Freed> m_recent; // freed PIDs available for reuse, oldest first
    uint32_t m_recentMax;
    TracedCallback<uint32_t, const std::string&> m_freedTrace;
    TracedCallback<uint32_t, const std::string&> m_reusedTrace;
};

} // namespace ns3
