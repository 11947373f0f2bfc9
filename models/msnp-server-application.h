// An MSN Messenger server (PROTOCOLS.md 3.1, paper 004's 11 steps), one role per application:
//   Dispatch      VER / CVR / USR TWN I, answered with XFR NS <notification> (step 2-3), then closed;
//   Notification  the login (USR TWN I/S -> USR OK), SYN, CHG, PNG -> QNG keep-alives, XFR SB
//                 (a switchboard cookie) and the RNG push that calls another user into a chat;
//   Switchboard   USR / ANS with a cookie, CAL -> RINGING + RNG to the callee, JOI, MSG relayed
//                 to the other members and acknowledged (chat and small files through the server);
//   HttpGateway   the notification and switchboard roles inside HTTP (POST /gateway/gateway.dll
//                 ?Action=open&Server=NS|SB, application/x-msn-messenger bodies on port 80);
//                 pushes wait for the client's next poll, as on the real gateway.
// It listens on Port and, when set, SecondPort (the real servers also answered on 443 and 80).
// The notification and switchboard servers share an MsnDirectory (who is online, cookies).
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

class MsnpServerApplication : public Application
{
  public:
    enum Role
    {
        DISPATCH,
        NOTIFICATION,
        SWITCHBOARD,
        HTTP_GATEWAY
    };

    static TypeId GetTypeId();
    MsnpServerApplication();

    void SetDirectory(Ptr<MsnDirectory> directory) { m_directory = directory; }

    /// "Command": the client's address, the role that served it, the verb it sent.
    typedef void (*CommandTracedCallback)(Ipv4Address client, const std::string& role, const std::string& verb);

  private:
    struct Connection
    {
        Ptr<BufferedTcpStream> stream;
        Ipv4Address peer;
        uint16_t port = 0;   // the port the client reached
        Role role = DISPATCH;
        bool http = false;   // inside the HTTP gateway
        bool httpOpen = false;
        std::string account;
        uint32_t session = 0;
        std::vector<uint8_t> httpPending;  // pushes waiting for the next poll
    };

    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleRead(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);
    void ReadHttp(Connection& c);
    void Serve(Connection& c, const MessengerLine& line);
    void ServeDispatch(Connection& c, const MessengerLine& line);
    void ServeNotification(Connection& c, const MessengerLine& line);
    void ServeSwitchboard(Connection& c, const MessengerLine& line);
    void Answer(Connection& c, const std::vector<uint8_t>& bytes);
    void Answer(Connection& c, const std::string& verb, const std::vector<std::string>& args);
    void Enter(Connection& c, const std::string& account, uint32_t session);
    std::string Endpoint(Ipv4Address address, uint16_t port) const;
    const char* RoleName(Role role) const;

    Role m_role;
    uint16_t m_port;
    uint16_t m_secondPort;
    Ipv4Address m_address;       // the public address clients reach
    Ipv4Address m_notification;  // dispatch: the notification server it hands clients to
    Ipv4Address m_switchboard;   // notification: the switchboard it hands out
    Ptr<MsnDirectory> m_directory;
    std::vector<Ptr<Socket>> m_listeners;
    std::map<BufferedTcpStream*, Connection> m_connections;
    TracedCallback<Ipv4Address, const std::string&, const std::string&> m_commandTrace;
};

} // namespace ns3
