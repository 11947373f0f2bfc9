// Installs DnsServerApplications answering with the given TTL; its zone (AddRecord, AddMxRecord,
// AddPool) is filled on the installed application.
#pragma once

#include "models/helper/typed-application-helper.h"
#include "models/dns-server-application.h"

namespace ns3
{

class DnsServerHelper : public TypedApplicationHelper<DnsServerApplication>
{
  public:
    explicit DnsServerHelper(uint32_t ttlSeconds);
};

} // namespace ns3
