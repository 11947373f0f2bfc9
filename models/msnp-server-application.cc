#include "msnp-server-application.h"

#include "tcp-listener.h"

#include "models/payload/messenger-payload.h"

#include "ns3/enum.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3 {

NS_LOG_COMPONENT_DEFINE("MsnpServerApplication");
NS_OBJECT_ENSURE_REGISTERED(MsnpServerApplication);

namespace {

constexpr size_t kMaxSendChunk = 64 * 1024;
const char* const kTicketPolicy = "lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom,ct=1251331200,"
                                  "kpp=1,kv=5,ver=2.1.0173.1,tpf=43f8a4c8ed940c04e3740be46c4d1619";

std::vector<uint8_t> Command(const std::string& verb, const std::vector<std::string>& args)
{
    return ntlab::payload::BuildMessengerCommand(verb, args);
}

std::string AddressText(Ipv4Address address)
{
    std::ostringstream text;
    address.Print(text);
    return text.str();
}

}  // namespace

TypeId MsnpServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MsnpServerApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<MsnpServerApplication>()
            .AddAttribute("Role", "Which MSN server this is", EnumValue(DISPATCH),
                          MakeEnumAccessor(&MsnpServerApplication::m_role),
                          MakeEnumChecker(DISPATCH, "dispatch", NOTIFICATION, "notification", SWITCHBOARD,
                                          "switchboard", HTTP_GATEWAY, "http-gateway"))
            .AddAttribute("Port", "The listening port", UintegerValue(1863),
                          MakeUintegerAccessor(&MsnpServerApplication::m_port), MakeUintegerChecker<uint16_t>())
            .AddAttribute("SecondPort", "A second listening port (0 = none)", UintegerValue(0),
                          MakeUintegerAccessor(&MsnpServerApplication::m_secondPort), MakeUintegerChecker<uint16_t>())
            .AddAttribute("Address", "The public address clients reach it on", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&MsnpServerApplication::m_address), MakeIpv4AddressChecker())
            .AddAttribute("Notification", "Dispatch: the notification server it hands clients to",
                          Ipv4AddressValue(), MakeIpv4AddressAccessor(&MsnpServerApplication::m_notification),
                          MakeIpv4AddressChecker())
            .AddAttribute("Switchboard", "Notification: the switchboard server it hands out", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&MsnpServerApplication::m_switchboard), MakeIpv4AddressChecker())
            .AddTraceSource("Command", "A client command served",
                            MakeTraceSourceAccessor(&MsnpServerApplication::m_commandTrace),
                            "ns3::MsnpServerApplication::CommandTracedCallback");
    return tid;
}

MsnpServerApplication::MsnpServerApplication()
    : m_role(DISPATCH),
      m_port(1863),
      m_secondPort(0)
{
}

void MsnpServerApplication::StartApplication()
{
    for (uint16_t port : {m_port, m_secondPort})
        if (port != 0)
            m_listeners.push_back(OpenTcpListener(GetNode(), port, MakeCallback(&MsnpServerApplication::HandleAccept, this)));
}

void MsnpServerApplication::StopApplication()
{
    for (auto& listener : m_listeners) CloseTcpListener(listener);
    m_listeners.clear();
    CloseAllStreams(m_connections);
}

void MsnpServerApplication::DoDispose()
{
    m_connections.clear();
    m_directory = nullptr;
    Application::DoDispose();
}

const char* MsnpServerApplication::RoleName(Role role) const
{
    switch (role)
    {
    case DISPATCH: return "dispatch";
    case NOTIFICATION: return "notification";
    case SWITCHBOARD: return "switchboard";
    case HTTP_GATEWAY: break;
    }
    return "http-gateway";
}

std::string MsnpServerApplication::Endpoint(Ipv4Address address, uint16_t port) const
{
    return AddressText(address) + ":" + std::to_string(port);
}

void MsnpServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    Ptr<BufferedTcpStream> stream = Create<BufferedTcpStream>(kMaxSendChunk);
    Connection& c = m_connections[PeekPointer(stream)];
    c.stream = stream;
    c.peer = InetSocketAddress::ConvertFrom(from).GetIpv4();
    Address local;
    socket->GetSockName(local);
    c.port = InetSocketAddress::ConvertFrom(local).GetPort();
    c.role = m_role == HTTP_GATEWAY ? NOTIFICATION : m_role;
    c.http = m_role == HTTP_GATEWAY;
    stream->SetDataCallback(MakeCallback(&MsnpServerApplication::HandleRead, this));
    stream->SetClosedCallback(MakeCallback(&MsnpServerApplication::HandleClosed, this));
    stream->Attach(socket);
}

void MsnpServerApplication::HandleRead(Ptr<BufferedTcpStream> stream, uint32_t)
{
    auto it = m_connections.find(PeekPointer(stream));
    if (it == m_connections.end()) return;
    Connection& c = it->second;
    if (c.http)
    {
        ReadHttp(c);
        return;
    }
    while (auto line = TakeMessengerLine(stream->Received(), MsnpPayloadVerbs()))
    {
        Serve(c, *line);
        if (!stream->IsOpen() || stream->IsClosing()) return;
    }
}

// One POST at a time: its body holds MSNP commands; the answer carries every command produced
// since the last POST (pushes included), as the gateway's poll does.
void MsnpServerApplication::ReadHttp(Connection& c)
{
    std::vector<uint8_t>& rx = c.stream->Received();
    static const std::string kEnd = "\r\n\r\n";
    auto headerEnd = std::search(rx.begin(), rx.end(), kEnd.begin(), kEnd.end());
    if (headerEnd == rx.end()) return;
    std::string head(rx.begin(), headerEnd);
    std::size_t length = 0;
    auto at = head.find("Content-Length: ");
    if (at != std::string::npos) length = std::strtoul(head.c_str() + at + 16, nullptr, 10);
    std::size_t headBytes = head.size() + kEnd.size();
    if (rx.size() < headBytes + length) return;
    if (head.find("Server=SB") != std::string::npos) c.role = SWITCHBOARD;
    std::vector<uint8_t> body(rx.begin() + headBytes, rx.begin() + headBytes + length);
    rx.erase(rx.begin(), rx.begin() + headBytes + length);
    c.httpOpen = true;
    while (auto line = TakeMessengerLine(body, MsnpPayloadVerbs())) Serve(c, *line);
    std::string response = "HTTP/1.1 200 OK\r\nServer: Microsoft-IIS/6.0\r\nX-MSN-Messenger: SessionID=" +
                           std::to_string(c.peer.Get() ^ 0x5a5a) + "; GW-IP=" + AddressText(m_address) +
                           "\r\nContent-Type: application/x-msn-messenger\r\nContent-Length: " +
                           std::to_string(c.httpPending.size()) + "\r\n\r\n";
    std::vector<uint8_t> out(response.begin(), response.end());
    out.insert(out.end(), c.httpPending.begin(), c.httpPending.end());
    c.httpPending.clear();
    c.stream->Send(out);
    if (!rx.empty()) ReadHttp(c);
}

void MsnpServerApplication::Answer(Connection& c, const std::vector<uint8_t>& bytes)
{
    if (c.http)
        c.httpPending.insert(c.httpPending.end(), bytes.begin(), bytes.end());
    else
        c.stream->Send(bytes);
}

void MsnpServerApplication::Answer(Connection& c, const std::string& verb, const std::vector<std::string>& args)
{
    Answer(c, Command(verb, args));
}

void MsnpServerApplication::Serve(Connection& c, const MessengerLine& line)
{
    m_commandTrace(c.peer, RoleName(c.role), line.verb);
    if (line.verb == "VER")
    {
        Answer(c, "VER", {line.Arg(0), line.Arg(1)});
        return;
    }
    if (line.verb == "CVR")
    {
        Answer(c, "CVR", {line.Arg(0), "6.0.0602", "6.0.0602", "1.0.0000",
                          "http://download.microsoft.com/download/msnmessenger", "http://messenger.msn.com"});
        return;
    }
    if (line.verb == "OUT")
    {
        c.stream->CloseWhenSent();
        return;
    }
    switch (c.role)
    {
    case DISPATCH: ServeDispatch(c, line); break;
    case SWITCHBOARD: ServeSwitchboard(c, line); break;
    default: ServeNotification(c, line); break;
    }
}

// Step 3: the dispatch server names the notification server (on the port the client used).
void MsnpServerApplication::ServeDispatch(Connection& c, const MessengerLine& line)
{
    if (line.verb != "USR") return;
    Answer(c, "XFR", {line.Arg(0), "NS", Endpoint(m_notification, c.port), "0", Endpoint(m_address, c.port)});
    c.stream->CloseWhenSent();
}

void MsnpServerApplication::Enter(Connection& c, const std::string& account, uint32_t session)
{
    c.account = account;
    c.session = session;
    Connection* self = &c;
    BufferedTcpStream* key = PeekPointer(c.stream);
    auto push = [this, key, self](const std::vector<uint8_t>& bytes) {
        if (m_connections.count(key)) Answer(*self, bytes);
    };
    if (session == 0)
        m_directory->SetOnline(account, push);
    else
        m_directory->Join(session, account, push);
}

// Steps 4-7: TWN login, contact list, presence, keep-alives, switchboard cookies.
void MsnpServerApplication::ServeNotification(Connection& c, const MessengerLine& line)
{
    const std::string& trid = line.Arg(0);
    if (line.verb == "USR" && line.Arg(2) == "I")
        Answer(c, "USR", {trid, "TWN", "S", kTicketPolicy});
    else if (line.verb == "USR" && line.Arg(2) == "S")
    {
        // The account is the one the client named in its USR I; the ticket stands for it.
        Answer(c, "USR", {trid, "OK", c.account, c.account, "1", "0"});
        Answer(c, ntlab::payload::BuildMessengerPayloadCommand("MSG", {"Hotmail", "Hotmail"},
                                                               ntlab::payload::BuildMsnpProfile(c.account)));
    }
    else if (line.verb == "SYN")
        Answer(c, "SYN", {trid, "41", "1", "0"});
    else if (line.verb == "CHG")
        Answer(c, "CHG", {trid, line.Arg(1), line.Arg(2)});
    else if (line.verb == "PNG")
        Answer(c, "QNG", {"50"});
    else if (line.verb == "XFR" && line.Arg(1) == "SB")
        Answer(c, "XFR", {trid, "SB", Endpoint(m_switchboard, 1863), "CKI", m_directory->NewCookie(c.account, 0)});
    if (line.verb == "USR" && line.Arg(2) == "I") c.account = line.Arg(3);
    if (line.verb == "USR" && line.Arg(2) == "S") Enter(c, c.account, 0);
}

// Steps 8-9: the caller and the callee meet on the switchboard; messages are relayed.
void MsnpServerApplication::ServeSwitchboard(Connection& c, const MessengerLine& line)
{
    const std::string& trid = line.Arg(0);
    if (line.verb == "USR")
    {
        auto session = m_directory->UseCookie(line.Arg(1), line.Arg(2));
        if (!session) return Answer(c, "911", {trid});
        Enter(c, line.Arg(1), *session != 0 ? *session : m_directory->NewSession());
        Answer(c, "USR", {trid, "OK", c.account, c.account});
    }
    else if (line.verb == "ANS")
    {
        auto session = m_directory->UseCookie(line.Arg(1), line.Arg(2));
        if (!session) return Answer(c, "911", {trid});
        Enter(c, line.Arg(1), *session);
        Answer(c, "IRO", {trid, "1", "1", c.account, c.account});
        Answer(c, "ANS", {trid, "OK"});
        m_directory->Relay(c.session, c.account, Command("JOI", {c.account, c.account}));
    }
    else if (line.verb == "CAL" && c.session != 0)
    {
        std::string cookie = m_directory->NewCookie(line.Arg(1), c.session);
        bool online = m_directory->PushTo(line.Arg(1), Command("RNG", {std::to_string(c.session), Endpoint(m_address, 1863),
                                                                          "CKI", cookie, c.account, c.account}));
        if (online)
            Answer(c, "CAL", {trid, "RINGING", std::to_string(c.session)});
        else
            Answer(c, "217", {trid});  // the callee is offline
    }
    else if (line.verb == "MSG" && c.session != 0)
    {
        m_directory->Relay(c.session, c.account,
                           ntlab::payload::BuildMessengerPayloadCommand("MSG", {c.account, c.account}, line.payload));
        if (line.Arg(1) == "A" || line.Arg(1) == "D") Answer(c, "ACK", {trid});
    }
}

void MsnpServerApplication::HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause)
{
    auto it = m_connections.find(PeekPointer(stream));
    if (it == m_connections.end()) return;
    Connection& c = it->second;
    if (!c.account.empty() && c.role == NOTIFICATION && c.session == 0) m_directory->SetOffline(c.account);
    if (c.session != 0)
    {
        m_directory->Relay(c.session, c.account, Command("BYE", {c.account}));
        m_directory->Leave(c.session, c.account);
    }
    m_connections.erase(it);
}

} // namespace ns3
