// Installs a host's DNS Client (HostResolver), which runs inside svchost.exe and asks `server`.
#pragma once

#include "models/helper/typed-application-helper.h"
#include "models/host-resolver.h"

namespace ns3
{

class HostResolverHelper : public TypedApplicationHelper<HostResolver>
{
  public:
    HostResolverHelper(Ipv4Address server, uint32_t pid, const std::string& processName);
};

} // namespace ns3
