// behaviour mail-client: a benign mail client sending a mail on a schedule through its accounts'
// SMTP servers in turn (issue 15's SMTP confounder for Kraken detection).
#include "scenarios/sim/process-behaviours.h"
#include "scenarios/sim/random-variable-text.h"
#include "traffic-gen/helper/mail-client-helper.h"

#include "ns3/nstime.h"
#include "ns3/string.h"

namespace ntlab {

void InstallMailClient(const ProcessSpec& spec, const MonitoredHost& host, std::uint32_t pid, ScenarioBuild& build)
{
    ns3::MailClientHelper client;
    // An outbox flushed on a timer: the interval +-20 %, scaled by the benign load like the rest.
    const double interval = spec.interval_s / build.config.benign_load;
    client.SetAttribute("Interval", ns3::StringValue(UniformVariable(0.8 * interval, 1.2 * interval)));
    client.SetAttribute("StartTime", ns3::TimeValue(ns3::Seconds(spec.start_s)));
    client.SetProcess(pid, spec.name, host.resolver);
    auto app = client.Install(host.node);
    app->SetServers(spec.domains);
    build.AssignStreams(app);
}

}  // namespace ntlab
