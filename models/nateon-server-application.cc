#include "nateon-server-application.h"

#include "tcp-listener.h"

#include "models/payload/messenger-payload.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <sstream>

namespace ns3 {

NS_LOG_COMPONENT_DEFINE("NateOnServerApplication");
NS_OBJECT_ENSURE_REGISTERED(NateOnServerApplication);

TypeId NateOnServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NateOnServerApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<NateOnServerApplication>()
            .AddAttribute("Role", "Which NateOn server this is", EnumValue(DISPATCH),
                          MakeEnumAccessor(&NateOnServerApplication::m_role),
                          MakeEnumChecker(DISPATCH, "dispatch", MAIN, "main"))
            .AddAttribute("Port", "The listening port", UintegerValue(5004),
                          MakeUintegerAccessor(&NateOnServerApplication::m_port), MakeUintegerChecker<uint16_t>())
            .AddAttribute("SecondPort", "A second listening port (0 = none)", UintegerValue(0),
                          MakeUintegerAccessor(&NateOnServerApplication::m_secondPort), MakeUintegerChecker<uint16_t>())
            .AddAttribute("Main", "Dispatch: the main server it names", Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&NateOnServerApplication::m_main), MakeIpv4AddressChecker())
            .AddTraceSource("Command", "A client command served",
                            MakeTraceSourceAccessor(&NateOnServerApplication::m_commandTrace),
                            "ns3::NateOnServerApplication::CommandTracedCallback");
    return tid;
}

NateOnServerApplication::NateOnServerApplication()
    : m_role(DISPATCH),
      m_port(5004),
      m_secondPort(0)
{
}

void NateOnServerApplication::StartApplication()
{
    m_listener = OpenTcpListener(GetNode(), m_port, MakeCallback(&NateOnServerApplication::HandleAccept, this));
    if (m_secondPort != 0)
        m_secondListener = OpenTcpListener(GetNode(), m_secondPort, MakeCallback(&NateOnServerApplication::HandleAccept, this));
}

void NateOnServerApplication::StopApplication()
{
    for (Ptr<Socket>* listener : {&m_listener, &m_secondListener})
        if (*listener)
        {
            CloseTcpListener(*listener);
            *listener = nullptr;
        }
    CloseAllStreams(m_connections);
}

void NateOnServerApplication::DoDispose()
{
    m_connections.clear();
    m_directory = nullptr;
    Application::DoDispose();
}

void NateOnServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    Ptr<BufferedTcpStream> stream = Create<BufferedTcpStream>(64 * 1024);
    Connection& c = m_connections[PeekPointer(stream)];
    c.stream = stream;
    c.peer = InetSocketAddress::ConvertFrom(from).GetIpv4();
    stream->SetDataCallback(MakeCallback(&NateOnServerApplication::HandleRead, this));
    stream->SetClosedCallback(MakeCallback(&NateOnServerApplication::HandleClosed, this));
    stream->Attach(socket);
}

void NateOnServerApplication::HandleRead(Ptr<BufferedTcpStream> stream, uint32_t)
{
    auto it = m_connections.find(PeekPointer(stream));
    if (it == m_connections.end()) return;
    while (auto line = TakeMessengerLine(stream->Received(), NateOnPayloadVerbs()))
    {
        Serve(it->second, *line);
        if (!stream->IsOpen() || stream->IsClosing()) return;
    }
}

void NateOnServerApplication::Serve(Connection& c, const MessengerLine& line)
{
    using ntlab::payload::BuildMessengerCommand;
    m_commandTrace(c.peer, m_role == DISPATCH ? "dispatch" : "main", line.verb);
    const std::string& trid = line.Arg(0);
    std::vector<uint8_t> answer;
    if (line.verb == "PVER")
        answer = BuildMessengerCommand("PVER", {trid, line.Arg(1), line.Arg(2)});
    else if (line.verb == "AUTH")
        answer = BuildMessengerCommand("AUTH", {trid, line.Arg(1)});
    else if (line.verb == "REQS" && m_role == DISPATCH)
    {
        std::ostringstream main;
        m_main.Print(main);
        c.stream->Send(BuildMessengerCommand("REQS", {trid, "dp1:1", main.str(), "5004"}));
        c.stream->CloseWhenSent();
        return;
    }
    else if (line.verb == "LSIN")
    {
        answer = BuildMessengerCommand("LSIN", {trid, line.Arg(1), line.Arg(1), "0", "0"});
        LogIn(c, line.Arg(1));
    }
    else if (line.verb == "CONF")
        answer = ntlab::payload::BuildMessengerPayloadCommand("CONF", {trid, "4481"}, ntlab::payload::BuildNateOnConfig(7870));
    else if (line.verb == "GLST")
        answer = BuildMessengerCommand("GLST", {trid, "0", "1", "1", "0", "friends"});
    else if (line.verb == "PING")
        answer = BuildMessengerCommand("PING", {"0"});
    else if ((line.verb == "MESG" || line.verb == "FILE" || line.verb == "NEGO") && !c.account.empty())
    {
        Relay(c, line);
        return;
    }
    else if (line.verb == "LOUT")
    {
        c.stream->CloseWhenSent();
        return;
    }
    if (!answer.empty()) c.stream->Send(answer);
}

void NateOnServerApplication::LogIn(Connection& c, const std::string& account)
{
    if (m_role != MAIN || !m_directory || account.empty()) return;
    c.account = account;
    BufferedTcpStream* key = PeekPointer(c.stream);
    m_directory->SetOnline(account, [this, key](const std::vector<uint8_t>& bytes) {
        auto it = m_connections.find(key);
        if (it != m_connections.end()) it->second.stream->Send(bytes);
    });
}

// `VERB <trid> <to> rest...` goes to `to` as `VERB 0 <sender> rest...` (with its payload, if any).
void NateOnServerApplication::Relay(Connection& c, const MessengerLine& line)
{
    using ntlab::payload::BuildMessengerCommand;
    std::vector<std::string> pushed{"0", c.account};
    pushed.insert(pushed.end(), line.args.begin() + std::min<std::size_t>(2, line.args.size()), line.args.end());
    std::vector<uint8_t> push;
    if (line.verb == "FILE" && pushed.size() > 2)
    {
        pushed.pop_back();  // the payload's length, written again by the builder
        push = ntlab::payload::BuildMessengerPayloadCommand(line.verb, pushed, line.payload);
    }
    else
        push = BuildMessengerCommand(line.verb, pushed);
    const bool online = m_directory && m_directory->PushTo(line.Arg(1), push);
    c.stream->Send(online ? BuildMessengerCommand(line.verb, {line.Arg(0), "OK"})
                          : BuildMessengerCommand("421", {line.Arg(0)}));
}

void NateOnServerApplication::HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause)
{
    auto it = m_connections.find(PeekPointer(stream));
    if (it == m_connections.end()) return;
    if (!it->second.account.empty() && m_directory) m_directory->SetOffline(it->second.account);
    m_connections.erase(it);
}

} // namespace ns3
