#include "traffic-gen/kraken-bot-application.h"
#include "models/payload-seed.h"
#include "models/random-draws.h"
#include "models/tcp-exchange.h"

#include "models/payload/http-payload.h"
#include "models/payload/kraken-dga.h"
#include "models/payload/smtp-client-dialogue.h"
#include "models/payload/smtp-payload.h"
#include "models/payload/split-mix64.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("KrakenBotApplication");
NS_OBJECT_ENSURE_REGISTERED(KrakenBotApplication);

namespace
{
using namespace ntlab::payload;

// One TCP conversation of the bot: send `first` once connected (nothing when the server speaks
// first, as SMTP does), then let `step` consume what arrives and say what to send next and
// whether the conversation is over; `done` learns whether it got that far.
class BotTcpSession : public TcpExchange
{
  public:
    using Step = std::function<Bytes(Bytes& rx, bool& finished)>;

    BotTcpSession(Bytes first, Step step, std::function<void(bool)> done)
        : m_first(std::move(first)),
          m_step(std::move(step)),
          m_done(std::move(done))
    {
    }

  private:
    Bytes DoConnected() override
    {
        return m_first;
    }

    bool DoReceive(Bytes& rx) override
    {
        bool finished = false;
        Bytes out = m_step(rx, finished);
        if (!out.empty())
        {
            Send(out);
        }
        return finished;
    }

    void DoFinish(bool complete) override
    {
        auto done = std::move(m_done);
        done(complete);
    }

    Bytes m_first;
    Step m_step;
    std::function<void(bool)> m_done;
};

// The file types paper 003 lists for the herder POST URLs: images, video, music, web pages.
const char* const kFakeExtensions[] = {".jpg", ".gif", ".png", ".avi", ".mpg",
                                       ".mp3", ".wav", ".html", ".htm"};
const char* const kFakeDirectories[] = {"images", "img", "media", "video", "music", "pages", "files"};
} // namespace

// One DNS lookup from its own UDP socket (registered under the bot's process).
struct KrakenBotApplication::PendingLookup
{
    Ptr<Socket> socket;
    uint32_t tableId = 0;
    uint16_t id = 0;
    EventId timeout;
    DnsDone done;
};

TypeId
KrakenBotApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::KrakenBotApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<KrakenBotApplication>()
            .AddAttribute("DnsServer", "DNS server the bot's own queries go to (the host's).",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&KrakenBotApplication::m_dnsServer),
                          MakeIpv4AddressChecker())
            .AddAttribute("NameLength",
                          "Length of the random lowercase image name drawn when ProcessName is "
                          "empty (Arbor ASERT: 2-20 characters).",
                          StringValue("ns3::UniformRandomVariable[Min=2|Max=20]"),
                          MakePointerAccessor(&KrakenBotApplication::m_nameLength),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("DgaSeedSet", "Seed set of the DGA v1 sample: a or b (dga_v1.py).",
                          StringValue("a"), MakeStringAccessor(&KrakenBotApplication::m_dgaSeedSet),
                          MakeStringChecker())
            .AddAttribute("DgaVersion", "Kraken DGA family: 1 (dga_v1.py) or 2 (dga_v2.py, date-dependent).",
                          UintegerValue(1), MakeUintegerAccessor(&KrakenBotApplication::m_dgaVersion),
                          MakeUintegerChecker<uint32_t>(1, 2))
            .AddAttribute("DgaZones", "DGA v2 zone set: generic (com, net, tv, cc) or dyndns (v1's four zones).",
                          StringValue("generic"), MakeStringAccessor(&KrakenBotApplication::m_dgaZones),
                          MakeStringChecker())
            .AddAttribute("DgaDate", "DGA v2: unix seconds of the date whose list the bot walks.",
                          IntegerValue(1207000000), MakeIntegerAccessor(&KrakenBotApplication::m_dgaDate),
                          MakeIntegerChecker<int64_t>())
            .AddAttribute("SealedMessages",
                          "Seal every 447, status and 443 message: a random nonce, then everything "
                          "(header included) encrypted (kraken-protocol.h).",
                          BooleanValue(false), MakeBooleanAccessor(&KrakenBotApplication::m_sealed),
                          MakeBooleanChecker())
            .AddAttribute("DgaStart", "First list index queried.", UintegerValue(0),
                          MakeUintegerAccessor(&KrakenBotApplication::m_dgaStart),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("DgaCount", "Names in the list before it wraps (the script: 2,000).",
                          UintegerValue(2000), MakeUintegerAccessor(&KrakenBotApplication::m_dgaCount),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("DgaInterval", "Seconds between DGA queries (paper 003: 1-4 s).",
                          StringValue("ns3::UniformRandomVariable[Min=1|Max=4]"),
                          MakePointerAccessor(&KrakenBotApplication::m_dgaInterval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("RegisterInterval",
                          "Seconds between unanswered registrations (paper 003: 10-20 s).",
                          StringValue("ns3::UniformRandomVariable[Min=10|Max=20]"),
                          MakePointerAccessor(&KrakenBotApplication::m_registerInterval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("RegisterAttempts",
                          "Unanswered registrations before another update server is picked.",
                          UintegerValue(3), MakeUintegerAccessor(&KrakenBotApplication::m_registerAttempts),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("EncryptionKey", "64-bit key of the C&C protocol.",
                          UintegerValue(kKrakenDefaultKey),
                          MakeUintegerAccessor(&KrakenBotApplication::m_key),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("ModuleVersion", "Module version the bot starts with (paper 003: v316).",
                          UintegerValue(316), MakeUintegerAccessor(&KrakenBotApplication::m_moduleVersion),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("RegistrationSize",
                          "Plain bytes of a registration body (estimate, PROTOCOLS 1.4: 100-300 B).",
                          StringValue("ns3::UniformRandomVariable[Min=100|Max=300]"),
                          MakePointerAccessor(&KrakenBotApplication::m_registrationSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("TestMailDomain", "Domain whose MX gets the test mails (McAfee: Google).",
                          StringValue("gmail.com"),
                          MakeStringAccessor(&KrakenBotApplication::m_testMailDomain), MakeStringChecker())
            .AddAttribute("TestMails", "Test mails after infection (paper 003, McAfee: 3).",
                          UintegerValue(3), MakeUintegerAccessor(&KrakenBotApplication::m_testMails),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("TestMailGap", "Seconds between test mails (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=1|Max=3]"),
                          MakePointerAccessor(&KrakenBotApplication::m_testMailGap),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("StatusInterval", "Seconds between status datagrams (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=55|Max=65]"),
                          MakePointerAccessor(&KrakenBotApplication::m_statusInterval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("StatusPort", "Destination port of each status datagram (random ports "
                          "after module v316, paper 003).",
                          StringValue("ns3::UniformRandomVariable[Min=1024|Max=65535]"),
                          MakePointerAccessor(&KrakenBotApplication::m_statusPort),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("HttpInterval", "Seconds between herder HTTP POSTs (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=55|Max=65]"),
                          MakePointerAccessor(&KrakenBotApplication::m_httpInterval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("HttpBodySize", "Bytes of an encrypted POST body (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=100|Max=300]"),
                          MakePointerAccessor(&KrakenBotApplication::m_httpBodySize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("TemplateInterval", "Seconds between 443 template fetches (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=540|Max=660]"),
                          MakePointerAccessor(&KrakenBotApplication::m_templateInterval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("SpamInterval", "Seconds between spam mails (regular rhythm; assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=9|Max=11]"),
                          MakePointerAccessor(&KrakenBotApplication::m_spamInterval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("SpamRecipients", "Recipients per spam mail (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=1|Max=5]"),
                          MakePointerAccessor(&KrakenBotApplication::m_spamRecipients),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("SpamBodySize", "Text bytes of a mail body (assumption).",
                          StringValue("ns3::UniformRandomVariable[Min=300|Max=1500]"),
                          MakePointerAccessor(&KrakenBotApplication::m_spamBodySize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("DnsTimeout", "A query without an answer is given up after this.",
                          TimeValue(Seconds(2)), MakeTimeAccessor(&KrakenBotApplication::m_dnsTimeout),
                          MakeTimeChecker())
            .AddAttribute("RequestTimeout", "A TCP conversation is given up after this.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&KrakenBotApplication::m_requestTimeout), MakeTimeChecker())
            .AddTraceSource("Infected", "The bot started: host, process name, pid.",
                            MakeTraceSourceAccessor(&KrakenBotApplication::m_infectedTrace),
                            "ns3::KrakenBotApplication::InfectedTracedCallback")
            .AddTraceSource("Phase", "The bot entered a phase.",
                            MakeTraceSourceAccessor(&KrakenBotApplication::m_phaseTrace),
                            "ns3::KrakenBotApplication::PhaseTracedCallback")
            .AddTraceSource("Mail", "A mail ended: domain, MX, delivered, test mail.",
                            MakeTraceSourceAccessor(&KrakenBotApplication::m_mailTrace),
                            "ns3::KrakenBotApplication::MailTracedCallback");
    return tid;
}

KrakenBotApplication::KrakenBotApplication()
    : m_dgaVersion(1),
      m_dgaDate(1207000000),
      m_sealed(false),
      m_dgaStart(0),
      m_dgaCount(2000),
      m_registerAttempts(3),
      m_key(kKrakenDefaultKey),
      m_moduleVersion(316),
      m_testMails(3),
      m_choice(CreateObject<UniformRandomVariable>())
{
}

KrakenBotApplication::~KrakenBotApplication() = default;

int64_t
KrakenBotApplication::AssignStreams(int64_t stream)
{
    int64_t s = stream;
    for (auto rv : {m_nameLength, m_dgaInterval, m_registerInterval, m_registrationSize,
                    m_testMailGap, m_statusInterval, m_statusPort, m_httpInterval, m_httpBodySize,
                    m_templateInterval, m_spamInterval, m_spamRecipients, m_spamBodySize})
    {
        rv->SetStream(s++);
    }
    m_choice->SetStream(s++);
    return s - stream;
}

void
KrakenBotApplication::DoDispose()
{
    m_lookups.clear();
    m_udp = nullptr;
    ProcessApplication::DoDispose();
}

uint64_t
KrakenBotApplication::NextSeed()
{
    return DrawPayloadSeed(*m_choice);
}

std::string
KrakenBotApplication::RandomWord(uint32_t minLength, uint32_t maxLength)
{
    uint32_t n = m_choice->GetInteger(minLength, maxLength);
    std::string word;
    for (uint32_t i = 0; i < n; ++i)
    {
        word.push_back(static_cast<char>('a' + m_choice->GetInteger(0, 25)));
    }
    return word;
}

void
KrakenBotApplication::EnterPhase(Phase phase)
{
    static const char* kNames[] = {"idle", "test_mail", "locate", "register", "host_info", "update", "herder"};
    m_phase = phase;
    m_phaseTrace(kNames[static_cast<int>(phase)]);
}

void
KrakenBotApplication::StartApplication()
{
    m_running = true;
    // ProcessApplication's default ("System") or an empty name: draw one, as Kraken does.
    if (m_processName.empty() || m_processName == "System")
    {
        // Arbor ASERT: a random lowercase file name in %SYSTEM32%.
        auto length = static_cast<uint32_t>(std::clamp(std::round(m_nameLength->GetValue()), 2.0, 20.0));
        m_processName = RandomWord(length, length) + ".exe";
    }
    m_botId = static_cast<uint32_t>(NextSeed());
    m_hostName = "PC-" + RandomWord(4, 8);
    m_dgaIndex = m_dgaStart;
    // The C&C socket: one UDP socket for 447 and the status datagrams, like the bot's single
    // listening port.
    m_udp = OpenUdpSocket(m_udpTableId);
    m_udp->SetRecvCallback(MakeCallback(&KrakenBotApplication::HandleUdp, this));
    m_infectedTrace(HostAddress(), m_processName, m_pid);
    EnterPhase(Phase::TestMail);
    TestMail();
}

void
KrakenBotApplication::StopApplication()
{
    m_running = false;
    for (EventId* e : {&m_dgaEvent, &m_registerEvent, &m_statusEvent, &m_httpEvent, &m_templateEvent,
                       &m_spamEvent, &m_testEvent})
    {
        e->Cancel();
    }
    for (auto& [raw, lookup] : m_lookups)
    {
        lookup->timeout.Cancel();
        CloseUdpSocket(lookup->socket, lookup->tableId);
    }
    m_lookups.clear();
    if (m_udp)
    {
        CloseUdpSocket(m_udp, m_udpTableId);
        m_udp = nullptr;
    }
}

// ---- 1. Test mails -------------------------------------------------------------------------

void
KrakenBotApplication::TestMail()
{
    if (!m_running)
    {
        return;
    }
    if (m_mailsSent >= m_testMails)
    {
        // The walk through the DGA list starts once the spam test is over.
        EnterPhase(Phase::Locate);
        QueryNextDgaName();
        return;
    }
    ++m_mailsSent;
    std::vector<std::string> to{RandomWord(5, 10) + "@" + m_testMailDomain};
    SendMail(m_testMailDomain, to, true, [this](bool delivered) {
        m_smtpWorks = m_smtpWorks || delivered;
        m_testEvent = Simulator::Schedule(DrawSeconds(m_testMailGap), &KrakenBotApplication::TestMail, this);
    });
}

// ---- 2. DGA -----------------------------------------------------------------------------------

std::string
KrakenBotApplication::DgaName(uint32_t index) const
{
    auto seeds = m_dgaSeedSet == "b" ? KrakenSeedSet::B : KrakenSeedSet::A;
    if (m_dgaVersion == 2)
    {
        auto zones = m_dgaZones == "dyndns" ? KrakenV2Zones::DynamicDns : KrakenV2Zones::Generic;
        return KrakenDgaV2Domain(index, m_dgaDate, seeds, zones);
    }
    return KrakenDgaDomain(index, seeds);
}

KrakenWire
KrakenBotApplication::Wire() const
{
    return m_sealed ? KrakenWire::Sealed : KrakenWire::Plain;
}

uint32_t
KrakenBotApplication::Nonce()
{
    // Drawn only when sealing, so plain bots keep their random streams as before.
    return m_sealed ? static_cast<uint32_t>(NextSeed()) : 0;
}

void
KrakenBotApplication::QueryNextDgaName()
{
    if (!m_running)
    {
        return;
    }
    std::string name = DgaName(m_dgaIndex);
    m_dgaIndex = m_dgaStart + (m_dgaIndex + 1 - m_dgaStart) % m_dgaCount;
    ++m_dgaQueries;
    Lookup(name, kDnsTypeA, [this](const std::optional<DnsAnswer>& answer) {
        if (!m_running || !answer || answer->addresses.empty())
        {
            return;
        }
        // The first name that resolves is the C&C; later ones are ignored (paper 003: the
        // queries go on regardless).
        if (m_phase == Phase::Locate)
        {
            EnterPhase(Phase::Register);
            Register(Ipv4Address(answer->addresses.front().address));
        }
    });
    // A constant rhythm, independent of answers.
    m_dgaEvent = Simulator::Schedule(DrawSeconds(m_dgaInterval), &KrakenBotApplication::QueryNextDgaName, this);
}

// ---- 3-5. UDP 447 -----------------------------------------------------------------------------

void
KrakenBotApplication::SendKraken(KrakenType type, const Bytes& body, Ipv4Address to, uint16_t port)
{
    Bytes wire = EncodeKrakenWire({type, m_botId, body}, m_key, Wire(), Nonce());
    m_udp->SendTo(Create<Packet>(wire.data(), wire.size()), 0, InetSocketAddress(to, port));
}

void
KrakenBotApplication::Register(Ipv4Address peer)
{
    m_peer = peer;
    m_attempts = 0;
    m_registerEvent.Cancel();
    RegisterTimeout();
}

void
KrakenBotApplication::RegisterTimeout()
{
    if (!m_running)
    {
        return;
    }
    if (m_attempts >= m_registerAttempts && m_updateServers.size() > 1)
    {
        // This update server is silent: try another from the load-balancer's list.
        m_peer = m_updateServers[m_choice->GetInteger(0, m_updateServers.size() - 1)];
        m_attempts = 0;
    }
    ++m_attempts;
    auto size = static_cast<size_t>(std::max(3.0, std::round(m_registrationSize->GetValue())));
    SendKraken(KrakenType::Register,
               KrakenRegistrationBody(static_cast<uint16_t>(m_moduleVersion), m_smtpWorks, size, NextSeed()),
               m_peer, kKrakenPort);
    m_registerEvent = Simulator::Schedule(DrawSeconds(m_registerInterval), &KrakenBotApplication::RegisterTimeout, this);
}

std::map<std::string, std::string>
KrakenBotApplication::HostFields(const std::string& kind) const
{
    // McAfee's list: bot version, outgoing-SMTP status, hostname, OS, uptime, language, CPU,
    // memory, and the modules with their versions.
    return {{"kind", kind},
            {"ver", std::to_string(m_moduleVersion)},
            {"smtp", m_smtpWorks ? "1" : "0"},
            {"host", m_hostName},
            {"os", "5.1.2600"},
            {"sp", "2"},
            {"lang", "1033"},
            {"cc", "US"},
            {"cpu", "2400"},
            {"mem", "512"},
            {"up", std::to_string(static_cast<int64_t>((Simulator::Now() - m_startTime).GetSeconds()))},
            {"mods", "core:" + std::to_string(m_moduleVersion) + ",spam:" + std::to_string(m_moduleVersion)}};
}

void
KrakenBotApplication::SendHostInfo(bool modules)
{
    SendKraken(KrakenType::HostInfo, EncodeKrakenFields(HostFields(modules ? "modules" : "host")),
               m_updateServer, kKrakenPort);
    // Resent until the ack comes, like the registration.
    m_registerEvent = Simulator::Schedule(DrawSeconds(m_registerInterval), [this, modules]() {
        if (m_running)
        {
            SendHostInfo(modules);
        }
    });
}

void
KrakenBotApplication::HandleUdp(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        auto message = DecodeKrakenWire(bytes.data(), bytes.size(), m_key, Wire());
        if (message && message->bot_id == m_botId && m_running)
        {
            HandleKraken(*message, InetSocketAddress::ConvertFrom(from).GetIpv4());
        }
    }
}

void
KrakenBotApplication::HandleKraken(const KrakenMessage& message, Ipv4Address from)
{
    if (message.type == KrakenType::IpList && m_phase == Phase::Register && from == m_peer)
    {
        auto peers = DecodeKrakenIpList(message.body);
        if (!peers)
        {
            return;
        }
        m_registerEvent.Cancel();
        if (!peers->empty())
        {
            // A load-balancer: register again with one of its update servers, at random.
            m_updateServers.clear();
            for (const auto& p : *peers)
            {
                m_updateServers.push_back(Ipv4Address(p.address));
            }
            Register(m_updateServers[m_choice->GetInteger(0, m_updateServers.size() - 1)]);
            return;
        }
        m_updateServer = from;
        EnterPhase(Phase::HostInfo);
        SendHostInfo(false);
        return;
    }
    if (message.type == KrakenType::Ack && m_phase == Phase::HostInfo && from == m_updateServer)
    {
        m_registerEvent.Cancel();
        auto offer = DecodeKrakenModuleOffer(message.body);
        if (!offer)
        {
            SendHostInfo(true);  // plain ack of the host info: now the module list
            return;
        }
        m_herder = Ipv4Address(offer->herder);
        if (offer->version > m_moduleVersion)
        {
            DownloadModule(*offer);
        }
        else
        {
            StartHerder();
        }
    }
}

void
KrakenBotApplication::DownloadModule(const KrakenModuleOffer& offer)
{
    EnterPhase(Phase::Update);
    Bytes request = EncodeKrakenWire({KrakenType::HostInfo, m_botId, EncodeKrakenFields(HostFields("module"))},
                                     m_key, Wire(), Nonce());
    uint16_t version = offer.version;
    auto step = [key = m_key, wire = Wire()](Bytes& rx, bool& finished) {
        auto length = KrakenBlobFrameLengthWire(rx.data(), rx.size(), key, wire);
        finished = length && rx.size() >= *length;
        return Bytes{};
    };
    Ptr<BotTcpSession> session = Create<BotTcpSession>(request, step, [this, version](bool ok) {
        if (!m_running)
        {
            return;
        }
        if (ok)
        {
            m_moduleVersion = version;
            StartHerder();
        }
        else
        {
            // Ask again: the module list brings a fresh offer.
            EnterPhase(Phase::HostInfo);
            SendHostInfo(true);
        }
    });
    session->Start(NewConnection(), m_updateServer, kKrakenPort, m_requestTimeout);
}

// ---- 6. Herder --------------------------------------------------------------------------------

void
KrakenBotApplication::StartHerder()
{
    EnterPhase(Phase::Herder);
    SendStatus();
    HttpPost();
    FetchTemplates();
}

void
KrakenBotApplication::SendStatus()
{
    if (!m_running)
    {
        return;
    }
    auto port = static_cast<uint16_t>(std::clamp(std::round(m_statusPort->GetValue()), 1.0, 65535.0));
    SendKraken(KrakenType::HostInfo, EncodeKrakenFields(HostFields("status")), m_herder, port);
    m_statusEvent = Simulator::Schedule(DrawSeconds(m_statusInterval), &KrakenBotApplication::SendStatus, this);
}

void
KrakenBotApplication::HttpPost()
{
    if (!m_running)
    {
        return;
    }
    // A URL that pretends to fetch a picture, a clip, a song or a page.
    std::string uri = std::string("/") + kFakeDirectories[m_choice->GetInteger(0, 6)] + "/" +
                      RandomWord(4, 10) + kFakeExtensions[m_choice->GetInteger(0, 8)];
    auto size = static_cast<size_t>(std::max(1.0, std::round(m_httpBodySize->GetValue())));
    std::string body(size, '\0');
    SplitMix64(NextSeed()).Fill(reinterpret_cast<uint8_t*>(&body[0]), size);
    HttpHeaders headers{{"Accept", "*/*"},
                        {"User-Agent", "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)"},
                        {"Content-Type", "application/octet-stream"}};
    std::ostringstream host;
    host << m_herder;  // the herder has no name: the Host header carries its address
    Bytes request = BuildHttpRequest("POST", host.str(), uri, headers, body);
    auto step = [](Bytes& rx, bool& finished) {
        auto length = CompleteHttpMessageLength(rx.data(), rx.size());
        finished = length.has_value();
        return Bytes{};
    };
    Ptr<BotTcpSession> session = Create<BotTcpSession>(request, step, [](bool) {});
    session->Start(NewConnection(), m_herder, 80, m_requestTimeout);
    m_httpEvent = Simulator::Schedule(DrawSeconds(m_httpInterval), &KrakenBotApplication::HttpPost, this);
}

void
KrakenBotApplication::FetchTemplates()
{
    if (!m_running)
    {
        return;
    }
    Bytes request = EncodeKrakenWire({KrakenType::HostInfo, m_botId, EncodeKrakenFields(HostFields("templates"))},
                                     m_key, Wire(), Nonce());
    auto blob = std::make_shared<Bytes>();
    auto step = [blob, key = m_key, wire = Wire()](Bytes& rx, bool& finished) {
        auto length = KrakenBlobFrameLengthWire(rx.data(), rx.size(), key, wire);
        finished = length && rx.size() >= *length;
        if (finished)
        {
            *blob = KrakenBlobOfFrame(rx.data(), *length, key, wire);
        }
        return Bytes{};
    };
    Ptr<BotTcpSession> session = Create<BotTcpSession>(request, step, [this, blob](bool ok) {
        if (!m_running || !ok)
        {
            return;
        }
        KrakenCrypt(blob->data(), blob->size(), m_key, m_botId);
        auto fields = DecodeKrakenFields(*blob);
        if (!fields || !fields->count("domains"))
        {
            return;
        }
        m_spamDomains.clear();
        std::string list = fields->at("domains");
        size_t pos = 0;
        while (pos <= list.size())
        {
            size_t comma = list.find(',', pos);
            std::string d = list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            if (!d.empty())
            {
                m_spamDomains.push_back(d);
            }
            if (comma == std::string::npos)
            {
                break;
            }
            pos = comma + 1;
        }
        if (!m_spamming && !m_spamDomains.empty())
        {
            m_spamming = true;
            m_spamEvent = Simulator::Schedule(DrawSeconds(m_spamInterval), &KrakenBotApplication::Spam, this);
        }
    });
    session->Start(NewConnection(), m_herder, 443, m_requestTimeout);
    m_templateEvent = Simulator::Schedule(DrawSeconds(m_templateInterval), &KrakenBotApplication::FetchTemplates, this);
}

// ---- 7. Spam ----------------------------------------------------------------------------------

void
KrakenBotApplication::Spam()
{
    if (!m_running || m_spamDomains.empty())
    {
        return;
    }
    const std::string domain = m_spamDomains[m_spamIndex++ % m_spamDomains.size()];
    auto n = static_cast<uint32_t>(std::max(1.0, std::round(m_spamRecipients->GetValue())));
    std::vector<std::string> to;
    for (uint32_t i = 0; i < n; ++i)
    {
        to.push_back(RandomWord(4, 10) + "@" + domain);
    }
    SendMail(domain, to, false, [](bool) {});
    // The rhythm does not wait for the mail: paper 003 sees spam at a regular pace.
    m_spamEvent = Simulator::Schedule(DrawSeconds(m_spamInterval), &KrakenBotApplication::Spam, this);
}

void
KrakenBotApplication::SendMail(const std::string& domain, std::vector<std::string> recipients, bool test,
                               MailDone done)
{
    auto finish = [this, domain, test, done](Ipv4Address mx, bool delivered) {
        if (delivered)
        {
            ++m_mailsDelivered;
        }
        m_mailTrace(domain, mx, delivered, test);
        if (m_running)
        {
            done(delivered);
        }
    };
    Lookup(domain, kDnsTypeMx, [this, domain, recipients, finish](const std::optional<DnsAnswer>& mx) {
        if (!m_running)
        {
            return;
        }
        if (!mx || mx->mx.empty())
        {
            finish(Ipv4Address::GetAny(), false);
            return;
        }
        auto best = std::min_element(mx->mx.begin(), mx->mx.end(),
                                     [](const DnsMxRecord& a, const DnsMxRecord& b) { return a.preference < b.preference; });
        std::string exchange = best->exchange;
        Lookup(exchange, kDnsTypeA, [this, domain, recipients, finish](const std::optional<DnsAnswer>& a) {
            if (!m_running)
            {
                return;
            }
            if (!a || a->addresses.empty())
            {
                finish(Ipv4Address::GetAny(), false);
                return;
            }
            Ipv4Address server(a->addresses.front().address);
            std::string from = RandomWord(4, 9) + "@" + RandomWord(5, 9) + ".com";
            auto size = static_cast<size_t>(std::max(1.0, std::round(m_spamBodySize->GetValue())));
            Bytes message = BuildSmtpMessage(from, recipients.front(), RandomWord(4, 8) + " " + RandomWord(4, 8), size,
                                             NextSeed());
            auto dialogue = std::make_shared<SmtpClientDialogue>(m_hostName, from, recipients, message);
            auto step = [dialogue](Bytes& rx, bool& finished) {
                Bytes out = dialogue->Feed(rx);
                finished = dialogue->Done();
                return out;
            };
            Ptr<BotTcpSession> session = Create<BotTcpSession>(
                Bytes{}, step, [dialogue, server, finish](bool) { finish(server, dialogue->Delivered()); });
            session->Start(NewConnection(), server, 25, m_requestTimeout);
        });
    });
}

// ---- UDP sockets and DNS -----------------------------------------------------------------------

Ptr<Socket>
KrakenBotApplication::OpenUdpSocket(uint32_t& tableId)
{
    // Windows lists a UDP socket bound to 0.0.0.0 without a remote, whatever it sends to.
    Ptr<SocketTable> table = Table();
    uint16_t port = table->AllocatePort(ntlab::Proto::Udp);
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    tableId = table->Open(ntlab::Proto::Udp, Ipv4Address::GetAny(), port, std::nullopt,
                          ntlab::SocketState::None, m_pid, m_processName);
    return socket;
}

void
KrakenBotApplication::CloseUdpSocket(Ptr<Socket> socket, uint32_t tableId)
{
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->Close();
    Table()->Close(tableId, false);
}

void
KrakenBotApplication::Lookup(const std::string& name, uint16_t qtype, DnsDone done)
{
    auto owned = std::make_unique<PendingLookup>();
    PendingLookup& lookup = *owned;
    lookup.socket = OpenUdpSocket(lookup.tableId);
    lookup.socket->Connect(InetSocketAddress(m_dnsServer, 53));
    lookup.id = static_cast<uint16_t>(m_choice->GetInteger(0, 65535));
    lookup.done = std::move(done);
    Socket* key = PeekPointer(lookup.socket);
    auto finish = [this, key](const std::optional<DnsAnswer>& answer) {
        auto it = m_lookups.find(key);
        if (it == m_lookups.end())
        {
            return;
        }
        std::unique_ptr<PendingLookup> l = std::move(it->second);
        m_lookups.erase(it);
        l->timeout.Cancel();
        CloseUdpSocket(l->socket, l->tableId);
        l->done(answer);
    };
    lookup.socket->SetRecvCallback(Callback<void, Ptr<Socket>>([finish, id = lookup.id](Ptr<Socket> s) {
        while (Ptr<Packet> packet = s->Recv())
        {
            std::vector<uint8_t> bytes(packet->GetSize());
            packet->CopyData(bytes.data(), bytes.size());
            auto answer = ParseDnsResponse(bytes.data(), bytes.size());
            if (answer && answer->id == id)
            {
                // finish() drops this very callback: run a copy that outlives it.
                auto run = finish;
                run(answer);
                return;
            }
        }
    }));
    lookup.timeout = Simulator::Schedule(m_dnsTimeout, [finish]() { finish(std::nullopt); });
    auto query = BuildDnsQuery(lookup.id, name, qtype);
    Ptr<Socket> socket = lookup.socket;
    m_lookups[key] = std::move(owned);
    socket->Send(Create<Packet>(query.data(), query.size()));
}

} // namespace ns3
