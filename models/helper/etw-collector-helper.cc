#include "models/helper/etw-collector-helper.h"

namespace ns3
{

EtwCollectorHelper::EtwCollectorHelper()
{
    m_factory.SetTypeId(EtwCollector::GetTypeId());
}

void
EtwCollectorHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<EtwCollector>
EtwCollectorHelper::Install(const std::vector<Ptr<SocketTable>>& tables) const
{
    Ptr<EtwCollector> collector = m_factory.Create<EtwCollector>();
    for (const auto& table : tables)
    {
        collector->Observe(table);
    }
    return collector;
}

} // namespace ns3
