// A benign mail client that sends a mail on a schedule through its accounts' SMTP servers (one
// server per account, taken in turn): real SMTP (EHLO, MAIL FROM, RCPT TO, DATA, QUIT) on TCP 25
// to the model's SmtpServerApplication. A confounder for paper 003's Kraken detector (issue 15):
// it makes the detector's SMTP evidence (a mail to a Google server early on, port-25 sessions to
// several servers) without being a bot.
#pragma once

#include "models/process-application.h"

#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <string>
#include <vector>

namespace ns3 {

class MailClientApplication : public ProcessApplication
{
  public:
    static TypeId GetTypeId();
    MailClientApplication();

    /// The SMTP servers by name, one per account, used in turn (resolved through the host's DNS).
    void SetServers(std::vector<std::string> servers);
    int64_t AssignStreams(int64_t stream);
    uint64_t GetDelivered() const { return m_delivered; }

    /// "Mail": SMTP server name, whether the server accepted the message.
    typedef void (*MailTracedCallback)(const std::string& server, bool delivered);

  private:
    void StartApplication() override;
    void StopApplication() override;
    void SendNext();
    void Deliver(const std::string& server, Ipv4Address address);

    std::vector<std::string> m_servers;
    std::string m_sender;
    Ptr<RandomVariableStream> m_interval;
    Ptr<RandomVariableStream> m_bodySize;
    Ptr<UniformRandomVariable> m_seed;
    Time m_timeout;
    EventId m_event;
    size_t m_next = 0;
    bool m_running = false;
    uint64_t m_delivered = 0;
    TracedCallback<const std::string&, bool> m_mailTrace;
};

} // namespace ns3
