// A Zeus (Zbot) bot living inside an injected process (explorer.exe for ZeuS 2.x; set the
// inherited ProcessName/Pid attributes), talking HTTP to its C&C the way paper 002 describes:
// GET config.bin (encrypted configuration), GET gate.php?<victim info> (the poll, answered with an
// encrypted command), and, for each commanded behaviour, an episode of repeated POSTs of
// RC4-looking data to ReportPath. Every request uses its own TCP connection, which the bot closes
// after the reply (WinInet without keep-alive). The C&C decides the behaviour; the bot decides how
// many reports the episode takes, from that behaviour's distribution: a normal with the
// behaviour's <Behaviour>ReportsMean/Sd/Bound, whose deviations from the mean are all scaled by
// Spread (so experiments can sweep how much the behaviours overlap). Timers follow the ZeuS
// 2.0.8.9 builder defaults (docs/botnets.md). The behaviours beyond the paper's three (form
// grabbing, screenshot upload, file download; issue 15) take streams only with ExtraBehaviours.
#pragma once

#include "models/process-application.h"
#include "models/payload/zeus-command-codec.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3 {

class ZeusBotApplication : public ProcessApplication
{
  public:
    static TypeId GetTypeId();
    ZeusBotApplication();

    int64_t AssignStreams(int64_t stream);
    uint64_t GetRequestsSent() const { return m_requestsSent; }
    uint64_t GetRequestsFailed() const { return m_requestsFailed; }
    uint32_t GetEpisodesRun() const { return m_episodesRun; }

    /// Draws the number of reports of an episode of `behaviour` (what StartEpisode uses):
    /// round(mean + Spread * d), d ~ Normal(0, Sd^2) redrawn while |d| > Bound, clamped to
    /// [1, 10000]. Spread = 0 (or Sd = 0) gives the mean without drawing. None draws 0 reports.
    uint32_t DrawReports(ZeusBehaviour behaviour);

    /// "Request": method, request URI, request bytes on the wire.
    typedef void (*RequestTracedCallback)(const std::string& method, const std::string& uri, uint32_t bytes);
    /// "Response": request URI, HTTP status (0 when the exchange failed), body bytes.
    typedef void (*ResponseTracedCallback)(const std::string& uri, uint32_t status, uint32_t bodyBytes);
    /// "Command": episode id, behaviour name, reports planned for the episode.
    typedef void (*CommandTracedCallback)(uint32_t episode, const std::string& behaviour, uint32_t reports);

    /// Result of one request handed to its continuation: status 0 = no answer.
    struct Reply
    {
        uint32_t status = 0;
        std::vector<uint8_t> body;
    };

  private:
    static TypeId AddExtraBehaviourAttributes(TypeId tid);
    /// Creates the extra behaviours' variables on first need: creating them always would move
    /// ns-3's automatic stream numbers, and with them the draws of every run without them.
    void CreateExtraBehaviourDraws();
    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;

    void Locate();
    void FetchConfig();
    void Poll();
    void Report();
    void StartEpisode(const ZeusCommand& command);
    void SchedulePoll(Time delay);
    void Exchange(const std::string& method, const std::string& uri, const std::string& body,
                  std::function<void(const Reply&)> done);
    uint64_t NextSeed();

    std::string m_cncDomain;
    Ipv4Address m_cncAddress;
    uint16_t m_cncPort;
    std::string m_configPath;
    std::string m_gatePath;
    std::string m_reportPath;
    std::string m_userAgent;
    std::string m_botnet;
    std::string m_key;
    Ptr<RandomVariableStream> m_configInterval;
    Ptr<RandomVariableStream> m_pollInterval;
    Ptr<RandomVariableStream> m_retryInterval;
    Ptr<RandomVariableStream> m_reportGap;
    Ptr<RandomVariableStream> m_reportBytes;
    // Per-behaviour report counts: Normal(mean, (sd * spread)^2), truncated at bound * spread.
    double m_cookieTheftReportsMean;
    double m_cookieTheftReportsSd;
    double m_cookieTheftReportsBound;
    double m_homepageSetReportsMean;
    double m_homepageSetReportsSd;
    double m_homepageSetReportsBound;
    double m_osShutdownReportsMean;
    double m_osShutdownReportsSd;
    double m_osShutdownReportsBound;
    // The behaviours beyond paper 002's three (ntlab's assumptions, no source gives them).
    bool m_extraBehaviours;
    double m_formGrabReportsMean;
    double m_formGrabReportsSd;
    double m_formGrabReportsBound;
    double m_screenshotReportsMean;
    double m_screenshotReportsSd;
    double m_screenshotReportsBound;
    double m_fileDownloadReportsMean;
    double m_fileDownloadReportsSd;
    double m_fileDownloadReportsBound;
    Ptr<NormalRandomVariable> m_formGrabReports;
    Ptr<NormalRandomVariable> m_screenshotReports;
    Ptr<NormalRandomVariable> m_fileDownloadReports;
    double m_spread;
    Ptr<NormalRandomVariable> m_cookieTheftReports;
    Ptr<NormalRandomVariable> m_homepageSetReports;
    Ptr<NormalRandomVariable> m_osShutdownReports;
    Time m_requestTimeout;
    Ptr<UniformRandomVariable> m_seedStream;

    bool m_running = false;
    bool m_polling = false;        // the first config.bin arrived; the poll cycle runs
    Ipv4Address m_cnc;             // resolved C&C address
    std::string m_botId;
    EventId m_configEvent;
    EventId m_pollEvent;
    EventId m_reportEvent;
    EventId m_locateEvent;
    ZeusCommand m_episode;         // the running episode (None between episodes)
    uint32_t m_reportsLeft = 0;
    uint64_t m_requestsSent = 0;
    uint64_t m_requestsFailed = 0;
    uint32_t m_episodesRun = 0;
    TracedCallback<const std::string&, const std::string&, uint32_t> m_requestTrace;
    TracedCallback<const std::string&, uint32_t, uint32_t> m_responseTrace;
    TracedCallback<uint32_t, const std::string&, uint32_t> m_commandTrace;
};

} // namespace ns3
