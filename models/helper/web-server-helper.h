// Installs WebServerApplications: HTTP on HttpPort, TLS on TlsPort (0 turns one off), a response size
// distribution (ResponseSize) and the name on its certificate (ServerName).
#pragma once

#include "models/helper/typed-application-helper.h"
#include "models/web-server-application.h"

namespace ns3
{

class WebServerHelper : public TypedApplicationHelper<WebServerApplication>
{
  public:
    explicit WebServerHelper(const std::string& serverName);
};

} // namespace ns3
