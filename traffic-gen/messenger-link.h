// One connection of a simulated messenger client to a server, however it gets there (paper 004's
// bypasses): direct; through the IP-relay proxy (a SOCKS4 CONNECT first); or inside MSN's HTTP
// gateway (every batch of commands is a POST to /gateway/gateway.dll on port 80, and the client
// polls for pushes). Above it the client only sees MSNP / NateOn command lines. The connection is
// a TrackedTcpConnection, so it is in the host's socket table under the client's PID.
#pragma once

#include "models/messenger-line-reader.h"
#include "models/tracked-tcp-connection.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/simple-ref-count.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3 {

class MessengerLink : public SimpleRefCount<MessengerLink>
{
  public:
    enum Mode
    {
        DIRECT,
        RELAY,
        HTTP_GATEWAY
    };

    struct Target
    {
        Ipv4Address server;     // the messenger server meant
        uint16_t port = 0;
        Mode mode = DIRECT;
        Ipv4Address via;        // RELAY: the relay; HTTP_GATEWAY: the gateway
        std::string gatewayServer = "NS";  // HTTP_GATEWAY: NS or SB
    };

    MessengerLink(Ptr<TrackedTcpConnection> connection, const std::vector<std::string>& payloadVerbs);

    std::function<void()> onUp;                          // ready for commands
    std::function<void(const MessengerLine&)> onLine;    // a command from the server
    std::function<void(bool wasUp)> onDown;              // closed, failed or timed out; once

    /// Connects; onDown(false) when not up within `timeout`.
    void Open(const Target& target, Time timeout);
    void Send(const std::vector<uint8_t>& bytes);
    /// Cuts a server's message off the stream; unset: MSNP / NateOn lines (BuddyBuddy: TakeBuddyFrame).
    std::function<std::optional<MessengerLine>(std::vector<uint8_t>&)> takeMessage;
    /// Raw bytes of a direct (P2P) connection: onRaw instead of onLine.
    std::function<void(std::vector<uint8_t>&)> onRaw;
    void Close();
    bool IsUp() const { return m_up; }

  private:
    void HandleConnected();
    void HandleData();
    void HandleClosed();
    void BecomeUp();
    void ReadHttp(std::vector<uint8_t>& rx);
    void Post();
    void Deliver(std::vector<uint8_t>& bytes);

    Ptr<TrackedTcpConnection> m_connection;
    std::vector<std::string> m_payloadVerbs;
    Target m_target;
    bool m_up = false;
    bool m_done = false;
    bool m_socksPending = false;
    bool m_postOutstanding = false;
    bool m_httpOpened = false;
    uint32_t m_connectionTag = 7;  // the gateway's SessionID in later POSTs (its value plays no part)
    std::vector<uint8_t> m_httpQueue;  // commands waiting for the next POST
    std::vector<uint8_t> m_lines;      // received commands not yet complete
    EventId m_timeout;
    EventId m_poll;
};

} // namespace ns3
