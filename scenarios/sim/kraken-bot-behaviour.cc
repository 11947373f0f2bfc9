// behaviour kraken-bot: a Kraken-infected process (paper 003). Kraken sends its own DNS queries,
// so every flow of the infection belongs to the bot; its infection is the ground truth of the
// Kraken detection (kraken_truth.csv).
#include "scenarios/sim/process-behaviours.h"
#include "traffic-gen/helper/kraken-bot-helper.h"

#include "scenarios/sim/kraken-servers.h"

#include "ns3/boolean.h"
#include "ns3/integer.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ntlab {

void InstallKrakenBot(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::KrakenBotHelper bot(build.topology.dnsAddress);
    bot.SetAttribute("StartTime", ns3::TimeValue(ns3::Seconds(spec.start_s)));
    // The variant (kraken.dga, kraken.wire): the servers speak the same wire (kraken-servers.cc).
    const KrakenSpec& kraken = build.config.kraken;
    bot.SetAttribute("DgaVersion", ns3::UintegerValue(kraken.dga == KrakenDga::V1 ? 1 : 2));
    bot.SetAttribute("DgaZones", ns3::StringValue(kraken.dga == KrakenDga::V2Dyndns ? "dyndns" : "generic"));
    bot.SetAttribute("DgaDate", ns3::IntegerValue(KrakenDgaDate(build.config)));
    bot.SetAttribute("SealedMessages", ns3::BooleanValue(kraken.sealed));
    bot.SetProcess(pid, spec.name, host.resolver);
    auto app = bot.Install(host.node);
    build.AssignStreams(app);
    build.krakenBots.push_back(app);
}

}  // namespace ntlab
