// Installs ZeusCncServerApplications (paper 002's C&C): the behaviour mix is set with the
// CookieTheftWeight, HomepageSetWeight and OsShutdownWeight attributes (and FormGrabWeight,
// ScreenshotWeight, FileDownloadWeight for the behaviours beyond the paper's, 0 by default), and
// Spread widens every behaviour distribution.
#pragma once

#include "models/helper/typed-application-helper.h"
#include "models/zeus-cnc-server-application.h"

namespace ns3
{

class ZeusCncServerHelper : public TypedApplicationHelper<ZeusCncServerApplication>
{
  public:
    explicit ZeusCncServerHelper(const std::string& serverName);
};

} // namespace ns3
