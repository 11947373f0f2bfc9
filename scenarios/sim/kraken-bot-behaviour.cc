// behaviour kraken-bot: a Kraken-infected process (paper 003). Kraken sends its own DNS queries,
// so every flow of the infection belongs to the bot; its infection is the ground truth of the
// Kraken detection (kraken_truth.csv).
#include "scenarios/sim/process-behaviours.h"
#include "traffic-gen/helper/kraken-bot-helper.h"

#include "ns3/nstime.h"

namespace ntlab {

void InstallKrakenBot(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::KrakenBotHelper bot(build.topology.dnsAddress);
    bot.SetAttribute("StartTime", ns3::TimeValue(ns3::Seconds(spec.start_s)));
    bot.SetProcess(pid, spec.name, host.resolver);
    auto app = bot.Install(host.node);
    build.AssignStreams(app);
    build.krakenBots.push_back(app);
}

}  // namespace ntlab
