// A NateOn server (PROTOCOLS.md 3.2), one role per application, on port 5004:
//   Dispatch  PVER / AUTH / REQS, answered with REQS <trid> dp1:1 <main address> 5004, then closed;
//   Main      LSIN (login), CONF (the ~8 KB configuration text), GLST (the contact list) and the
//             PING keep-alives of the long-lived session; and it relays between two users online
//             (paper 004: chat goes client -> server -> client) the chat lines (MESG), the chunks
//             of a small file (FILE) and the negotiation of a large file's P2P transfer on 6004
//             (NEGO REQ / ACPT). MESG's text form is PROTOCOLS.md's; the account token after the
//             transaction id, FILE and NEGO are ntlab's invention (docs/messengers.md, "NateOn's
//             chat and files"), since the real client's chat and file protocol is not public.
// Each relayed command is answered to its sender with `<VERB> <trid> OK`, or `421 <trid>` when the
// addressee is not online; the addressee gets `<VERB> 0 <sender> ...`.
#pragma once

#include "buffered-tcp-stream.h"
#include "messenger-line-reader.h"
#include "msn-directory.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3 {

class NateOnServerApplication : public Application
{
  public:
    enum Role
    {
        DISPATCH,
        MAIN
    };

    static TypeId GetTypeId();
    NateOnServerApplication();

    /// Main: who is online (an MsnDirectory serves any provider's presence list).
    void SetDirectory(Ptr<MsnDirectory> directory) { m_directory = directory; }

    /// "Command": the client's address, the role that served it, the verb it sent.
    typedef void (*CommandTracedCallback)(Ipv4Address client, const std::string& role, const std::string& verb);

  private:
    struct Connection
    {
        Ptr<BufferedTcpStream> stream;
        Ipv4Address peer;
        std::string account;  // main: once logged in
    };

    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleRead(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);
    void Serve(Connection& c, const MessengerLine& line);
    void LogIn(Connection& c, const std::string& account);
    void Relay(Connection& c, const MessengerLine& line);

    Role m_role;
    uint16_t m_port;
    uint16_t m_secondPort;
    Ipv4Address m_main;  // dispatch: the main server it names
    Ptr<MsnDirectory> m_directory;
    Ptr<Socket> m_listener;
    Ptr<Socket> m_secondListener;
    std::map<BufferedTcpStream*, Connection> m_connections;
    TracedCallback<Ipv4Address, const std::string&, const std::string&> m_commandTrace;
};

} // namespace ns3
