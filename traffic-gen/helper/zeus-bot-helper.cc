#include "traffic-gen/helper/zeus-bot-helper.h"

#include "ns3/string.h"

namespace ns3
{

ZeusBotHelper::ZeusBotHelper(const std::string& cncDomain)
{
    SetAttribute("CncDomain", StringValue(cncDomain));
}

} // namespace ns3
