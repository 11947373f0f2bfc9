#include "models/helper/zeus-cnc-server-helper.h"

#include "ns3/string.h"

namespace ns3
{

ZeusCncServerHelper::ZeusCncServerHelper(const std::string& serverName)
{
    SetAttribute("ServerName", StringValue(serverName));
}

} // namespace ns3
