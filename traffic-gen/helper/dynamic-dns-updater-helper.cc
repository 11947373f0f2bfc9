#include "traffic-gen/helper/dynamic-dns-updater-helper.h"

#include "ns3/string.h"

namespace ns3
{

DynamicDnsUpdaterHelper::DynamicDnsUpdaterHelper(const std::string& hostName)
{
    SetAttribute("HostName", StringValue(hostName));
}

} // namespace ns3
