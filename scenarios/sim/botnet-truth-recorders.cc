#include "scenarios/sim/botnet-truth-recorders.h"

#include "models/socket-table.h"

#include "ns3/callback.h"
#include "ns3/ipv4.h"

namespace ntlab {

ZeusTruthRecorder::ZeusTruthRecorder(EpochClock clock)
    : m_clock(clock)
{
}

void ZeusTruthRecorder::Observe(ns3::Ptr<ns3::ZeusCncServerApplication> cnc)
{
    // The server's first interface address is the one the bots reach (the C&C node has one
    // link); it names the C&C in the truth so the join never credits another server's episodes.
    const ns3::Ipv4Address cncAddress = cnc->GetNode()->GetObject<ns3::Ipv4>()->GetAddress(1, 0).GetLocal();
    cnc->TraceConnectWithoutContext(
        "Episode",
        ns3::Callback<void, ns3::Ipv4Address, uint32_t, const std::string&, ns3::Time>(
            [this, cncAddress](ns3::Ipv4Address bot, uint32_t episode, const std::string& behaviour, ns3::Time start) {
                Episode(cncAddress, bot, episode, behaviour, start);
            }));
}

std::size_t ZeusTruthRecorder::Write(const std::string& path) const
{
    WriteZeusTruthCsv(path, m_episodes);
    return m_episodes.size();
}

void ZeusTruthRecorder::Episode(ns3::Ipv4Address cnc,
                                ns3::Ipv4Address bot,
                                uint32_t episode,
                                const std::string& behaviour,
                                ns3::Time start)
{
    m_episodes.push_back({m_clock(start), bot.Get(), episode, behaviour, cnc.Get()});
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
