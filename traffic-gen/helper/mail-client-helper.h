// Installs MailClientApplications: a benign mail client sending through its accounts' SMTP
// servers on a schedule, a confounder for Kraken detection.
#pragma once

#include "models/helper/process-application-helper.h"
#include "traffic-gen/mail-client-application.h"

namespace ns3
{

using MailClientHelper = ProcessApplicationHelper<MailClientApplication>;

} // namespace ns3
