#include "models/helper/nat-uplink-capture-helper.h"

#include "ns3/string.h"

namespace ns3
{

NatUplinkCaptureHelper::NatUplinkCaptureHelper(const std::string& directory)
{
    m_factory.SetTypeId(NatUplinkCapture::GetTypeId());
    SetAttribute("Directory", StringValue(directory));
}

void
NatUplinkCaptureHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<NatUplinkCapture>
NatUplinkCaptureHelper::Install(Ptr<NetDevice> uplink) const
{
    Ptr<NatUplinkCapture> capture = m_factory.Create<NatUplinkCapture>();
    capture->Capture(uplink);
    return capture;
}

} // namespace ns3
