#include "messenger-client-application.h"

#include "models/payload/messenger-payload.h"
#include "models/tcp-listener.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3 {

NS_LOG_COMPONENT_DEFINE("MessengerClientApplication");
NS_OBJECT_ENSURE_REGISTERED(MessengerClientApplication);

namespace {

const Time kFirstBackoff = Seconds(5);
const Time kMaxBackoff = Seconds(60);
const char* const kTicket = "t=53*1hAu8ADuD3TEwdXoOMi08sD*2!cMrntTwVMTjoB3p6stWTqzbkKZPVQzA5NOt19SLI60PY!b8K4";

bool ParseEndpoint(const std::string& text, Ipv4Address& ip, uint16_t& port)
{
    auto colon = text.find(':');
    if (colon == std::string::npos) return false;
    ip = Ipv4Address(text.substr(0, colon).c_str());
    port = uint16_t(std::strtoul(text.c_str() + colon + 1, nullptr, 10));
    return port != 0;
}

}  // namespace

TypeId MessengerClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MessengerClientApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<MessengerClientApplication>()
            .AddAttribute("Messenger", "Which messenger this is", EnumValue(MSN),
                          MakeEnumAccessor(&MessengerClientApplication::m_messenger),
                          MakeEnumChecker(MSN, "msn", NATEON, "nateon", BUDDY, "buddybuddy"))
            .AddAttribute("Account", "The user's account", StringValue("alice@hotmail.com"),
                          MakeStringAccessor(&MessengerClientApplication::m_account), MakeStringChecker())
            .AddAttribute("Peer", "The account it chats with (empty: it only answers calls)", StringValue(""),
                          MakeStringAccessor(&MessengerClientApplication::m_peer), MakeStringChecker())
            .AddAttribute("Dispatch", "The dispatch server", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&MessengerClientApplication::m_dispatch), MakeIpv4AddressChecker())
            .AddAttribute("HttpGateway", "MSN's HTTP gateway (0.0.0.0: none)", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&MessengerClientApplication::m_httpGateway), MakeIpv4AddressChecker())
            .AddAttribute("Relay", "The IP-relay proxy (SOCKS4 on 1080)", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&MessengerClientApplication::m_relay), MakeIpv4AddressChecker())
            .AddAttribute("UseRelay", "Reach every server through the relay", BooleanValue(false),
                          MakeBooleanAccessor(&MessengerClientApplication::m_useRelay), MakeBooleanChecker())
            .AddAttribute("HttpsOnly", "Skip the protocol's own port: 443 and the HTTP gateway only", BooleanValue(false),
                          MakeBooleanAccessor(&MessengerClientApplication::m_httpsOnly), MakeBooleanChecker())
            .AddAttribute("ChatGap", "Seconds between the chats it starts",
                          StringValue("ns3::ExponentialRandomVariable[Mean=30]"),
                          MakePointerAccessor(&MessengerClientApplication::m_chatGap),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("SmallFile", "Bytes sent through the switchboard per chat (0 = none)", UintegerValue(0),
                          MakeUintegerAccessor(&MessengerClientApplication::m_smallFile), MakeUintegerChecker<uint32_t>())
            .AddAttribute("LargeFile", "Bytes sent once over a direct connection (0 = none)", UintegerValue(0),
                          MakeUintegerAccessor(&MessengerClientApplication::m_largeFile), MakeUintegerChecker<uint32_t>())
            .AddAttribute("GiveUp", "It stops trying this long after its first attempt", TimeValue(Seconds(300)),
                          MakeTimeAccessor(&MessengerClientApplication::m_giveUp), MakeTimeChecker())
            .AddAttribute("ConnectTimeout", "A connection not up by then is abandoned", TimeValue(Seconds(8)),
                          MakeTimeAccessor(&MessengerClientApplication::m_connectTimeout), MakeTimeChecker())
            .AddAttribute("KeepAlive", "Period of PNG (MSN), PING (NateOn) or ALIVE (BuddyBuddy)", TimeValue(Seconds(50)),
                          MakeTimeAccessor(&MessengerClientApplication::m_keepAlive), MakeTimeChecker())
            .AddAttribute("DirectPort", "Where it listens for a direct transfer it offers", UintegerValue(6891),
                          MakeUintegerAccessor(&MessengerClientApplication::m_directPort), MakeUintegerChecker<uint16_t>())
            .AddTraceSource("Attempt", "A connection attempt and whether it came up",
                            MakeTraceSourceAccessor(&MessengerClientApplication::m_attemptTrace),
                            "ns3::MessengerClientApplication::AttemptTracedCallback")
            .AddTraceSource("LoggedIn", "The login succeeded", MakeTraceSourceAccessor(&MessengerClientApplication::m_loggedInTrace),
                            "ns3::MessengerClientApplication::LoggedInTracedCallback")
            .AddTraceSource("Chat", "A chat it started ended", MakeTraceSourceAccessor(&MessengerClientApplication::m_chatTrace),
                            "ns3::MessengerClientApplication::ChatTracedCallback")
            .AddTraceSource("File", "A file transfer ended", MakeTraceSourceAccessor(&MessengerClientApplication::m_fileTrace),
                            "ns3::MessengerClientApplication::FileTracedCallback")
            .AddTraceSource("GaveUp", "It stopped trying to log in", MakeTraceSourceAccessor(&MessengerClientApplication::m_gaveUpTrace),
                            "ns3::MessengerClientApplication::GaveUpTracedCallback");
    return tid;
}

MessengerClientApplication::MessengerClientApplication()
    : m_messenger(MSN),
      m_useRelay(false),
      m_httpsOnly(false),
      m_smallFile(0),
      m_largeFile(0),
      m_directPort(6891)
{
}

int64_t MessengerClientApplication::AssignStreams(int64_t stream)
{
    m_chatGap->SetStream(stream);
    return 1;
}

void MessengerClientApplication::StartApplication()
{
    m_endpoints = LoginEndpoints();
    m_firstAttempt = Simulator::Now();
    m_backoff = kFirstBackoff;
    TryLogin();
}

void MessengerClientApplication::StopApplication()
{
    for (EventId* event : {&m_retry, &m_keepAliveEvent, &m_chatEvent, &m_chatTimeout}) event->Cancel();
    std::vector<Ptr<MessengerLink>> open = m_calleeLinks;
    open.push_back(m_notification);
    open.push_back(m_switchboard);
    for (auto& link : open)
        if (link) link->Close();
    if (m_listener)
    {
        CloseTcpListener(m_listener);
        Table()->Close(m_listenRow, false);
        m_listener = nullptr;
    }
}

void MessengerClientApplication::DoDispose()
{
    m_notification = nullptr;
    m_switchboard = nullptr;
    m_calleeLinks.clear();
    m_chatGap = nullptr;
    ProcessApplication::DoDispose();
}

// The real clients' order: the protocol's own port, then 443 (MSN) or 80 (NateOn, and BuddyBuddy
// as ntlab models it), then MSN's HTTP gateway; through the relay every one of them goes to the
// relay instead.
std::vector<MessengerClientApplication::Endpoint> MessengerClientApplication::LoginEndpoints() const
{
    using L = MessengerLink;
    L::Mode plain = m_useRelay ? L::RELAY : L::DIRECT;
    std::vector<Endpoint> endpoints;
    const uint16_t own = m_messenger == MSN ? 1863 : m_messenger == NATEON ? 5004 : ntlab::payload::kBuddyPort;
    if (!m_httpsOnly) endpoints.push_back({m_dispatch, own, plain});
    endpoints.push_back({m_dispatch, uint16_t(m_messenger == MSN ? 443 : 80), plain});
    if (m_messenger == MSN && m_httpGateway != Ipv4Address::GetAny())
        endpoints.push_back({m_dispatch, 80, L::HTTP_GATEWAY});
    return endpoints;
}

MessengerLink::Target MessengerClientApplication::TargetOf(const Endpoint& endpoint, const std::string& gatewayServer) const
{
    MessengerLink::Target target;
    target.server = endpoint.server;
    target.port = endpoint.port;
    target.mode = endpoint.mode;
    target.via = endpoint.mode == MessengerLink::RELAY ? m_relay : m_httpGateway;
    target.gatewayServer = gatewayServer;
    return target;
}

Ptr<MessengerLink> MessengerClientApplication::NewLink(const std::string& stage, const Endpoint& endpoint)
{
    Ptr<MessengerLink> link = Create<MessengerLink>(NewConnection(), m_messenger == MSN ? MsnpPayloadVerbs() : NateOnPayloadVerbs());
    if (m_messenger == BUDDY) link->takeMessage = &TakeBuddyFrame;
    Ipv4Address server = endpoint.mode == MessengerLink::HTTP_GATEWAY ? m_httpGateway : endpoint.server;
    uint16_t port = endpoint.mode == MessengerLink::HTTP_GATEWAY ? 80 : endpoint.port;
    link->onUp = [this, stage, server, port]() { m_attemptTrace(stage, server, port, true); };
    link->onDown = [this, stage, server, port](bool wasUp) {
        if (!wasUp) m_attemptTrace(stage, server, port, false);
    };
    return link;
}

std::vector<uint8_t> MessengerClientApplication::Command(const std::string& verb, std::vector<std::string> args)
{
    args.insert(args.begin(), std::to_string(++m_trid));
    return ntlab::payload::BuildMessengerCommand(verb, args);
}

void MessengerClientApplication::TryLogin()
{
    if (m_gaveUp || m_loggedIn) return;
    if (m_nextEndpoint >= m_endpoints.size())
    {
        if (Simulator::Now() - m_firstAttempt >= m_giveUp)
        {
            m_gaveUp = true;
            m_gaveUpTrace((Simulator::Now() - m_firstAttempt).GetSeconds());
            return;
        }
        m_nextEndpoint = 0;
        m_retry = Simulator::Schedule(m_backoff, &MessengerClientApplication::TryLogin, this);
        m_backoff = std::min(m_backoff + m_backoff, kMaxBackoff);
        return;
    }
    m_loginEndpoint = m_endpoints[m_nextEndpoint++];
    if (m_loginEndpoint.mode == MessengerLink::HTTP_GATEWAY || m_messenger == BUDDY)
        OpenNotification(m_loginEndpoint);  // the gateway logs the client in itself; BuddyBuddy has no dispatch
    else
        OpenDispatch(m_loginEndpoint);
}

void MessengerClientApplication::LoginFailed()
{
    m_notification = nullptr;
    m_retry = Simulator::ScheduleNow(&MessengerClientApplication::TryLogin, this);
}

void MessengerClientApplication::OpenDispatch(const Endpoint& endpoint)
{
    Ptr<MessengerLink> link = NewLink("dispatch", endpoint);
    auto traceUp = link->onUp;
    auto traceDown = link->onDown;
    MessengerLink* raw = PeekPointer(link);  // the link's own callbacks never outlive it
    auto handedOff = std::make_shared<bool>(false);
    link->onUp = [this, traceUp, raw]() {
        traceUp();
        raw->Send(m_messenger == MSN ? Command("VER", {"MSNP8", "CVR0"}) : Command("PVER", {"3.871", "3.0", "ko.linux"}));
    };
    link->onLine = [this, endpoint, handedOff, raw](const MessengerLine& line) {
        if (*handedOff) return;
        *handedOff = HandleDispatchLine(line, endpoint, *raw);
        if (*handedOff) raw->Close();
    };
    link->onDown = [this, traceDown, handedOff](bool wasUp) {
        traceDown(wasUp);
        if (!*handedOff) LoginFailed();
    };
    link->Open(TargetOf(endpoint, "NS"), m_connectTimeout);
}

// MSN: VER -> CVR -> USR TWN I -> XFR NS; NateOn: PVER -> AUTH -> REQS -> REQS dp1:1. Returns
// true once the client was handed to the notification (main) server.
bool MessengerClientApplication::HandleDispatchLine(const MessengerLine& line, const Endpoint& endpoint, MessengerLink& link)
{
    Endpoint next = endpoint;
    bool handedOff = false;
    if (line.verb == "XFR" && line.Arg(1) == "NS")
        handedOff = ParseEndpoint(line.Arg(2), next.server, next.port);
    else if (line.verb == "REQS" && line.Arg(1) == "dp1:1")
    {
        next.server = Ipv4Address(line.Arg(2).c_str());
        next.port = uint16_t(std::strtoul(line.Arg(3).c_str(), nullptr, 10));
        handedOff = next.port != 0;
    }
    else if (line.verb == "VER")
        link.Send(Command("CVR", {"0x0412", "winnt", "5.1", "i386", "MSNMSGR", "6.0.0602", "MSMSGS", m_account}));
    else if (line.verb == "CVR")
        link.Send(Command("USR", {"TWN", "I", m_account}));
    else if (line.verb == "PVER")
        link.Send(Command("AUTH", {"AUTH"}));
    else if (line.verb == "AUTH")
        link.Send(Command("REQS", {"DES", m_account}));
    if (handedOff) Simulator::ScheduleNow(&MessengerClientApplication::OpenNotification, this, next);
    return handedOff;
}

void MessengerClientApplication::OpenNotification(const Endpoint& endpoint)
{
    if (m_gaveUp || m_loggedIn) return;
    Ptr<MessengerLink> link = NewLink(m_messenger == MSN ? "notification" : "main", endpoint);
    auto traceUp = link->onUp;
    auto traceDown = link->onDown;
    MessengerLink* raw = PeekPointer(link);
    link->onUp = [this, traceUp, raw]() {
        traceUp();
        if (m_messenger == MSN)
            raw->Send(Command("VER", {"MSNP8", "CVR0"}));
        else if (m_messenger == BUDDY)
            raw->Send(BuddyRequest(ntlab::payload::BuddyType::Login, {m_account, "5f4dcc3b5aa765d61d8327deb882cf99", "4.2.0.15"}));
        else
            raw->Send(Command("LSIN", {m_account, "5f4dcc3b5aa765d61d8327deb882cf99", "MD5", "3.871", "UTF8"}));
    };
    link->onLine = [this](const MessengerLine& line) {
        if (m_messenger == MSN)
            HandleNotificationLine(line);
        else if (m_messenger == BUDDY)
            HandleBuddyFrame(line);
        else
            HandleNateOnLine(line);
    };
    link->onDown = [this, traceDown](bool wasUp) {
        traceDown(wasUp);
        if (m_loggedIn)
            LoggedOut();
        else
            LoginFailed();
    };
    m_notification = link;
    link->Open(TargetOf(endpoint, "NS"), m_connectTimeout);
}

void MessengerClientApplication::HandleNotificationLine(const MessengerLine& line)
{
    Ptr<MessengerLink> ns = m_notification;
    if (line.verb == "VER")
        ns->Send(Command("CVR", {"0x0412", "winnt", "5.1", "i386", "MSNMSGR", "6.0.0602", "MSMSGS", m_account}));
    else if (line.verb == "CVR")
        ns->Send(Command("USR", {"TWN", "I", m_account}));
    else if (line.verb == "USR" && line.Arg(1) == "TWN" && line.Arg(2) == "S")
        ns->Send(Command("USR", {"TWN", "S", kTicket}));
    else if (line.verb == "USR" && line.Arg(1) == "OK")
    {
        LoggedIn();
        ns->Send(Command("SYN", {"0"}));
        ns->Send(Command("CHG", {"NLN", "0"}));
    }
    else if (line.verb == "XFR" && line.Arg(1) == "SB")
    {
        Endpoint sb = m_loginEndpoint;
        if (ParseEndpoint(line.Arg(2), sb.server, sb.port)) OpenSwitchboard(sb, line.Arg(4), "", "");
    }
    else if (line.verb == "RNG")
    {
        Endpoint sb = m_loginEndpoint;
        if (ParseEndpoint(line.Arg(1), sb.server, sb.port)) OpenSwitchboard(sb, line.Arg(3), line.Arg(0), line.Arg(4));
    }
}

// LSIN -> CONF (the configuration text) -> GLST, then PING every KeepAlive.
void MessengerClientApplication::HandleNateOnLine(const MessengerLine& line)
{
    if (line.verb == "LSIN")
    {
        LoggedIn();
        m_notification->Send(Command("CONF", {"0", "0"}));
    }
    else if (line.verb == "CONF")
        m_notification->Send(Command("GLST", {"0"}));
    else
        HandleNateOnChatLine(line);
}

void MessengerClientApplication::LoggedIn()
{
    m_loggedIn = true;
    std::string how = m_loginEndpoint.mode == MessengerLink::HTTP_GATEWAY ? "http-gateway"
                      : m_loginEndpoint.mode == MessengerLink::RELAY  ? "relay:" + std::to_string(m_loginEndpoint.port)
                                                                      : std::to_string(m_loginEndpoint.port);
    m_loggedInTrace((Simulator::Now() - m_firstAttempt).GetSeconds(), how);
    m_backoff = kFirstBackoff;
    m_keepAliveEvent = Simulator::Schedule(m_keepAlive, &MessengerClientApplication::KeepAlive, this);
    if (!m_peer.empty()) ScheduleChat();
}

// The notification session dropped: log in again from the top, as the real clients did.
void MessengerClientApplication::LoggedOut()
{
    m_loggedIn = false;
    m_notification = nullptr;
    m_keepAliveEvent.Cancel();
    m_chatEvent.Cancel();
    m_firstAttempt = Simulator::Now();
    m_nextEndpoint = 0;
    m_retry = Simulator::Schedule(kFirstBackoff, &MessengerClientApplication::TryLogin, this);
}

void MessengerClientApplication::KeepAlive()
{
    if (!m_loggedIn || !m_notification) return;
    if (m_messenger == MSN)
        m_notification->Send(ntlab::payload::BuildMessengerCommand("PNG", {}));
    else if (m_messenger == BUDDY)
        m_notification->Send(BuddyRequest(ntlab::payload::BuddyType::Alive, {"ALIVE " + std::to_string(m_trid + 1)}));
    else
        m_notification->Send(Command("PING", {}));
    m_keepAliveEvent = Simulator::Schedule(m_keepAlive, &MessengerClientApplication::KeepAlive, this);
}

} // namespace ns3
