// Installs KrakenBotApplications (paper 003). Kraken sends its own DNS queries to `dnsServer`, so every
// flow of the infection belongs to the bot.
#pragma once

#include "models/helper/process-application-helper.h"
#include "traffic-gen/kraken-bot-application.h"

namespace ns3
{

class KrakenBotHelper : public ProcessApplicationHelper<KrakenBotApplication>
{
  public:
    explicit KrakenBotHelper(Ipv4Address dnsServer);
};

} // namespace ns3
