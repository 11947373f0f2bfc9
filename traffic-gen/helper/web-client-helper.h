// Installs WebClientApplications, the browser and service behaviours: a browser opens Connections
// parallel TLS connections per page load (Tls true), a service makes MaxRequests short HTTP or TLS
// requests (Tls). The names it visits are set on the installed application (SetDomains).
#pragma once

#include "models/helper/process-application-helper.h"
#include "traffic-gen/web-client-application.h"

namespace ns3
{

class WebClientHelper : public ProcessApplicationHelper<WebClientApplication>
{
  public:
    /// `tls`: TLS with an SNI (browsers always; services as their protocol says) or plain HTTP.
    explicit WebClientHelper(bool tls);
};

} // namespace ns3
