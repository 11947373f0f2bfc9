#ifndef NTLAB_MODELS_ZEUS_CNC_SERVER_APPLICATION_H
#define NTLAB_MODELS_ZEUS_CNC_SERVER_APPLICATION_H

// A Zeus command-and-control server (the PHP panel behind Apache): HTTP on Port; GET of
// ConfigPath serves the encrypted config.bin; GET of any *.php is a bot's poll (victim info in
// the query) and is answered with an encrypted command; POST of any *.php is a report and is
// answered 200 OK with an encrypted body whose length depends on the behaviour the bot is busy
// with (a normal per behaviour, <Behaviour>ResponseSizeMean/Sd/Bound, whose deviations from the
// mean are all scaled by Spread, so experiments can sweep how much the behaviours overlap). The
// server, not the bot, decides the behaviour of every episode (drawn from a weighted
// mix), and announces it on the "Episode" trace source: that trace is the ground truth the
// clustering of paper 002 is graded against. Anything else gets 404. Three behaviours beyond the
// paper's (form grabbing, screenshot upload, file download; issue 15) have weight 0 by default;
// their streams are assigned only when one of them has weight, so runs without them draw exactly
// what they drew before.

#include "models/buffered-tcp-stream.h"
#include "models/payload/zeus-command-codec.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class ZeusCncServerApplication : public Application
{
  public:
    static TypeId GetTypeId();
    ZeusCncServerApplication();
    ~ZeusCncServerApplication() override;

    /// Assigns fixed streams to every random variable. \return the number of streams used
    int64_t AssignStreams(int64_t stream);
    uint32_t GetEpisodes() const { return m_nextEpisode - 1; }
    size_t GetOpenConnections() const { return m_connections.size(); }

    /// Draws the body bytes of the 200 OK to a report during an episode of `behaviour` (what
    /// the server sends): round(mean + Spread * d), d ~ Normal(0, Sd^2) redrawn while
    /// |d| > Bound, at least 1. Spread = 0 (or Sd = 0) gives the mean without drawing. None
    /// (a report outside any episode) draws from CommandSize.
    uint32_t DrawResponseSize(ZeusBehaviour behaviour);

    /// "Episode": bot address, episode id, behaviour name (ToString(ZeusBehaviour)), start time.
    typedef void (*EpisodeTracedCallback)(Ipv4Address bot,
                                          uint32_t episode,
                                          const std::string& behaviour,
                                          Time start);
    /// "Request": bot address, method, request URI, response status, response body bytes.
    typedef void (*RequestTracedCallback)(Ipv4Address bot,
                                          const std::string& method,
                                          const std::string& uri,
                                          uint32_t status,
                                          uint32_t responseBytes);

  protected:
    void DoDispose() override;

  private:
    struct Connection
    {
        Ipv4Address peer;
        Ptr<BufferedTcpStream> stream;
    };
    /// What a bot was last told to do; its reports are answered according to it.
    struct BotEpisode
    {
        uint32_t id = 0;
        ZeusBehaviour behaviour = ZeusBehaviour::None;
    };

    void StartApplication() override;
    void StopApplication() override;
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleRead(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);
    void Answer(Connection& c, const uint8_t* request, size_t length);
    std::vector<uint8_t> AnswerPoll(Ipv4Address bot);
    uint32_t ReportResponseSize(Ipv4Address bot);
    ZeusBehaviour PickBehaviour();
    bool HasExtraBehaviours() const;
    static TypeId AddExtraBehaviourAttributes(TypeId tid);
    /// Creates the extra behaviours' variables on first need: creating them always would move
    /// ns-3's automatic stream numbers, and with them the draws of every run without them.
    void CreateExtraBehaviourDraws();
    uint64_t NextSeed();

    uint16_t m_port;
    std::string m_configPath;
    std::string m_serverName;
    std::string m_key;
    Ptr<RandomVariableStream> m_configSize;
    Ptr<RandomVariableStream> m_commandSize;
    double m_commandProbability;
    double m_cookieTheftWeight;
    double m_homepageSetWeight;
    double m_osShutdownWeight;
    // Per-behaviour report reply lengths: Normal(mean, (sd * spread)^2), truncated at
    // bound * spread.
    double m_cookieTheftResponseMean;
    double m_cookieTheftResponseSd;
    double m_cookieTheftResponseBound;
    double m_homepageSetResponseMean;
    double m_homepageSetResponseSd;
    double m_homepageSetResponseBound;
    double m_osShutdownResponseMean;
    double m_osShutdownResponseSd;
    double m_osShutdownResponseBound;
    // The extra behaviours (ntlab's assumptions, no source gives them).
    double m_formGrabWeight;
    double m_screenshotWeight;
    double m_fileDownloadWeight;
    double m_formGrabResponseMean;
    double m_formGrabResponseSd;
    double m_formGrabResponseBound;
    double m_screenshotResponseMean;
    double m_screenshotResponseSd;
    double m_screenshotResponseBound;
    double m_fileDownloadResponseMean;
    double m_fileDownloadResponseSd;
    double m_fileDownloadResponseBound;
    double m_spread;
    Ptr<NormalRandomVariable> m_formGrabResponse;
    Ptr<NormalRandomVariable> m_screenshotResponse;
    Ptr<NormalRandomVariable> m_fileDownloadResponse;
    Ptr<NormalRandomVariable> m_cookieTheftResponse;
    Ptr<NormalRandomVariable> m_homepageSetResponse;
    Ptr<NormalRandomVariable> m_osShutdownResponse;
    Ptr<UniformRandomVariable> m_decision;
    Ptr<UniformRandomVariable> m_seedStream;

    Ptr<Socket> m_listener;
    std::map<Ptr<Socket>, Connection> m_connections;
    std::map<Ipv4Address, BotEpisode> m_bots;
    uint32_t m_nextEpisode;
    TracedCallback<Ipv4Address, uint32_t, const std::string&, Time> m_episodeTrace;
    TracedCallback<Ipv4Address, const std::string&, const std::string&, uint32_t, uint32_t>
        m_requestTrace;
};

} // namespace ns3

#endif
