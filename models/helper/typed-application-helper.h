// The base of every application helper: an ObjectFactory for one application type, attributes set
// on the helper, and Install, which creates an application and adds it to a node. It is ns-3's
// ApplicationHelper (src/applications/helper/application-helper.h, ns-3.41 and later), which
// ns-3 3.37 lacks. It is typed because 3.37's Application has no virtual AssignStreams: Install
// returns the model itself, so the caller can give it its random streams (and any input that is
// not an attribute). A helper for one model derives from it and only sets its required attributes.
#pragma once

#include "ns3/attribute.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/ptr.h"

#include <string>

namespace ns3
{

template <typename T>
class TypedApplicationHelper
{
  public:
    TypedApplicationHelper()
    {
        m_factory.SetTypeId(T::GetTypeId());
    }

    /// Sets an attribute of every application installed from now on.
    void SetAttribute(const std::string& name, const AttributeValue& value)
    {
        m_factory.Set(name, value);
    }

    /// Creates one application with the attributes set so far and adds it to `node`.
    Ptr<T> Install(Ptr<Node> node) const
    {
        Ptr<T> application = m_factory.Create<T>();
        node->AddApplication(application);
        return application;
    }

  private:
    ObjectFactory m_factory;
};

} // namespace ns3
