#include "models/zeus-cnc-server-application.h"
#include "models/payload-seed.h"
#include "models/random-draws.h"
#include "models/tcp-listener.h"

#include "models/payload/http-payload.h"
#include "models/payload/split-mix64.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ZeusCncServerApplication");
NS_OBJECT_ENSURE_REGISTERED(ZeusCncServerApplication);

namespace
{
constexpr size_t kMaxSendChunk = 64 * 1024;
// A request line longer than this is not from a bot; protects the parser from garbage.
constexpr size_t kMaxRequestLine = 8192;

bool
IsPhp(const std::string& uri)
{
    std::string path = uri.substr(0, uri.find('?'));
    return path.size() > 4 && path.compare(path.size() - 4, 4, ".php") == 0;
}

uint32_t
ToSize(double value, uint32_t minimum)
{
    // Normal distributions can go below zero; a body is never shorter than `minimum`.
    double v = std::round(value);
    return v < minimum ? minimum : static_cast<uint32_t>(v);
}

uint32_t
DrawSize(Ptr<RandomVariableStream> rv, uint32_t minimum)
{
    return ToSize(rv->GetValue(), minimum);
}

// Reply bytes of the behaviours beyond paper 002's three: ntlab's ASSUMPTIONS (no source gives
// them), placed so that each overlaps one of the paper's three as real variants do: form
// grabbing between cookie theft (120) and OS shutdown (240), screenshots between OS shutdown and
// home-page setting (380), file download just above home-page setting.
struct ExtraShape
{
    double mean;
    double sd;
    double bound;
};
constexpr ExtraShape kFormGrabResponse{160, 35, 105};
constexpr ExtraShape kScreenshotResponse{300, 50, 150};
constexpr ExtraShape kFileDownloadResponse{520, 80, 240};
} // namespace

TypeId
ZeusCncServerApplication::GetTypeId()
{
    static TypeId base =
        TypeId("ns3::ZeusCncServerApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<ZeusCncServerApplication>()
            .AddAttribute("Port",
                          "TCP port of the HTTP panel.",
                          UintegerValue(80),
                          MakeUintegerAccessor(&ZeusCncServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("ConfigPath",
                          "Path of the encrypted configuration (ZeuS builder url_config).",
                          StringValue("/config.bin"),
                          MakeStringAccessor(&ZeusCncServerApplication::m_configPath),
                          MakeStringChecker())
            .AddAttribute("ServerName",
                          "Value of the Server header.",
                          StringValue("Apache/2.2.17 (Win32) PHP/5.3.5"),
                          MakeStringAccessor(&ZeusCncServerApplication::m_serverName),
                          MakeStringChecker())
            .AddAttribute("EncryptionKey",
                          "Key shared with the bots (ZeuS builder encryption_key).",
                          StringValue("secret key"),
                          MakeStringAccessor(&ZeusCncServerApplication::m_key),
                          MakeStringChecker())
            .AddAttribute("ConfigSize",
                          "Bytes of config.bin (estimate: 5-60 KB, dominated by webinjects).",
                          StringValue("ns3::UniformRandomVariable[Min=5000|Max=60000]"),
                          MakePointerAccessor(&ZeusCncServerApplication::m_configSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("CommandSize",
                          "Bytes of a poll reply (estimate: 48-200, a storage header plus items); "
                          "also used for reports outside any episode.",
                          StringValue("ns3::UniformRandomVariable[Min=48|Max=200]"),
                          MakePointerAccessor(&ZeusCncServerApplication::m_commandSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("CommandProbability",
                          "Probability that a poll carries a command (starts an episode).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_commandProbability),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("CookieTheftWeight",
                          "Relative weight of cookie theft (user_cookies_get) in the mix.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_cookieTheftWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("HomepageSetWeight",
                          "Relative weight of home-page setting (user_homepage_set).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_homepageSetWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("OsShutdownWeight",
                          "Relative weight of OS shutdown (os_shutdown).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_osShutdownWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("CookieTheftResponseSizeMean",
                          "Mean body bytes of the 200 OK to each report during cookie theft "
                          "(assumption).",
                          DoubleValue(120),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_cookieTheftResponseMean),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("CookieTheftResponseSizeSd",
                          "Standard deviation of those bytes during cookie theft, before Spread "
                          "(assumption).",
                          DoubleValue(30),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_cookieTheftResponseSd),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("CookieTheftResponseSizeBound",
                          "Draws farther than this from CookieTheftResponseSizeMean, before Spread, are "
                          "redrawn (3 sd).",
                          DoubleValue(90),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_cookieTheftResponseBound),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("HomepageSetResponseSizeMean",
                          "Mean body bytes of the 200 OK to each report during home-page setting "
                          "(assumption).",
                          DoubleValue(380),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_homepageSetResponseMean),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("HomepageSetResponseSizeSd",
                          "Standard deviation of those bytes during home-page setting, before Spread "
                          "(assumption).",
                          DoubleValue(60),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_homepageSetResponseSd),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("HomepageSetResponseSizeBound",
                          "Draws farther than this from HomepageSetResponseSizeMean, before Spread, are "
                          "redrawn (3 sd).",
                          DoubleValue(180),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_homepageSetResponseBound),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("OsShutdownResponseSizeMean",
                          "Mean body bytes of the 200 OK to each report during OS shutdown "
                          "(assumption).",
                          DoubleValue(240),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_osShutdownResponseMean),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("OsShutdownResponseSizeSd",
                          "Standard deviation of those bytes during OS shutdown, before Spread "
                          "(assumption).",
                          DoubleValue(40),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_osShutdownResponseSd),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("OsShutdownResponseSizeBound",
                          "Draws farther than this from OsShutdownResponseSizeMean, before Spread, are "
                          "redrawn (3 sd).",
                          DoubleValue(120),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_osShutdownResponseBound),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Spread",
                          "Scales every per-behaviour response-size distribution around its "
                          "own mean: sd and bound are multiplied by it (1: the defaults above, "
                          "0: always the mean). Sweep it to make the behaviours overlap.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&ZeusCncServerApplication::m_spread),
                          MakeDoubleChecker<double>(0.0, 20.0));
    // Static too: the attributes are registered once.
    static TypeId tid = AddExtraBehaviourAttributes(base)
            .AddTraceSource("Episode",
                            "The server commanded a bot: bot address, episode id, behaviour, "
                            "start time.",
                            MakeTraceSourceAccessor(&ZeusCncServerApplication::m_episodeTrace),
                            "ns3::ZeusCncServerApplication::EpisodeTracedCallback")
            .AddTraceSource("Request",
                            "A request was answered: bot address, method, URI, status, "
                            "response body bytes.",
                            MakeTraceSourceAccessor(&ZeusCncServerApplication::m_requestTrace),
                            "ns3::ZeusCncServerApplication::RequestTracedCallback");
    return tid;
}

TypeId
ZeusCncServerApplication::AddExtraBehaviourAttributes(TypeId tid)
{
    using Member = double ZeusCncServerApplication::*;
    struct Extra
    {
        std::string name;
        std::string what;
        ExtraShape shape;
        Member weight, mean, sd, bound;
    };
    const Extra extras[] = {
        {"FormGrab", "form grabbing", kFormGrabResponse, &ZeusCncServerApplication::m_formGrabWeight,
         &ZeusCncServerApplication::m_formGrabResponseMean, &ZeusCncServerApplication::m_formGrabResponseSd,
         &ZeusCncServerApplication::m_formGrabResponseBound},
        {"Screenshot", "screenshot upload", kScreenshotResponse, &ZeusCncServerApplication::m_screenshotWeight,
         &ZeusCncServerApplication::m_screenshotResponseMean, &ZeusCncServerApplication::m_screenshotResponseSd,
         &ZeusCncServerApplication::m_screenshotResponseBound},
        {"FileDownload", "file download", kFileDownloadResponse, &ZeusCncServerApplication::m_fileDownloadWeight,
         &ZeusCncServerApplication::m_fileDownloadResponseMean, &ZeusCncServerApplication::m_fileDownloadResponseSd,
         &ZeusCncServerApplication::m_fileDownloadResponseBound},
    };
    for (const Extra& e : extras)
    {
        tid.AddAttribute(e.name + "Weight",
                         "Relative weight of " + e.what + " in the mix (not in paper 002; 0: never "
                         "commanded, the default).",
                         DoubleValue(0.0), MakeDoubleAccessor(e.weight), MakeDoubleChecker<double>(0.0))
            .AddAttribute(e.name + "ResponseSizeMean",
                          "Mean body bytes of the 200 OK to each report during " + e.what + " (assumption).",
                          DoubleValue(e.shape.mean), MakeDoubleAccessor(e.mean), MakeDoubleChecker<double>(0.0))
            .AddAttribute(e.name + "ResponseSizeSd",
                          "Standard deviation of those bytes during " + e.what + ", before Spread (assumption).",
                          DoubleValue(e.shape.sd), MakeDoubleAccessor(e.sd), MakeDoubleChecker<double>(0.0))
            .AddAttribute(e.name + "ResponseSizeBound",
                          "Draws farther than this from " + e.name + "ResponseSizeMean, before Spread, are "
                          "redrawn (3 sd).",
                          DoubleValue(e.shape.bound), MakeDoubleAccessor(e.bound), MakeDoubleChecker<double>(0.0));
    }
    return tid;
}

ZeusCncServerApplication::ZeusCncServerApplication()
    : m_port(80),
      m_commandProbability(1.0),
      m_cookieTheftWeight(1.0),
      m_homepageSetWeight(1.0),
      m_osShutdownWeight(1.0),
      m_cookieTheftResponseMean(120),
      m_cookieTheftResponseSd(30),
      m_cookieTheftResponseBound(90),
      m_homepageSetResponseMean(380),
      m_homepageSetResponseSd(60),
      m_homepageSetResponseBound(180),
      m_osShutdownResponseMean(240),
      m_osShutdownResponseSd(40),
      m_osShutdownResponseBound(120),
      m_formGrabWeight(0.0),
      m_screenshotWeight(0.0),
      m_fileDownloadWeight(0.0),
      m_formGrabResponseMean(kFormGrabResponse.mean),
      m_formGrabResponseSd(kFormGrabResponse.sd),
      m_formGrabResponseBound(kFormGrabResponse.bound),
      m_screenshotResponseMean(kScreenshotResponse.mean),
      m_screenshotResponseSd(kScreenshotResponse.sd),
      m_screenshotResponseBound(kScreenshotResponse.bound),
      m_fileDownloadResponseMean(kFileDownloadResponse.mean),
      m_fileDownloadResponseSd(kFileDownloadResponse.sd),
      m_fileDownloadResponseBound(kFileDownloadResponse.bound),
      m_spread(1.0),
      m_cookieTheftResponse(CreateObject<NormalRandomVariable>()),
      m_homepageSetResponse(CreateObject<NormalRandomVariable>()),
      m_osShutdownResponse(CreateObject<NormalRandomVariable>()),
      m_decision(CreateObject<UniformRandomVariable>()),
      m_seedStream(CreateObject<UniformRandomVariable>()),
      m_nextEpisode(1)
{
    NS_LOG_FUNCTION(this);
}

ZeusCncServerApplication::~ZeusCncServerApplication() = default;

void
ZeusCncServerApplication::CreateExtraBehaviourDraws()
{
    if (!m_formGrabResponse)
    {
        m_formGrabResponse = CreateObject<NormalRandomVariable>();
    }
    if (!m_screenshotResponse)
    {
        m_screenshotResponse = CreateObject<NormalRandomVariable>();
    }
    if (!m_fileDownloadResponse)
    {
        m_fileDownloadResponse = CreateObject<NormalRandomVariable>();
    }
}

int64_t
ZeusCncServerApplication::AssignStreams(int64_t stream)
{
    int64_t s = stream;
    for (auto rv : {m_configSize, m_commandSize})
    {
        rv->SetStream(s++);
    }
    // Same order as when the response sizes were RandomVariableStream attributes, so a run with
    // Spread = 1 draws exactly what it drew then.
    for (auto rv : {m_cookieTheftResponse, m_homepageSetResponse, m_osShutdownResponse})
    {
        rv->SetStream(s++);
    }
    m_decision->SetStream(s++);
    m_seedStream->SetStream(s++);
    // Only a mix with the extra behaviours takes streams for them: without them every later
    // model's streams (and so every baseline) stay where they were.
    if (HasExtraBehaviours())
    {
        CreateExtraBehaviourDraws();
        for (auto rv : {m_formGrabResponse, m_screenshotResponse, m_fileDownloadResponse})
        {
            rv->SetStream(s++);
        }
    }
    return s - stream;
}

void
ZeusCncServerApplication::DoDispose()
{
    m_connections.clear();
    m_listener = nullptr;
    Application::DoDispose();
}

uint64_t
ZeusCncServerApplication::NextSeed()
{
    return DrawPayloadSeed(*m_seedStream);
}

void
ZeusCncServerApplication::StartApplication()
{
    if (m_listener)
    {
        return;
    }
    m_listener = OpenTcpListener(GetNode(), m_port, MakeCallback(&ZeusCncServerApplication::HandleAccept, this));
}

void
ZeusCncServerApplication::StopApplication()
{
    if (m_listener)
    {
        CloseTcpListener(m_listener);
        m_listener = nullptr;
    }
    CloseAllStreams(m_connections);
}

void
ZeusCncServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    Connection& c = m_connections[socket];
    c.peer = InetSocketAddress::ConvertFrom(from).GetIpv4();
    c.stream = Create<BufferedTcpStream>(kMaxSendChunk);
    c.stream->SetDataCallback(MakeCallback(&ZeusCncServerApplication::HandleRead, this));
    c.stream->SetClosedCallback(MakeCallback(&ZeusCncServerApplication::HandleClosed, this));
    c.stream->Attach(socket);
}

void
ZeusCncServerApplication::HandleClosed(Ptr<BufferedTcpStream> stream,
                                       BufferedTcpStream::CloseCause /*cause*/)
{
    // The bot closes each connection after the reply (one request per connection, as WinInet
    // does for the bot's requests); the stream answered with our FIN.
    m_connections.erase(stream->GetSocket());
}

void
ZeusCncServerApplication::HandleRead(Ptr<BufferedTcpStream> stream, uint32_t /*added*/)
{
    auto it = m_connections.find(stream->GetSocket());
    if (it == m_connections.end())
    {
        return;
    }
    Connection& c = it->second;
    std::vector<uint8_t>& rx = stream->Received();
    size_t used = 0;
    while (auto length =
               ntlab::payload::CompleteHttpMessageLength(rx.data() + used, rx.size() - used))
    {
        Answer(c, rx.data() + used, *length);
        used += *length;
    }
    rx.erase(rx.begin(), rx.begin() + used);
    // Only what fits in the send buffer goes now; the stream sends the rest as room frees up
    // (config.bin can be larger than the buffer).
    stream->Flush();
}

void
ZeusCncServerApplication::Answer(Connection& c, const uint8_t* request, size_t length)
{
    std::string head(reinterpret_cast<const char*>(request),
                     std::min({length, kMaxRequestLine}));
    head = head.substr(0, head.find("\r\n"));
    size_t sp1 = head.find(' ');
    size_t sp2 = head.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
    std::string method = sp1 == std::string::npos ? "" : head.substr(0, sp1);
    std::string uri = sp2 == std::string::npos ? "" : head.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string path = uri.substr(0, uri.find('?'));

    ntlab::payload::HttpHeaders headers{{"Server", m_serverName}};
    std::vector<uint8_t> response;
    uint32_t status = 200;
    uint32_t bodyBytes = 0;
    if (method == "GET" && path == m_configPath)
    {
        bodyBytes = DrawSize(m_configSize, 1);
        response = ntlab::payload::BuildHttpResponse(200, "OK", "application/octet-stream",
                                                     bodyBytes, NextSeed(), headers);
    }
    else if (method == "GET" && IsPhp(uri))
    {
        std::vector<uint8_t> body = AnswerPoll(c.peer);
        bodyBytes = static_cast<uint32_t>(body.size());
        // The builder makes filler of the right length; the command replaces it in place (the
        // body is the last bytes of the message).
        response = ntlab::payload::BuildHttpResponse(200, "OK", "text/html", body.size(), 0,
                                                     headers);
        std::copy(body.begin(), body.end(), response.end() - body.size());
    }
    else if (method == "POST" && IsPhp(uri))
    {
        bodyBytes = ReportResponseSize(c.peer);
        response = ntlab::payload::BuildHttpResponse(200, "OK", "text/html", bodyBytes, 0,
                                                     headers);
        // The panel's PHP sends RC4 output under PHP's default text/html type: replace the
        // text filler with random-looking bytes.
        ntlab::payload::SplitMix64(NextSeed()).Fill(response.data() + response.size() - bodyBytes,
                                                    bodyBytes);
    }
    else
    {
        status = 404;
        bodyBytes = 0;
        response = ntlab::payload::BuildHttpResponse(404, "Not Found", "", 0, 0, headers);
    }
    m_requestTrace(c.peer, method, uri, status, bodyBytes);
    c.stream->Queue(response);
}

bool
ZeusCncServerApplication::HasExtraBehaviours() const
{
    return m_formGrabWeight > 0 || m_screenshotWeight > 0 || m_fileDownloadWeight > 0;
}

ZeusBehaviour
ZeusCncServerApplication::PickBehaviour()
{
    const std::pair<ZeusBehaviour, double> mix[] = {
        {ZeusBehaviour::CookieTheft, m_cookieTheftWeight}, {ZeusBehaviour::HomepageSet, m_homepageSetWeight},
        {ZeusBehaviour::OsShutdown, m_osShutdownWeight},   {ZeusBehaviour::FormGrab, m_formGrabWeight},
        {ZeusBehaviour::Screenshot, m_screenshotWeight},   {ZeusBehaviour::FileDownload, m_fileDownloadWeight}};
    // Summed in this order so that, with the extra weights at 0, the draws match the three-way
    // mix exactly.
    double total = 0;
    for (const auto& [behaviour, weight] : mix)
    {
        total += weight;
    }
    if (total <= 0 || m_decision->GetValue() >= m_commandProbability)
    {
        return ZeusBehaviour::None;
    }
    double u = m_decision->GetValue() * total;
    double upTo = 0;
    ZeusBehaviour last = ZeusBehaviour::OsShutdown;  // what the three-way mix fell back to
    for (const auto& [behaviour, weight] : mix)
    {
        upTo += weight;
        if (weight > 0 && u < upTo)
        {
            return behaviour;
        }
        if (weight > 0 && behaviour > ZeusBehaviour::OsShutdown)
        {
            last = behaviour;
        }
    }
    return last;
}

std::vector<uint8_t>
ZeusCncServerApplication::AnswerPoll(Ipv4Address bot)
{
    // Each poll ends the bot's previous episode; the server decides what comes next.
    ZeusCommand command;
    command.behaviour = PickBehaviour();
    BotEpisode& episode = m_bots[bot];
    episode = BotEpisode{};
    if (command.behaviour != ZeusBehaviour::None)
    {
        command.episode = m_nextEpisode++;
        episode.id = command.episode;
        episode.behaviour = command.behaviour;
        m_episodeTrace(bot, command.episode, ToString(command.behaviour), Simulator::Now());
    }
    return ZeusCommandCodec::Encode(command, DrawSize(m_commandSize, 0), m_key, NextSeed());
}

uint32_t
ZeusCncServerApplication::ReportResponseSize(Ipv4Address bot)
{
    auto it = m_bots.find(bot);
    return DrawResponseSize(it == m_bots.end() ? ZeusBehaviour::None : it->second.behaviour);
}

uint32_t
ZeusCncServerApplication::DrawResponseSize(ZeusBehaviour behaviour)
{
    if (behaviour > ZeusBehaviour::OsShutdown)
    {
        CreateExtraBehaviourDraws();
    }
    switch (behaviour)
    {
    case ZeusBehaviour::CookieTheft:
        return ToSize(DrawAround(m_cookieTheftResponse, m_cookieTheftResponseMean,
                                 m_cookieTheftResponseSd, m_cookieTheftResponseBound, m_spread),
                      1);
    case ZeusBehaviour::HomepageSet:
        return ToSize(DrawAround(m_homepageSetResponse, m_homepageSetResponseMean,
                                 m_homepageSetResponseSd, m_homepageSetResponseBound, m_spread),
                      1);
    case ZeusBehaviour::OsShutdown:
        return ToSize(DrawAround(m_osShutdownResponse, m_osShutdownResponseMean,
                                 m_osShutdownResponseSd, m_osShutdownResponseBound, m_spread),
                      1);
    case ZeusBehaviour::FormGrab:
        return ToSize(DrawAround(m_formGrabResponse, m_formGrabResponseMean, m_formGrabResponseSd,
                                 m_formGrabResponseBound, m_spread),
                      1);
    case ZeusBehaviour::Screenshot:
        return ToSize(DrawAround(m_screenshotResponse, m_screenshotResponseMean, m_screenshotResponseSd,
                                 m_screenshotResponseBound, m_spread),
                      1);
    case ZeusBehaviour::FileDownload:
        return ToSize(DrawAround(m_fileDownloadResponse, m_fileDownloadResponseMean,
                                 m_fileDownloadResponseSd, m_fileDownloadResponseBound, m_spread),
                      1);
    case ZeusBehaviour::None:
        break;
    }
    return DrawSize(m_commandSize, 1);
}

} // namespace ns3
