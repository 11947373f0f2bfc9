#include "models/helper/catalog-server-helper.h"

#include "ns3/string.h"

#include <string>

namespace ns3
{
namespace
{

// The attributes' form: "22,445,3389".
std::string PortList(const std::vector<uint16_t>& ports)
{
    std::string out;
    for (auto p : ports)
    {
        out += (out.empty() ? "" : ",") + std::to_string(p);
    }
    return out;
}

} // namespace

CatalogServerHelper::CatalogServerHelper(const std::vector<uint16_t>& tcpPorts,
                                         const std::vector<uint16_t>& udpPorts)
{
    SetAttribute("TcpPorts", StringValue(PortList(tcpPorts)));
    SetAttribute("UdpPorts", StringValue(PortList(udpPorts)));
}

} // namespace ns3
