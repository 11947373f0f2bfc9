#include "models/helper/socket-table-helper.h"

#include "ns3/string.h"

namespace ns3
{

SocketTableHelper::SocketTableHelper(const std::string& hostName)
{
    m_factory.SetTypeId(SocketTable::GetTypeId());
    SetAttribute("HostName", StringValue(hostName));
}

void
SocketTableHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<SocketTable>
SocketTableHelper::Install(Ptr<Node> node) const
{
    Ptr<SocketTable> table = m_factory.Create<SocketTable>();
    node->AggregateObject(table);
    return table;
}

} // namespace ns3
