// behaviour zeus-bot: a Zeus-infected process (paper 002) polling the C&C it names.
#include "scenarios/sim/process-behaviours.h"
#include "scenarios/sim/random-variable-text.h"
#include "traffic-gen/helper/zeus-bot-helper.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/string.h"

#include <stdexcept>
#include <string>

namespace ntlab {
namespace {

// Periods jitter by +-20 % around the mean, as the model's defaults do.
std::string Jittered(double mean)
{
    return UniformVariable(0.8 * mean, 1.2 * mean);
}

const std::string& CncDomain(const ScenarioConfig& config, const std::string& cnc)
{
    for (const auto& server : config.servers)
        if (server.name == cnc) return server.domains.front();
    throw std::logic_error("zeus-bot: no server named '" + cnc + "' (ValidateScenario checks this)");
}

}  // namespace

void InstallZeusBot(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::ZeusBotHelper bot(CncDomain(build.config, spec.cnc));
    bot.SetAttribute("Spread", ns3::DoubleValue(build.config.zeus_spread));
    bot.SetAttribute("ExtraBehaviours", ns3::BooleanValue(build.config.zeus_extra_behaviours > 0));
    // zeus.config_in_capture false: config.bin was fetched before the capture (never seen).
    if (!build.config.zeus_config_in_capture) bot.SetAttribute("ConfigPath", ns3::StringValue(""));
    if (spec.zeus_poll_s > 0) bot.SetAttribute("PollInterval", ns3::StringValue(Jittered(spec.zeus_poll_s)));
    if (spec.zeus_report_gap_s > 0) bot.SetAttribute("ReportGap", ns3::StringValue(Jittered(spec.zeus_report_gap_s)));
    bot.SetProcess(pid, spec.name, host.resolver);
    build.AssignStreams(bot.Install(host.node));
}

}  // namespace ntlab
