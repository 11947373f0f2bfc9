#include "traffic-gen/mail-client-application.h"

#include "models/payload/smtp-client-dialogue.h"
#include "models/payload/smtp-payload.h"
#include "models/socket-table.h"
#include "models/tcp-exchange.h"

#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MailClientApplication);

namespace
{

// One SMTP transaction on its own connection; the server speaks first.
class SmtpExchange : public TcpExchange
{
  public:
    SmtpExchange(ntlab::payload::SmtpClientDialogue dialogue, std::function<void(bool)> done)
        : m_dialogue(std::move(dialogue)),
          m_done(std::move(done))
    {
    }

  private:
    std::vector<uint8_t> DoConnected() override
    {
        return {};
    }

    bool DoReceive(std::vector<uint8_t>& received) override
    {
        std::vector<uint8_t> out = m_dialogue.Feed(received);
        if (!out.empty())
        {
            Send(out);
        }
        return m_dialogue.Done();
    }

    void DoFinish(bool) override
    {
        auto done = std::move(m_done);
        done(m_dialogue.Delivered());
    }

    ntlab::payload::SmtpClientDialogue m_dialogue;
    std::function<void(bool)> m_done;
};

} // namespace

TypeId
MailClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MailClientApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<MailClientApplication>()
            .AddAttribute("Sender", "The account's address in MAIL FROM and From:.",
                          StringValue("office.user@example.com"),
                          MakeStringAccessor(&MailClientApplication::m_sender), MakeStringChecker())
            .AddAttribute("Interval", "Seconds between mails (a send schedule; assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=240|Max=360]"),
                          MakePointerAccessor(&MailClientApplication::m_interval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("BodySize", "Text bytes of a mail body (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=500|Max=5000]"),
                          MakePointerAccessor(&MailClientApplication::m_bodySize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Timeout", "A transaction without an answer by then fails.", TimeValue(Seconds(30)),
                          MakeTimeAccessor(&MailClientApplication::m_timeout), MakeTimeChecker())
            .AddTraceSource("Mail", "A mail ended: SMTP server name, delivered.",
                            MakeTraceSourceAccessor(&MailClientApplication::m_mailTrace),
                            "ns3::MailClientApplication::MailTracedCallback");
    return tid;
}

MailClientApplication::MailClientApplication()
    : m_seed(CreateObject<UniformRandomVariable>())
{
}

void
MailClientApplication::SetServers(std::vector<std::string> servers)
{
    m_servers = std::move(servers);
}

int64_t
MailClientApplication::AssignStreams(int64_t stream)
{
    m_interval->SetStream(stream);
    m_bodySize->SetStream(stream + 1);
    m_seed->SetStream(stream + 2);
    return 3;
}

void
MailClientApplication::StartApplication()
{
    m_running = true;
    SendNext();
}

void
MailClientApplication::StopApplication()
{
    m_running = false;
    m_event.Cancel();
}

void
MailClientApplication::SendNext()
{
    if (!m_running || m_servers.empty())
    {
        return;
    }
    const std::string server = m_servers[m_next++ % m_servers.size()];
    Resolve(server, [this, server](const std::vector<Ipv4Address>& addresses) {
        if (!m_running)
        {
            return;
        }
        if (addresses.empty())
        {
            m_mailTrace(server, false);
            return;
        }
        Deliver(server, addresses.front());
    });
    // The schedule does not wait for the mail, as an outbox flushed by a timer.
    m_event = Simulator::Schedule(Seconds(std::max(1.0, m_interval->GetValue())), &MailClientApplication::SendNext, this);
}

void
MailClientApplication::Deliver(const std::string& server, Ipv4Address address)
{
    const std::string to = "colleague@" + server.substr(server.find('.') + 1);
    auto size = static_cast<size_t>(std::max(1.0, std::round(m_bodySize->GetValue())));
    auto seed = static_cast<uint64_t>(m_seed->GetInteger(0, 0xFFFFFFFFu));
    ntlab::payload::SmtpClientDialogue dialogue(Table()->GetHostName(), m_sender, {to},
                                                ntlab::payload::BuildSmtpMessage(m_sender, to, "Weekly report", size, seed));
    Ptr<SmtpExchange> exchange = Create<SmtpExchange>(std::move(dialogue), [this, server](bool delivered) {
        if (!m_running)
        {
            return;
        }
        m_delivered += delivered ? 1 : 0;
        m_mailTrace(server, delivered);
    });
    exchange->Start(NewConnection(), address, 25, m_timeout);
}

} // namespace ns3
