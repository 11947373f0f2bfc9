#include "models/helper/web-server-helper.h"

#include "ns3/string.h"

namespace ns3
{

WebServerHelper::WebServerHelper(const std::string& serverName)
{
    SetAttribute("ServerName", StringValue(serverName));
}

} // namespace ns3
