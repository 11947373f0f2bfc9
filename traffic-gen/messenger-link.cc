#include "messenger-link.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <sstream>

namespace ns3 {

namespace {

constexpr double kGatewayPollSeconds = 2.0;  // MSN's gateway clients polled every few seconds

std::string AddressText(Ipv4Address address)
{
    std::ostringstream text;
    address.Print(text);
    return text.str();
}

}  // namespace

MessengerLink::MessengerLink(Ptr<TrackedTcpConnection> connection, const std::vector<std::string>& payloadVerbs)
    : m_connection(connection),
      m_payloadVerbs(payloadVerbs)
{
}

void MessengerLink::Open(const Target& target, Time timeout)
{
    m_target = target;
    Ptr<MessengerLink> self(this);
    m_connection->onConnected = Callback<void>([self]() { self->HandleConnected(); });
    m_connection->onData = Callback<void>([self]() { self->HandleData(); });
    m_connection->onClosed = Callback<void>([self]() { self->HandleClosed(); });
    m_timeout = Simulator::Schedule(timeout, [self]() {
        if (!self->m_up) self->Close();
    });
    if (target.mode == DIRECT)
        m_connection->Connect(target.server, target.port);
    else
        m_connection->Connect(target.via, target.mode == RELAY ? 1080 : 80);
}

void MessengerLink::HandleConnected()
{
    if (m_target.mode != RELAY) return BecomeUp();
    m_socksPending = true;
    m_connection->Send(BuildSocks4Connect(m_target.server.Get(), m_target.port));
}

void MessengerLink::BecomeUp()
{
    m_up = true;
    m_timeout.Cancel();
    if (auto up = onUp) up();
}

void MessengerLink::HandleData()
{
    std::vector<uint8_t>& rx = m_connection->Received();
    if (m_socksPending)
    {
        if (rx.size() < 8) return;
        bool granted = rx[1] == 0x5A;
        rx.erase(rx.begin(), rx.begin() + 8);
        m_socksPending = false;
        if (!granted) return Close();
        BecomeUp();
    }
    if (m_target.mode == HTTP_GATEWAY) return ReadHttp(rx);
    Deliver(rx);
}

void MessengerLink::Deliver(std::vector<uint8_t>& bytes)
{
    // Each callback runs from a copy: it may close the link, which drops the link's own copies.
    if (onRaw)
    {
        auto raw = onRaw;
        raw(bytes);
        return;
    }
    m_lines.insert(m_lines.end(), bytes.begin(), bytes.end());
    bytes.clear();
    Ptr<MessengerLink> self(this);  // onLine may close the link
    while (!m_done)
    {
        auto line = takeMessage ? takeMessage(m_lines) : TakeMessengerLine(m_lines, m_payloadVerbs);
        if (!line) break;
        if (auto handle = onLine) handle(*line);
    }
}

// One HTTP response per POST; its body holds the server's commands.
void MessengerLink::ReadHttp(std::vector<uint8_t>& rx)
{
    static const std::string kEnd = "\r\n\r\n";
    auto headerEnd = std::search(rx.begin(), rx.end(), kEnd.begin(), kEnd.end());
    if (headerEnd == rx.end()) return;
    std::string head(rx.begin(), headerEnd);
    auto at = head.find("Content-Length: ");
    std::size_t length = at == std::string::npos ? 0 : std::strtoul(head.c_str() + at + 16, nullptr, 10);
    std::size_t headBytes = head.size() + kEnd.size();
    if (rx.size() < headBytes + length) return;
    std::vector<uint8_t> body(rx.begin() + headBytes, rx.begin() + headBytes + length);
    rx.erase(rx.begin(), rx.begin() + headBytes + length);
    m_postOutstanding = false;
    Deliver(body);
    if (m_done) return;
    if (!m_httpQueue.empty())
        Post();
    else if (!m_poll.IsRunning())
    {
        Ptr<MessengerLink> self(this);
        m_poll = Simulator::Schedule(Seconds(kGatewayPollSeconds), [self]() {
            if (!self->m_done && !self->m_postOutstanding) self->Post();
        });
    }
}

void MessengerLink::Post()
{
    m_poll.Cancel();
    // The first POST opens the gateway session to the server meant; later ones send or poll.
    std::string query = !m_httpOpened ? "Action=open&Server=" + m_target.gatewayServer + "&IP=" + AddressText(m_target.server)
                        : m_httpQueue.empty() ? std::string("Action=poll&SessionID=") + std::to_string(m_connectionTag)
                                              : std::string("SessionID=") + std::to_string(m_connectionTag);
    m_httpOpened = true;
    std::string head = "POST /gateway/gateway.dll?" + query +
                       " HTTP/1.1\r\nAccept: */*\r\nUser-Agent: MSMSGS\r\nHost: gateway.messenger.hotmail.com\r\n"
                       "Content-Type: application/x-msn-messenger\r\nProxy-Connection: Keep-Alive\r\nContent-Length: " +
                       std::to_string(m_httpQueue.size()) + "\r\n\r\n";
    std::vector<uint8_t> out(head.begin(), head.end());
    out.insert(out.end(), m_httpQueue.begin(), m_httpQueue.end());
    m_httpQueue.clear();
    m_postOutstanding = true;
    m_connection->Send(out);
}

void MessengerLink::Send(const std::vector<uint8_t>& bytes)
{
    if (m_done) return;
    if (m_target.mode != HTTP_GATEWAY) return m_connection->Send(bytes);
    m_httpQueue.insert(m_httpQueue.end(), bytes.begin(), bytes.end());
    if (!m_postOutstanding) Post();
}

void MessengerLink::Close()
{
    if (m_done) return;
    m_connection->Close();
}

void MessengerLink::HandleClosed()
{
    if (m_done) return;
    m_done = true;
    m_timeout.Cancel();
    m_poll.Cancel();
    bool wasUp = m_up;
    m_up = false;
    auto down = std::move(onDown);
    onUp = nullptr;
    onLine = nullptr;
    onRaw = nullptr;
    takeMessage = nullptr;
    if (down) down(wasUp);
}

} // namespace ns3
