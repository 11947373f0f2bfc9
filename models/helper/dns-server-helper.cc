#include "models/helper/dns-server-helper.h"

#include "ns3/uinteger.h"

namespace ns3
{

DnsServerHelper::DnsServerHelper(uint32_t ttlSeconds)
{
    SetAttribute("Ttl", UintegerValue(ttlSeconds));
}

} // namespace ns3
