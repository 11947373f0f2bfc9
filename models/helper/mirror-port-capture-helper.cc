#include "models/helper/mirror-port-capture-helper.h"

#include "ns3/string.h"

namespace ns3
{

MirrorPortCaptureHelper::MirrorPortCaptureHelper(const std::string& directory)
{
    m_factory.SetTypeId(MirrorPortCapture::GetTypeId());
    SetAttribute("Directory", StringValue(directory));
}

void
MirrorPortCaptureHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<MirrorPortCapture>
MirrorPortCaptureHelper::Install(Ptr<NetDevice> switchPort, Ipv4Address hostAddress) const
{
    ObjectFactory factory = m_factory;
    factory.Set("HostAddress", Ipv4AddressValue(hostAddress));
    Ptr<MirrorPortCapture> capture = factory.Create<MirrorPortCapture>();
    capture->Mirror(switchPort);
    return capture;
}

} // namespace ns3
