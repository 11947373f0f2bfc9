// Installs CatalogServerApplications: the generic TCP, QUIC-like and UDP services of the workload
// catalog on every port some catalog process uses (the web names are served by a
// WebServerApplication beside it).
#pragma once

#include "models/catalog-server-application.h"
#include "models/helper/typed-application-helper.h"

#include <cstdint>
#include <vector>

namespace ns3
{

class CatalogServerHelper : public TypedApplicationHelper<CatalogServerApplication>
{
  public:
    CatalogServerHelper(const std::vector<uint16_t>& tcpPorts, const std::vector<uint16_t>& udpPorts);
};

} // namespace ns3
