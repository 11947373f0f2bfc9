// Installs SmtpServerApplications: the mail exchanger that answers a domain's MX record, greeting
// with its own host name.
#pragma once

#include "models/helper/typed-application-helper.h"
#include "models/smtp-server-application.h"

namespace ns3
{

class SmtpServerHelper : public TypedApplicationHelper<SmtpServerApplication>
{
  public:
    explicit SmtpServerHelper(const std::string& hostname);
};

} // namespace ns3
