#include "scenarios/sim/botnet-truth-recorders.h"

#include "models/socket-table.h"

#include "ns3/callback.h"

namespace ntlab {

ZeusTruthRecorder::ZeusTruthRecorder(EpochClock clock)
    : m_clock(clock)
{
}

void ZeusTruthRecorder::Observe(ns3::Ptr<ns3::ZeusCncServerApplication> cnc)
{
    cnc->TraceConnectWithoutContext("Episode", ns3::MakeCallback(&ZeusTruthRecorder::Episode, this));
}

std::size_t ZeusTruthRecorder::Write(const std::string& path) const
{
    WriteZeusTruthCsv(path, m_episodes);
    return m_episodes.size();
}

void ZeusTruthRecorder::Episode(ns3::Ipv4Address bot, uint32_t episode, const std::string& behaviour, ns3::Time start)
{
    m_episodes.push_back({m_clock(start), bot.Get(), episode, behaviour});
}

void KrakenTruthRecorder::Observe(ns3::Ptr<ns3::KrakenBotApplication> bot)
{
    const std::string hostName = bot->GetNode()->GetObject<ns3::SocketTable>()->GetHostName();
    bot->TraceConnect("Infected", hostName, ns3::MakeCallback(&KrakenTruthRecorder::Infected, this));
}

std::size_t KrakenTruthRecorder::Write(const std::string& path) const
{
    WriteKrakenTruthCsv(path, m_infected);
    return m_infected.size();
}

void KrakenTruthRecorder::Infected(std::string hostName, ns3::Ipv4Address host, const std::string& process, uint32_t)
{
    m_infected.push_back({hostName, host.Get(), process});
}

}  // namespace ntlab
