#include "scenarios/sim/messenger-truth-recorder.h"

#include "analyzers/formats/messenger-files.h"
#include "models/payload/buddybuddy-payload.h"

#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/udp-header.h"

namespace ntlab {
namespace {

using ns3::MessengerClientApplication;

void Connect(const ns3::Ptr<MessengerClientApplication>& app, MessengerClientRow* row)
{
    app->TraceConnectWithoutContext("Attempt", ns3::MakeBoundCallback(
        +[](MessengerClientRow* r, const std::string&, ns3::Ipv4Address, uint16_t, bool up) { r->attempts_failed += up ? 0 : 1; }, row));
    app->TraceConnectWithoutContext("LoggedIn", ns3::MakeBoundCallback(
        +[](MessengerClientRow* r, double seconds, const std::string& how) {
            if (r->logged_in) return;  // the first login counts
            r->logged_in = true;
            r->login_s = seconds;
            r->login_via = how;
        }, row));
    app->TraceConnectWithoutContext("Chat", ns3::MakeBoundCallback(
        +[](MessengerClientRow* r, bool ok) { ++(ok ? r->chats_ok : r->chats_failed); }, row));
    app->TraceConnectWithoutContext("File", ns3::MakeBoundCallback(
        +[](MessengerClientRow* r, const std::string& kind, bool ok, uint32_t) {
            if (kind == "small") ++(ok ? r->small_files_ok : r->small_files_failed);
            else ++(ok ? r->large_files_ok : r->large_files_failed);
        }, row));
    app->TraceConnectWithoutContext("GaveUp", ns3::MakeBoundCallback(
        +[](MessengerClientRow* r, double seconds) { r->gave_up_s = seconds; }, row));
}

std::vector<MessengerRoleTruthRow> ServerRoles(const ScenarioBuild& build)
{
    const MessengersSpec& spec = build.config.messengers;
    std::vector<MessengerRoleTruthRow> rows;
    auto add = [&](Ipv4 ip, std::uint16_t port, MessengerRole role) { rows.push_back({{ip, port}, role}); };
    for (std::uint16_t port : {1863, 443}) add(DispatchAddress(spec, MessengerKind::Msn), port, MessengerRole::Dispatch);
    for (std::uint16_t port : {1863, 443}) add(spec.msn.notification, port, MessengerRole::Notification);
    add(spec.msn.switchboard, 1863, MessengerRole::Switchboard);
    for (std::uint16_t port : {5004, 80}) add(DispatchAddress(spec, MessengerKind::NateOn), port, MessengerRole::Dispatch);
    for (std::uint16_t port : {5004, 80}) add(spec.nateon.main, port, MessengerRole::Notification);
    // BuddyBuddy's one server carries the long-lived presence session: a notification server's role.
    for (std::uint16_t port : {ntlab::payload::kBuddyPort, std::uint16_t(80)})
        add(DispatchAddress(spec, MessengerKind::BuddyBuddy), port, MessengerRole::Notification);
    // Every started MSN or NateOn client may be offered a large file, on its direct port.
    for (const auto& client : build.messengers->clients)
    {
        const MessengerKind kind = spec.clients[client.spec].messenger;
        if (client.app && kind != MessengerKind::BuddyBuddy)
            add(build.hosts[client.host].address.Get(), kind == MessengerKind::Msn ? 6891 : 6004, MessengerRole::P2pPeer);
    }
    return rows;
}

}  // namespace

void MessengerTruthRecorder::Observe(const ScenarioBuild& build)
{
    const auto& clients = build.messengers->clients;
    m_rows.resize(clients.size());  // never resized again: the trace sinks hold row pointers
    for (std::size_t i = 0; i < clients.size(); ++i)
    {
        const MessengerClientInstance& client = clients[i];
        const MessengerClientSpec& spec = build.config.messengers.clients[client.spec];
        MessengerClientRow& row = m_rows[i];
        row.host = spec.host;
        row.account = spec.account;
        row.messenger = ToString(spec.messenger);
        row.image = client.image;
        row.window_class = spec.window_class;
        row.control_text = spec.control_text;
        row.pid = client.pid;
        row.started = client.app != nullptr;
        if (client.app) Connect(client.app, &row);
    }
    for (const MonitoredHost& host : build.hosts)
    {
        const std::uint32_t index = host.index;
        host.table->TraceConnectWithoutContext(
            "SocketOpened", ns3::Callback<void, const ns3::SocketEntry&>([this, index](const ns3::SocketEntry& entry) {
                m_lastOwner[{index, std::uint8_t(entry.proto), entry.localPort}] = {entry.process, entry.pid};
            }));
    }
    const MessengerBuild& messengers = *build.messengers;
    if (messengers.gatewayFilter) ObserveFilter(build, messengers.gatewayFilter, "gateway", "ip_table");
    for (std::size_t h = 0; h < messengers.hostFilters.size(); ++h)
        ObserveFilter(build, messengers.hostFilters[h], build.config.hosts[build.hosts[h].index].name, "process_packets");
}

void MessengerTruthRecorder::ObserveFilter(const ScenarioBuild& build, ns3::Ptr<ns3::FilteringRouting> filter,
                                           const std::string& name, const std::string& method)
{
    const ScenarioBuild* b = &build;  // the build outlives the run, and so every drop
    filter->TraceConnectWithoutContext(
        "Drop", ns3::Callback<void, const ns3::Ipv4Header&, ns3::Ptr<const ns3::Packet>>(
                    [this, b, name, method](const ns3::Ipv4Header& header, ns3::Ptr<const ns3::Packet> packet) {
                        Dropped(b, name, method, header, packet);
                    }));
}

// The LAN side of the packet is the socket's host; its port names the owner.
void MessengerTruthRecorder::Dropped(const ScenarioBuild* build, const std::string& filter, const std::string& method,
                                     const ns3::Ipv4Header& header, ns3::Ptr<const ns3::Packet> packet)
{
    std::uint16_t source = 0, destination = 0;
    Proto proto = Proto::Tcp;
    if (header.GetProtocol() == ns3::TcpL4Protocol::PROT_NUMBER)
    {
        ns3::TcpHeader tcp;
        packet->PeekHeader(tcp);
        source = tcp.GetSourcePort();
        destination = tcp.GetDestinationPort();
    }
    else
    {
        ns3::UdpHeader udp;
        packet->PeekHeader(udp);
        source = udp.GetSourcePort();
        destination = udp.GetDestinationPort();
        proto = Proto::Udp;
    }
    DropKey key{filter, method, "", "", false};
    for (const MonitoredHost& host : build->hosts)
    {
        const bool outbound = host.address == header.GetSource();
        if (!outbound && host.address != header.GetDestination()) continue;
        key.host = build->config.hosts[host.index].name;
        const std::uint16_t port = outbound ? source : destination;
        LastOwner owner;
        if (const ns3::SocketEntry* live = host.table->OwnerOfLocalPort(proto, port))
            owner = {live->process, live->pid};
        else if (auto last = m_lastOwner.find({host.index, std::uint8_t(proto), port}); last != m_lastOwner.end())
            owner = last->second;
        key.process = owner.process;
        for (const auto& client : build->messengers->clients)
            key.messenger = key.messenger || (owner.pid != 0 && client.host == host.index && client.pid == owner.pid);
    }
    if (key.host.empty()) key.host = "-";  // neither side on the LAN (the gateway forwards only LAN traffic)
    DropCount& count = m_drops[key];
    std::uint32_t a = header.GetSource().Get(), b = header.GetDestination().Get();
    std::uint16_t pa = source, pb = destination;
    if (std::tie(a, pa) > std::tie(b, pb))
    {
        std::swap(a, b);
        std::swap(pa, pb);
    }
    count.connections.insert({a, pa, b, pb, header.GetProtocol()});
    ++count.packets;
    count.bytes += packet->GetSize() + header.GetSerializedSize();
}

std::size_t MessengerTruthRecorder::Write(const ScenarioBuild& build, const std::string& outDir) const
{
    WriteMessengerClientsCsv(outDir + "/messenger_clients.csv", m_rows);
    WriteMessengerRolesCsv(outDir + "/messenger-roles.csv", ServerRoles(build));
    std::vector<MessengerEnforcementRow> drops;
    for (const auto& [key, count] : m_drops)
        drops.push_back({key.filter, key.method, key.host, key.process, key.messenger, count.connections.size(),
                         count.packets, count.bytes});
    WriteMessengerEnforcementCsv(outDir + "/messenger_enforcement.csv", drops);
    return m_rows.size();
}

}  // namespace ntlab
