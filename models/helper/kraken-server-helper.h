// Installs KrakenServerApplications (paper 003) in one role: the load-balancer reached through the
// registered DGA names, an update server, or the herder's command server. UpdateServers, Herder and
// SpamDomains tell every role where the rest of the constellation is.
#pragma once

#include "models/helper/typed-application-helper.h"
#include "models/kraken-server-application.h"

namespace ns3
{

class KrakenServerHelper : public TypedApplicationHelper<KrakenServerApplication>
{
  public:
    explicit KrakenServerHelper(KrakenServerApplication::Role role);
};

} // namespace ns3
