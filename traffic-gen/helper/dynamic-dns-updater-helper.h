// Installs DynamicDnsUpdaterApplications: a benign process that resolves `hostName` every
// CheckInterval, a periodic confounder for Kraken detection.
#pragma once

#include "models/helper/process-application-helper.h"
#include "traffic-gen/dynamic-dns-updater-application.h"

namespace ns3
{

class DynamicDnsUpdaterHelper : public ProcessApplicationHelper<DynamicDnsUpdaterApplication>
{
  public:
    explicit DynamicDnsUpdaterHelper(const std::string& hostName);
};

} // namespace ns3
