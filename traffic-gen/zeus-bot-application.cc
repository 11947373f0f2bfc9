#include "traffic-gen/zeus-bot-application.h"
#include "models/payload-seed.h"
#include "models/random-draws.h"
#include "models/tcp-exchange.h"

#include "models/payload/http-payload.h"
#include "models/payload/split-mix64.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ZeusBotApplication");
NS_OBJECT_ENSURE_REGISTERED(ZeusBotApplication);

namespace
{
// Upper bound on reports per episode, whatever the distribution draws.
constexpr uint32_t kMaxReports = 10000;

// Reports per episode of the behaviours beyond paper 002's three: ntlab's ASSUMPTIONS (no source
// gives them), placed so that each overlaps the paper's three as real variants do: form grabbing
// between cookie theft (24) and home-page setting (8), screenshots between home-page setting and
// OS shutdown (3), file download at OS shutdown's count.
struct ExtraShape
{
    double mean;
    double sd;
    double bound;
};
constexpr ExtraShape kFormGrabReports{16, 4, 12};
constexpr ExtraShape kScreenshotReports{5, 2, 4};
constexpr ExtraShape kFileDownloadReports{2, 1, 1};

// One request on its own TCP connection (WinInet without keep-alive): the reply's status line
// and body, or Reply{} (status 0) when the exchange failed.
class HttpRequestExchange : public TcpExchange
{
  public:
    HttpRequestExchange(std::vector<uint8_t> request,
                        std::function<void(const ZeusBotApplication::Reply&)> done)
        : m_request(std::move(request)),
          m_done(std::move(done))
    {
    }

  private:
    std::vector<uint8_t> DoConnected() override
    {
        return m_request;
    }

    bool DoReceive(std::vector<uint8_t>& rx) override
    {
        auto length = ntlab::payload::CompleteHttpMessageLength(rx.data(), rx.size());
        if (!length)
        {
            return false;
        }
        unsigned status = 0;
        std::string head(rx.begin(), rx.begin() + std::min<size_t>(*length, 64));
        if (std::sscanf(head.c_str(), "HTTP/1.%*d %u", &status) == 1)
        {
            m_reply.status = status;
        }
        auto contentLength = ntlab::payload::FindHttpHeader(rx.data(), *length, "Content-Length");
        size_t body = contentLength ? std::min<size_t>(std::stoul(*contentLength), *length) : 0;
        m_reply.body.assign(rx.begin() + (*length - body), rx.begin() + *length);
        rx.erase(rx.begin(), rx.begin() + *length);
        return true;
    }

    void DoFinish(bool complete) override
    {
        auto done = std::move(m_done);
        done(complete ? m_reply : ZeusBotApplication::Reply{});
    }

    std::vector<uint8_t> m_request;
    std::function<void(const ZeusBotApplication::Reply&)> m_done;
    ZeusBotApplication::Reply m_reply;
};

std::string
Hex(uint64_t v, int digits)
{
    static const char* kDigits = "0123456789ABCDEF";
    std::string s(digits, '0');
    for (int i = digits - 1; i >= 0; --i, v >>= 4)
    {
        s[i] = kDigits[v & 0xf];
    }
    return s;
}
} // namespace

TypeId
ZeusBotApplication::GetTypeId()
{
    static TypeId base =
        TypeId("ns3::ZeusBotApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<ZeusBotApplication>()
            .AddAttribute("CncDomain", "Host name of the C&C (Host header, DNS lookup).",
                          StringValue("localhost"),
                          MakeStringAccessor(&ZeusBotApplication::m_cncDomain), MakeStringChecker())
            .AddAttribute("CncAddress",
                          "Fixed C&C address; 0.0.0.0 resolves CncDomain through the host's DNS "
                          "Client instead.",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&ZeusBotApplication::m_cncAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("CncPort", "TCP port of the C&C.", UintegerValue(80),
                          MakeUintegerAccessor(&ZeusBotApplication::m_cncPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("ConfigPath",
                          "Path of the configuration (builder url_config). Empty: the bot holds its "
                          "configuration already (fetched before the capture, or elsewhere) and polls at once.",
                          StringValue("/config.bin"),
                          MakeStringAccessor(&ZeusBotApplication::m_configPath), MakeStringChecker())
            .AddAttribute("GatePath", "Path polled with victim info (builder url_server).",
                          StringValue("/gate.php"),
                          MakeStringAccessor(&ZeusBotApplication::m_gatePath), MakeStringChecker())
            .AddAttribute("ReportPath", "*.php the episode's reports are POSTed to.",
                          StringValue("/gate.php"),
                          MakeStringAccessor(&ZeusBotApplication::m_reportPath), MakeStringChecker())
            .AddAttribute("UserAgent", "User-Agent header (MSIE 8 on Windows NT 5.1, Fox-IT).",
                          StringValue("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)"),
                          MakeStringAccessor(&ZeusBotApplication::m_userAgent), MakeStringChecker())
            .AddAttribute("Botnet", "Botnet name sent in the poll.", StringValue("btn1"),
                          MakeStringAccessor(&ZeusBotApplication::m_botnet), MakeStringChecker())
            .AddAttribute("EncryptionKey", "Key shared with the C&C (builder encryption_key).",
                          StringValue("secret key"),
                          MakeStringAccessor(&ZeusBotApplication::m_key), MakeStringChecker())
            .AddAttribute("ConfigInterval",
                          "Seconds between config.bin fetches (timer_config 60 min, +-20 %).",
                          StringValue("ns3::UniformRandomVariable[Min=2880|Max=4320]"),
                          MakePointerAccessor(&ZeusBotApplication::m_configInterval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("PollInterval",
                          "Seconds between the end of an episode (or an empty poll) and the next "
                          "poll (timer_stats 20 min, +-20 %).",
                          StringValue("ns3::UniformRandomVariable[Min=960|Max=1440]"),
                          MakePointerAccessor(&ZeusBotApplication::m_pollInterval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("RetryInterval",
                          "Seconds before retrying after a failed request (the timers' retry "
                          "period, 1 min, +-20 %).",
                          StringValue("ns3::UniformRandomVariable[Min=48|Max=72]"),
                          MakePointerAccessor(&ZeusBotApplication::m_retryInterval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("ReportGap",
                          "Seconds between the reports of one episode (timer_logs 1 min, +-20 %).",
                          StringValue("ns3::UniformRandomVariable[Min=48|Max=72]"),
                          MakePointerAccessor(&ZeusBotApplication::m_reportGap),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("ReportBytes",
                          "Body bytes of one report POST, whatever the behaviour (estimate).",
                          StringValue("ns3::UniformRandomVariable[Min=300|Max=3000]"),
                          MakePointerAccessor(&ZeusBotApplication::m_reportBytes),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("CookieTheftReportsMean",
                          "Mean reports per cookie-theft episode (assumption).",
                          DoubleValue(24),
                          MakeDoubleAccessor(&ZeusBotApplication::m_cookieTheftReportsMean),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("CookieTheftReportsSd",
                          "Standard deviation of the reports per cookie-theft episode, before "
                          "Spread (assumption).",
                          DoubleValue(4),
                          MakeDoubleAccessor(&ZeusBotApplication::m_cookieTheftReportsSd),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("CookieTheftReportsBound",
                          "Draws farther than this from CookieTheftReportsMean, before Spread, "
                          "are redrawn (3 sd).",
                          DoubleValue(12),
                          MakeDoubleAccessor(&ZeusBotApplication::m_cookieTheftReportsBound),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("HomepageSetReportsMean",
                          "Mean reports per home-page-setting episode (assumption).",
                          DoubleValue(8),
                          MakeDoubleAccessor(&ZeusBotApplication::m_homepageSetReportsMean),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("HomepageSetReportsSd",
                          "Standard deviation of the reports per home-page-setting episode, "
                          "before Spread (assumption).",
                          DoubleValue(2),
                          MakeDoubleAccessor(&ZeusBotApplication::m_homepageSetReportsSd),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("HomepageSetReportsBound",
                          "Draws farther than this from HomepageSetReportsMean, before Spread, "
                          "are redrawn (3 sd).",
                          DoubleValue(6),
                          MakeDoubleAccessor(&ZeusBotApplication::m_homepageSetReportsBound),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("OsShutdownReportsMean",
                          "Mean reports per OS-shutdown episode (assumption).",
                          DoubleValue(3),
                          MakeDoubleAccessor(&ZeusBotApplication::m_osShutdownReportsMean),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("OsShutdownReportsSd",
                          "Standard deviation of the reports per OS-shutdown episode, before "
                          "Spread (assumption).",
                          DoubleValue(1),
                          MakeDoubleAccessor(&ZeusBotApplication::m_osShutdownReportsSd),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("OsShutdownReportsBound",
                          "Draws farther than this from OsShutdownReportsMean, before Spread, "
                          "are redrawn (2 sd).",
                          DoubleValue(2),
                          MakeDoubleAccessor(&ZeusBotApplication::m_osShutdownReportsBound),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Spread",
                          "Scales every per-behaviour report-count distribution around its own "
                          "mean: sd and bound are multiplied by it (1: the defaults above, 0: "
                          "always the mean). Sweep it to make the behaviours overlap.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&ZeusBotApplication::m_spread),
                          MakeDoubleChecker<double>(0.0, 20.0));
    // Static too: the attributes are registered once.
    static TypeId tid = AddExtraBehaviourAttributes(base)
            .AddAttribute("RequestTimeout", "Give up a request without a complete reply after this.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&ZeusBotApplication::m_requestTimeout), MakeTimeChecker())
            .AddTraceSource("Request", "A request was sent: method, URI, bytes.",
                            MakeTraceSourceAccessor(&ZeusBotApplication::m_requestTrace),
                            "ns3::ZeusBotApplication::RequestTracedCallback")
            .AddTraceSource("Response", "A request ended: URI, status (0: failed), body bytes.",
                            MakeTraceSourceAccessor(&ZeusBotApplication::m_responseTrace),
                            "ns3::ZeusBotApplication::ResponseTracedCallback")
            .AddTraceSource("Command", "A poll carried a command: episode, behaviour, reports.",
                            MakeTraceSourceAccessor(&ZeusBotApplication::m_commandTrace),
                            "ns3::ZeusBotApplication::CommandTracedCallback");
    return tid;
}

TypeId
ZeusBotApplication::AddExtraBehaviourAttributes(TypeId tid)
{
    using Member = double ZeusBotApplication::*;
    struct Extra
    {
        std::string name;
        std::string what;
        ExtraShape shape;
        Member mean, sd, bound;
    };
    const Extra extras[] = {
        {"FormGrab", "form-grabbing", kFormGrabReports, &ZeusBotApplication::m_formGrabReportsMean,
         &ZeusBotApplication::m_formGrabReportsSd, &ZeusBotApplication::m_formGrabReportsBound},
        {"Screenshot", "screenshot", kScreenshotReports, &ZeusBotApplication::m_screenshotReportsMean,
         &ZeusBotApplication::m_screenshotReportsSd, &ZeusBotApplication::m_screenshotReportsBound},
        {"FileDownload", "file-download", kFileDownloadReports, &ZeusBotApplication::m_fileDownloadReportsMean,
         &ZeusBotApplication::m_fileDownloadReportsSd, &ZeusBotApplication::m_fileDownloadReportsBound},
    };
    tid.AddAttribute("ExtraBehaviours",
                     "The C&C may command the behaviours beyond paper 002's three: assign streams to "
                     "their report counts. Without it such a command still runs, drawing from ns-3's "
                     "automatic streams, and a run without them keeps every stream where it was.",
                     BooleanValue(false), MakeBooleanAccessor(&ZeusBotApplication::m_extraBehaviours),
                     MakeBooleanChecker());
    for (const Extra& e : extras)
    {
        tid.AddAttribute(e.name + "ReportsMean", "Mean reports per " + e.what + " episode (assumption).",
                         DoubleValue(e.shape.mean), MakeDoubleAccessor(e.mean), MakeDoubleChecker<double>(0.0))
            .AddAttribute(e.name + "ReportsSd",
                          "Standard deviation of the reports per " + e.what + " episode, before Spread "
                          "(assumption).",
                          DoubleValue(e.shape.sd), MakeDoubleAccessor(e.sd), MakeDoubleChecker<double>(0.0))
            .AddAttribute(e.name + "ReportsBound",
                          "Draws farther than this from " + e.name + "ReportsMean, before Spread, are redrawn.",
                          DoubleValue(e.shape.bound), MakeDoubleAccessor(e.bound), MakeDoubleChecker<double>(0.0));
    }
    return tid;
}

ZeusBotApplication::ZeusBotApplication()
    : m_cncPort(80),
      m_cookieTheftReportsMean(24),
      m_cookieTheftReportsSd(4),
      m_cookieTheftReportsBound(12),
      m_homepageSetReportsMean(8),
      m_homepageSetReportsSd(2),
      m_homepageSetReportsBound(6),
      m_osShutdownReportsMean(3),
      m_osShutdownReportsSd(1),
      m_osShutdownReportsBound(2),
      m_extraBehaviours(false),
      m_formGrabReportsMean(kFormGrabReports.mean),
      m_formGrabReportsSd(kFormGrabReports.sd),
      m_formGrabReportsBound(kFormGrabReports.bound),
      m_screenshotReportsMean(kScreenshotReports.mean),
      m_screenshotReportsSd(kScreenshotReports.sd),
      m_screenshotReportsBound(kScreenshotReports.bound),
      m_fileDownloadReportsMean(kFileDownloadReports.mean),
      m_fileDownloadReportsSd(kFileDownloadReports.sd),
      m_fileDownloadReportsBound(kFileDownloadReports.bound),
      m_spread(1.0),
      m_cookieTheftReports(CreateObject<NormalRandomVariable>()),
      m_homepageSetReports(CreateObject<NormalRandomVariable>()),
      m_osShutdownReports(CreateObject<NormalRandomVariable>()),
      m_seedStream(CreateObject<UniformRandomVariable>())
{
}

void
ZeusBotApplication::CreateExtraBehaviourDraws()
{
    if (!m_formGrabReports)
    {
        m_formGrabReports = CreateObject<NormalRandomVariable>();
    }
    if (!m_screenshotReports)
    {
        m_screenshotReports = CreateObject<NormalRandomVariable>();
    }
    if (!m_fileDownloadReports)
    {
        m_fileDownloadReports = CreateObject<NormalRandomVariable>();
    }
}

int64_t
ZeusBotApplication::AssignStreams(int64_t stream)
{
    int64_t s = stream;
    for (auto rv : {m_configInterval, m_pollInterval, m_retryInterval, m_reportGap, m_reportBytes})
    {
        rv->SetStream(s++);
    }
    // Same order as when the report counts were RandomVariableStream attributes, so a run with
    // Spread = 1 draws exactly what it drew then.
    for (auto rv : {m_cookieTheftReports, m_homepageSetReports, m_osShutdownReports})
    {
        rv->SetStream(s++);
    }
    m_seedStream->SetStream(s++);
    // Only a bot that may get the extra commands takes streams for them: without them every
    // later model's streams (and so every baseline) stay where they were.
    if (m_extraBehaviours)
    {
        CreateExtraBehaviourDraws();
        for (auto rv : {m_formGrabReports, m_screenshotReports, m_fileDownloadReports})
        {
            rv->SetStream(s++);
        }
    }
    return s - stream;
}

void
ZeusBotApplication::DoDispose()
{
    ProcessApplication::DoDispose();
}

uint64_t
ZeusBotApplication::NextSeed()
{
    return DrawPayloadSeed(*m_seedStream);
}

void
ZeusBotApplication::StartApplication()
{
    m_running = true;
    // ZeuS 2.x bot ids are "<COMPUTERNAME>_<16 hex digits>".
    uint32_t host = HostAddress().Get();
    m_botId = "PC" + Hex(host, 8) + "_" + Hex(NextSeed(), 16);
    Locate();
}

void
ZeusBotApplication::StopApplication()
{
    m_running = false;
    m_configEvent.Cancel();
    m_pollEvent.Cancel();
    m_reportEvent.Cancel();
    m_locateEvent.Cancel();
}

void
ZeusBotApplication::Locate()
{
    if (m_cncAddress != Ipv4Address::GetAny())
    {
        m_cnc = m_cncAddress;
        FetchConfig();
        return;
    }
    Resolve(m_cncDomain, [this](const std::vector<Ipv4Address>& addresses) {
        if (!m_running)
        {
            return;
        }
        if (addresses.empty())
        {
            m_locateEvent = Simulator::Schedule(DrawSeconds(m_retryInterval), &ZeusBotApplication::Locate, this);
            return;
        }
        m_cnc = addresses.front();
        FetchConfig();
    });
}

void
ZeusBotApplication::FetchConfig()
{
    // The work cycle starts with the configuration; the first success starts polling.
    if (m_configPath.empty())
    {
        m_polling = true;
        Poll();
        return;
    }
    Exchange("GET", m_configPath, "", [this](const Reply& reply) {
        bool ok = reply.status == 200;
        m_configEvent = Simulator::Schedule(DrawSeconds(ok ? m_configInterval : m_retryInterval),
                                            &ZeusBotApplication::FetchConfig, this);
        if (ok && !m_polling)
        {
            m_polling = true;
            Poll();
        }
    });
}

void
ZeusBotApplication::SchedulePoll(Time delay)
{
    m_pollEvent.Cancel();
    m_pollEvent = Simulator::Schedule(delay, &ZeusBotApplication::Poll, this);
}

void
ZeusBotApplication::Poll()
{
    // Victim info in the query, as the paper's gate.php GET carries it.
    Time up = Simulator::Now() - m_startTime;
    std::string uri = m_gatePath + "?id=" + m_botId + "&botnet=" + m_botnet +
                      "&ver=2.0.8.9&os=5.1.2600&lang=1033&up=" +
                      std::to_string(static_cast<int64_t>(up.GetSeconds()));
    Exchange("GET", uri, "", [this](const Reply& reply) {
        if (reply.status != 200)
        {
            SchedulePoll(DrawSeconds(m_retryInterval));
            return;
        }
        auto command = ZeusCommandCodec::Decode(reply.body.data(), reply.body.size(), m_key);
        if (command && command->behaviour != ZeusBehaviour::None)
        {
            StartEpisode(*command);
        }
        else
        {
            SchedulePoll(DrawSeconds(m_pollInterval));
        }
    });
}

uint32_t
ZeusBotApplication::DrawReports(ZeusBehaviour behaviour)
{
    if (behaviour > ZeusBehaviour::OsShutdown)
    {
        CreateExtraBehaviourDraws();
    }
    double v = 0;
    switch (behaviour)
    {
    case ZeusBehaviour::CookieTheft:
        v = DrawAround(m_cookieTheftReports, m_cookieTheftReportsMean, m_cookieTheftReportsSd,
                       m_cookieTheftReportsBound, m_spread);
        break;
    case ZeusBehaviour::HomepageSet:
        v = DrawAround(m_homepageSetReports, m_homepageSetReportsMean, m_homepageSetReportsSd,
                       m_homepageSetReportsBound, m_spread);
        break;
    case ZeusBehaviour::OsShutdown:
        v = DrawAround(m_osShutdownReports, m_osShutdownReportsMean, m_osShutdownReportsSd,
                       m_osShutdownReportsBound, m_spread);
        break;
    case ZeusBehaviour::FormGrab:
        v = DrawAround(m_formGrabReports, m_formGrabReportsMean, m_formGrabReportsSd,
                       m_formGrabReportsBound, m_spread);
        break;
    case ZeusBehaviour::Screenshot:
        v = DrawAround(m_screenshotReports, m_screenshotReportsMean, m_screenshotReportsSd,
                       m_screenshotReportsBound, m_spread);
        break;
    case ZeusBehaviour::FileDownload:
        v = DrawAround(m_fileDownloadReports, m_fileDownloadReportsMean, m_fileDownloadReportsSd,
                       m_fileDownloadReportsBound, m_spread);
        break;
    case ZeusBehaviour::None:
        return 0;
    }
    v = std::round(v);
    return static_cast<uint32_t>(std::clamp(v, 1.0, double(kMaxReports)));
}

void
ZeusBotApplication::StartEpisode(const ZeusCommand& command)
{
    m_episode = command;
    m_reportsLeft = DrawReports(command.behaviour);
    ++m_episodesRun;
    m_commandTrace(command.episode, ToString(command.behaviour), m_reportsLeft);
    m_reportEvent = Simulator::Schedule(DrawSeconds(m_reportGap), &ZeusBotApplication::Report, this);
}

void
ZeusBotApplication::Report()
{
    // RC4 output is indistinguishable from random bytes of the same length.
    auto size = static_cast<size_t>(std::max(1.0, std::round(m_reportBytes->GetValue())));
    std::string body(size, '\0');
    ntlab::payload::SplitMix64(NextSeed()).Fill(reinterpret_cast<uint8_t*>(&body[0]), size);
    Exchange("POST", m_reportPath, body, [this](const Reply&) {
        // A failed report is not resent: the episode's count is what reached the wire.
        if (--m_reportsLeft > 0)
        {
            m_reportEvent = Simulator::Schedule(DrawSeconds(m_reportGap), &ZeusBotApplication::Report, this);
        }
        else
        {
            m_episode = ZeusCommand{};
            SchedulePoll(DrawSeconds(m_pollInterval));
        }
    });
}

void
ZeusBotApplication::Exchange(const std::string& method,
                             const std::string& uri,
                             const std::string& body,
                             std::function<void(const Reply&)> done)
{
    if (!m_running)
    {
        return;
    }
    // No "Connection" header: the bot itself closes after the reply (one request per
    // connection), so the C&C never has to.
    ntlab::payload::HttpHeaders headers{{"Accept", "*/*"},
                                        {"User-Agent", m_userAgent},
                                        {"Cache-Control", "no-cache"}};
    if (method == "POST")
    {
        headers.emplace_back("Content-Type", "application/octet-stream");
    }
    std::vector<uint8_t> request = ntlab::payload::BuildHttpRequest(method, m_cncDomain, uri, headers, body);
    ++m_requestsSent;
    m_requestTrace(method, uri, static_cast<uint32_t>(request.size()));
    Ptr<HttpRequestExchange> exchange = Create<HttpRequestExchange>(
        std::move(request), [this, uri, done](const Reply& reply) {
            if (reply.status == 0)
            {
                ++m_requestsFailed;
            }
            m_responseTrace(uri, reply.status, static_cast<uint32_t>(reply.body.size()));
            if (m_running)
            {
                done(reply);
            }
        });
    exchange->Start(NewConnection(), m_cnc, m_cncPort, m_requestTimeout);
}

} // namespace ns3
