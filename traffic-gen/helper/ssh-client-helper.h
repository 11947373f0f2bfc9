// Installs SshClientApplications: a remote machine opening SSH sessions to `remote` (a monitored
// host's listening process) every Interval, each lasting SessionDuration.
#pragma once

#include "models/helper/typed-application-helper.h"
#include "traffic-gen/ssh-client-application.h"

namespace ns3
{

class SshClientHelper : public TypedApplicationHelper<SshClientApplication>
{
  public:
    explicit SshClientHelper(Address remote);
};

} // namespace ns3
