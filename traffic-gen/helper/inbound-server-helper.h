// Installs InboundServerApplications: a process listening on `port` (sshd.exe) and speaking SSH
// framing to whoever connects.
#pragma once

#include "models/helper/process-application-helper.h"
#include "traffic-gen/inbound-server-application.h"

namespace ns3
{

class InboundServerHelper : public ProcessApplicationHelper<InboundServerApplication>
{
  public:
    explicit InboundServerHelper(uint16_t port);
};

} // namespace ns3
