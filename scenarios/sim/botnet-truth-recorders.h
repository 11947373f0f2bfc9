// The botnets' ground truth, from their own trace sources: the commands the Zeus C&C gave
// (zeus_episodes.csv, paper 002) and the hosts Kraken infected (kraken_truth.csv, paper 003).
#pragma once

#include "analyzers/botnet/kraken-truth.h"
#include "analyzers/botnet/zeus-truth.h"
#include "models/zeus-cnc-server-application.h"
#include "scenarios/sim/epoch-clock.h"
#include "traffic-gen/kraken-bot-application.h"

#include <cstddef>
#include <string>
#include <vector>

namespace ntlab {

class ZeusTruthRecorder
{
  public:
    explicit ZeusTruthRecorder(EpochClock clock);
    /// Records every command `cnc` gives from now on.
    void Observe(ns3::Ptr<ns3::ZeusCncServerApplication> cnc);
    /// Writes zeus_episodes.csv; returns the rows written.
    std::size_t Write(const std::string& path) const;

  private:
    void Episode(ns3::Ipv4Address cnc,
                 ns3::Ipv4Address bot,
                 uint32_t episode,
                 const std::string& behaviour,
                 ns3::Time start);

    EpochClock m_clock;
    std::vector<ZeusTruthEpisode> m_episodes;
};

class KrakenTruthRecorder
{
  public:
    /// Records the infection of `bot`'s host once it happens.
    void Observe(ns3::Ptr<ns3::KrakenBotApplication> bot);
    /// Writes kraken_truth.csv; returns the rows written.
    std::size_t Write(const std::string& path) const;

  private:
    void Infected(std::string hostName, ns3::Ipv4Address host, const std::string& process, uint32_t pid);

    std::vector<KrakenTruthHost> m_infected;
};

}  // namespace ntlab
