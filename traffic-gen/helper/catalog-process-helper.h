// Installs CatalogProcessApplications, one workload-catalog process on one host: Arrival, Lifetime,
// Bytes, DnsLookups, LongLived, RestartInterval and the rest come from the catalog entry. Its
// targets, ports and protocol mix are set on the installed application.
#pragma once

#include "models/helper/process-application-helper.h"
#include "traffic-gen/catalog-process-application.h"

namespace ns3
{

class CatalogProcessHelper : public ProcessApplicationHelper<CatalogProcessApplication>
{
  public:
    explicit CatalogProcessHelper(Ipv4Address dnsServer);
};

} // namespace ns3
