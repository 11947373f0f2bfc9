// The child processes of a multi-process browser (workload.browser_processes, issue 10;
// docs/workload.md, "Browsers with several processes"). Every child has the browser's image name
// and its own PID from the host's PidAllocator. Which of them own the sockets depends on the
// browser (ChildModel); renderers, content and tab processes exit after an exponential life and a
// new one takes their place, so short-lived PIDs free up while their connections may still be in
// the table. With NO_CHILDREN nothing here draws a random number, so runs without the knob keep
// their random sequence.
#include "traffic-gen/catalog-process-application.h"

#include "ns3/abort.h"
#include "ns3/simulator.h"

#include <cmath>

namespace ns3
{

std::vector<uint32_t>
CatalogProcessApplication::ChildPids(std::size_t instance) const
{
    std::vector<uint32_t> pids;
    if (instance < m_children.size())
    {
        for (const ChildSlot& slot : m_children[instance])
        {
            pids.push_back(slot.pid);
        }
    }
    return pids;
}

void
CatalogProcessApplication::StartChildren()
{
    m_children.assign(m_instances.size(), {});
    if (m_childModel == NO_CHILDREN)
    {
        return;
    }
    NS_ABORT_MSG_IF(!m_pids, m_processName << ": child processes need a PidAllocator");
    NS_ABORT_MSG_IF(m_childModel == TAB_PROCESSES && m_childCount == 0,
                    m_processName << ": tab processes need Children >= 1 (someone must own the sockets)");
    for (std::vector<ChildSlot>& children : m_children)
    {
        if (m_childModel == NETWORK_SERVICE)
        {
            // Lives as long as the browser: only a restart of the browser replaces it.
            children.push_back({m_pids->Allocate(), true, false});
        }
        for (uint32_t k = 0; k < m_childCount; ++k)
        {
            children.push_back({m_pids->Allocate(), m_childModel == TAB_PROCESSES, true});
            ScheduleChildExit(children.back().pid);
        }
    }
}

uint32_t
CatalogProcessApplication::PickOwner()
{
    std::size_t i = m_instances.size() == 1 ? 0 : m_pick->GetInteger(0, m_instances.size() - 1);
    if (m_childModel == NO_CHILDREN || m_childModel == PARENT_SOCKETS)
    {
        return m_instances[i];
    }
    std::vector<uint32_t> owners;
    for (const ChildSlot& slot : m_children[i])
    {
        if (slot.ownsSockets)
        {
            owners.push_back(slot.pid);
        }
    }
    return owners[owners.size() == 1 ? 0 : m_pick->GetInteger(0, owners.size() - 1)];
}

void
CatalogProcessApplication::ScheduleChildExit(uint32_t pid)
{
    // Exponential life from the shared stream (no extra stream: AssignStreams stays as it was).
    double life = -m_childLifetime.GetSeconds() * std::log(1 - m_pick->GetValue(0, 1));
    Simulator::Schedule(Seconds(life), &CatalogProcessApplication::ChildExit, this, pid);
}

void
CatalogProcessApplication::ChildExit(uint32_t pid)
{
    if (!m_running)
    {
        return;
    }
    for (std::vector<ChildSlot>& children : m_children)
    {
        for (ChildSlot& slot : children)
        {
            // A slot no longer holding `pid` was replaced by a browser restart meanwhile.
            if (slot.pid == pid && slot.comesAndGoes)
            {
                slot.pid = ReplacePid(pid);
                ++m_childExits;
                m_childTrace(pid, slot.pid);
                ScheduleChildExit(slot.pid);
                return;
            }
        }
    }
}

void
CatalogProcessApplication::RestartChildren(std::size_t instance)
{
    if (instance >= m_children.size())
    {
        return;
    }
    for (ChildSlot& slot : m_children[instance])
    {
        uint32_t old = slot.pid;
        slot.pid = ReplacePid(old);
        m_childTrace(old, slot.pid);
        if (slot.comesAndGoes)
        {
            ScheduleChildExit(slot.pid);
        }
    }
}

} // namespace ns3
