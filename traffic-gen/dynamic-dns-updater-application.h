// A legitimate dynamic-DNS client (the DynDNS Updater of a home NAS or a remote-access PC): it
// resolves its own fixed name under a dynamic-DNS zone every CheckInterval through the host's
// DNS Client, to see whether the record still matches. A confounder for Kraken detection: the
// same zones (dyndns.org), a steady rhythm, but one human-chosen name that resolves.
#pragma once

#include "models/process-application.h"

#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"

#include <string>

namespace ns3 {

class DynamicDnsUpdaterApplication : public ProcessApplication
{
  public:
    static TypeId GetTypeId();
    DynamicDnsUpdaterApplication();

    int64_t AssignStreams(int64_t stream);
    uint64_t GetChecks() const { return m_checks; }

  private:
    void StartApplication() override;
    void StopApplication() override;
    void Check();

    std::string m_hostName;
    Ptr<RandomVariableStream> m_interval;
    EventId m_event;
    bool m_running = false;
    uint64_t m_checks = 0;
};

} // namespace ns3
