#include "pid-allocator.h"

#include "ns3/uinteger.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(PidAllocator);

TypeId
PidAllocator::GetTypeId()
{
    static TypeId tid = TypeId("ns3::PidAllocator")
                            .SetParent<Object>()
                            .SetGroupName("Ntlab")
                            .AddConstructor<PidAllocator>()
                            .AddAttribute("RecentFreed",
                                          "How many freed PIDs stay candidates for reuse.",
                                          UintegerValue(32),
                                          MakeUintegerAccessor(&PidAllocator::m_recentMax),
                                          MakeUintegerChecker<uint32_t>(1))
                            .AddTraceSource("Freed",
                                            "A process exited and freed its PID.",
                                            MakeTraceSourceAccessor(&PidAllocator::m_freedTrace),
                                            "ns3::PidAllocator::PidTracedCallback")
                            .AddTraceSource("Reused",
                                            "A freed PID was handed to another process.",
                                            MakeTraceSourceAccessor(&PidAllocator::m_reusedTrace),
                                            "ns3::PidAllocator::PidTracedCallback");
    return tid;
}

PidAllocator::PidAllocator()
    : m_rng(CreateObject<UniformRandomVariable>()),
      m_recentMax(32)
{
}

int64_t
PidAllocator::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

uint32_t
PidAllocator::Allocate()
{
    for (;;)
    {
        uint32_t pid = 4 * m_rng->GetInteger(100, 6000);
        if (m_used.insert(pid).second)
        {
            return pid;
        }
    }
}

void
PidAllocator::Release(uint32_t pid, const std::string& process)
{
    m_freedTrace(pid, process);
    m_recent.push_back({pid, process});
    if (m_recent.size() > m_recentMax)
    {
        m_recent.pop_front();
    }
}

uint32_t
PidAllocator::AllocateReused(const std::string& process)
{
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < m_recent.size(); ++i)
    {
        if (m_recent[i].process != process)
        {
            candidates.push_back(i);
        }
    }
    if (candidates.empty())
    {
        return Allocate();
    }
    std::size_t pick = candidates[m_rng->GetInteger(0, candidates.size() - 1)];
    uint32_t pid = m_recent[pick].pid;
    m_recent.erase(m_recent.begin() + pick);
    m_reusedTrace(pid, process);
    return pid;
}

} // namespace ns3
