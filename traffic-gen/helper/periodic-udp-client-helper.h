// Installs PeriodicUdpClientApplications: a benign process sending a datagram to remote:port every
// Interval, a periodic confounder for Kraken detection.
#pragma once

#include "models/helper/process-application-helper.h"
#include "traffic-gen/periodic-udp-client-application.h"

namespace ns3
{

class PeriodicUdpClientHelper : public ProcessApplicationHelper<PeriodicUdpClientApplication>
{
  public:
    PeriodicUdpClientHelper(Ipv4Address remote, uint16_t port);
};

} // namespace ns3
