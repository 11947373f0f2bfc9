#ifndef NTLAB_MODELS_SMTP_SERVER_APPLICATION_H
#define NTLAB_MODELS_SMTP_SERVER_APPLICATION_H

// A mail exchanger (MX) on the simulated Internet: SMTP on Port with real RFC 5321 replies
// (220 greeting, 250 EHLO with extensions, 250 MAIL/RCPT, 354 DATA, 250 queued, 221 QUIT), one
// SmtpServerDialogue per connection. It accepts every message: the Kraken bot's test mails to
// Google and its spam both need a server that answers as a real MX does. The client closes
// after 221; the server answers the FIN.

#include "models/buffered-tcp-stream.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ntlab::payload {
class SmtpServerDialogue;
}

namespace ns3
{

class SmtpServerApplication : public Application
{
  public:
    static TypeId GetTypeId();
    SmtpServerApplication();
    ~SmtpServerApplication() override;

    uint64_t GetMessagesAccepted() const { return m_messages; }
    size_t GetOpenConnections() const { return m_connections.size(); }

    /// "Message": client address, envelope sender, number of recipients, message bytes.
    typedef void (*MessageTracedCallback)(Ipv4Address client, const std::string& from,
                                          uint32_t recipients, uint32_t bytes);

  protected:
    void DoDispose() override;

  private:
    struct Connection
    {
        Ipv4Address peer;
        std::unique_ptr<ntlab::payload::SmtpServerDialogue> dialogue;
        Ptr<BufferedTcpStream> stream;
        uint32_t accepted = 0;
    };

    void StartApplication() override;
    void StopApplication() override;
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleRead(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);

    uint16_t m_port;
    std::string m_hostname;
    Ptr<Socket> m_listener;
    std::map<Ptr<Socket>, Connection> m_connections;
    uint64_t m_messages = 0;
    TracedCallback<Ipv4Address, const std::string&, uint32_t, uint32_t> m_messageTrace;
};

} // namespace ns3

#endif
