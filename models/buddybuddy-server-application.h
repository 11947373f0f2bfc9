// A BuddyBuddy server (paper 004; PROTOCOLS.md 3.3: no public protocol, so the protocol is ntlab's
// own invention, models/payload/buddybuddy-payload.h and docs/messengers.md). One server does it
// all, as 004 describes BuddyBuddy: login (LOGIN -> LOGIN_OK, the buddy list, presence pushed to
// the buddies online), the ALIVE keep-alives of the long-lived session, chat relayed to the peer
// (CHAT -> CHAT_FROM, answered with CHAT_ACK), and files relayed through the server at any size
// (FILE_SEND -> FILE_OFFER, FILE_DATA -> FILE_DATA_FROM, FILE_RECEIVED -> FILE_DONE). Neither
// client learns the other's address.
#pragma once

#include "buffered-tcp-stream.h"

#include "models/payload/buddybuddy-payload.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>

namespace ns3 {

class BuddyBuddyServerApplication : public Application
{
  public:
    static TypeId GetTypeId();
    BuddyBuddyServerApplication();

    /// "Frame": the client's address, the request it sent ("LOGIN", "CHAT" ...).
    typedef void (*FrameTracedCallback)(Ipv4Address client, const std::string& request);

  private:
    struct Connection
    {
        Ptr<BufferedTcpStream> stream;
        Ipv4Address peer;
        std::string account;  // once logged in
    };

    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleRead(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);
    void Serve(Connection& c, const ntlab::payload::BuddyFrame& frame);
    void Login(Connection& c, uint16_t sequence, const std::string& account);
    /// Passes a push to `account` when it is online; false when it is not.
    bool Push(const std::string& account, ntlab::payload::BuddyType type, const ntlab::payload::Bytes& body);
    void PushPresence(const std::string& account, const std::string& state);
    ntlab::payload::Bytes BuddyList() const;

    uint16_t m_port;
    uint16_t m_secondPort;
    Ptr<Socket> m_listener;
    Ptr<Socket> m_secondListener;
    std::map<BufferedTcpStream*, Connection> m_connections;
    std::map<std::string, BufferedTcpStream*> m_online;  // account -> its session
    std::map<std::pair<std::string, uint32_t>, std::string> m_transfers;  // (sender, transfer id) -> receiver
    TracedCallback<Ipv4Address, const std::string&> m_frameTrace;
};

} // namespace ns3
