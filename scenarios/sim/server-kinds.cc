#include "scenarios/sim/server-kinds.h"

#include <stdexcept>
#include <string>

namespace ntlab {

const std::vector<ServerKindEntry>& ServerKinds()
{
    static const std::vector<ServerKindEntry> kinds{
        {ServerKind::Web, ServerPhase::BeforeHosts, &InstallWebServer},
        {ServerKind::ZeusCnc, ServerPhase::BeforeHosts, &InstallZeusCncServer},
        {ServerKind::SshClient, ServerPhase::AfterHosts, &InstallSshClient},
    };
    return kinds;
}

const ServerKindEntry& ServerKindOf(ServerKind kind)
{
    for (const auto& entry : ServerKinds())
        if (entry.kind == kind) return entry;
    throw std::logic_error(std::string("no installer registered for server kind '") + ToString(kind) + "'");
}

void InstallServers(ScenarioBuild& build, ServerPhase phase)
{
    for (std::uint32_t i = 0; i < build.config.servers.size(); ++i)
    {
        const ServerSpec& spec = build.config.servers[i];
        const ServerKindEntry& entry = ServerKindOf(spec.kind);
        if (entry.phase == phase) entry.install(spec, i, build);
    }
}

}  // namespace ntlab
