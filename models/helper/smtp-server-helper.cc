#include "models/helper/smtp-server-helper.h"

#include "ns3/string.h"

namespace ns3
{

SmtpServerHelper::SmtpServerHelper(const std::string& hostname)
{
    SetAttribute("Hostname", StringValue(hostname));
}

} // namespace ns3
