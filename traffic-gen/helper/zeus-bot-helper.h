// Installs ZeusBotApplications (paper 002) that look up `cncDomain` and poll its C&C; PollInterval,
// ReportGap and Spread shape the behaviour.
#pragma once

#include "models/helper/process-application-helper.h"
#include "traffic-gen/zeus-bot-application.h"

namespace ns3
{

class ZeusBotHelper : public ProcessApplicationHelper<ZeusBotApplication>
{
  public:
    explicit ZeusBotHelper(const std::string& cncDomain);
};

} // namespace ns3
