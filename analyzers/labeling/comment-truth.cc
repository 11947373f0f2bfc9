#include "analyzers/labeling/comment-truth.h"

#include "analyzers/formats/host-networks.h"
#include "analyzers/formats/process-comment.h"

#include <algorithm>
#include <unordered_map>

namespace ntlab {
namespace {

struct OwnerCount {
  std::uint32_t pid = 0;
  std::string process;
  std::uint64_t packets = 0;
};

// A packet's comment names the process that sent it or, arriving, the one it is for. Where both
// ends are on the capturing host (loopback), the remote's packets name the remote's process, so
// the packets the host side sent decide, and the others only when it sent none.
struct Owners {
  std::vector<OwnerCount> from_host;
  std::vector<OwnerCount> from_remote;
};

class CommentTruthObserver : public SessionObserver {
 public:
  CommentTruthObserver(CommentTruth& out, const std::vector<HostNetwork>& hostNetworks)
      : m_out(out), m_hostNetworks(hostNetworks) {}

  void OnSessionPacket(const Session& session, const DecodedPacket& packet) override {
    if (!packet.comments || !Named(session)) return;
    auto owner = FindProcessComment(*packet.comments);
    if (!owner) return;
    ++m_out.stats.packets_with_owner;
    const std::string process = owner->ProcessName();
    Owners& owners = m_owners[session.id];
    auto& side = packet.src == session.key.host ? owners.from_host : owners.from_remote;
    auto it = std::find_if(side.begin(), side.end(),
                           [&](const OwnerCount& o) { return o.pid == owner->pid && o.process == process; });
    if (it == side.end()) side.push_back(OwnerCount{owner->pid, process, 1});
    else ++it->packets;
  }

  void OnSessionFinished(const Session& session) override {
    if (!Named(session)) return;
    ++m_out.stats.sessions;
    auto found = m_owners.find(session.id);
    if (found == m_owners.end()) return;
    const Owners both = std::move(found->second);
    m_owners.erase(found);
    const std::vector<OwnerCount>& owners = both.from_host.empty() ? both.from_remote : both.from_host;
    // max_element keeps the first of equal counts: on a tie, the owner named first.
    const OwnerCount& chosen = *std::max_element(
        owners.begin(), owners.end(), [](const OwnerCount& a, const OwnerCount& b) { return a.packets < b.packets; });
    if (owners.size() > 1) NoteConflict(session, owners, chosen);
    ++m_out.stats.sessions_with_owner;
    TruthRow row;
    row.host = FormatIp(session.key.host.ip);
    row.proto = session.key.proto;
    row.local_ip = session.key.host.ip;
    row.local_port = session.key.host.port;
    row.remote = session.key.remote;
    row.pid = chosen.pid;
    row.process = chosen.process;
    row.open_ts = session.first_ts;
    row.close_ts = session.last_ts;
    m_out.rows.push_back(std::move(row));
  }

 private:
  bool Named(const Session& session) const {
    return m_hostNetworks.empty() || InHostNetworks(m_hostNetworks, session.key.host.ip);
  }

  void NoteConflict(const Session& session, const std::vector<OwnerCount>& owners, const OwnerCount& chosen) {
    if (m_out.stats.conflicting_sessions++ >= kNamedConflicts) return;
    std::string text = std::string(session.key.proto == Proto::Tcp ? "tcp " : "udp ") +
                       FormatIp(session.key.host.ip) + ":" + std::to_string(session.key.host.port) + " - " +
                       FormatIp(session.key.remote.ip) + ":" + std::to_string(session.key.remote.port) + " at " +
                       FormatTs(session.first_ts) + ": comments name";
    for (std::size_t i = 0; i < owners.size(); ++i)
      text += (i ? ", " : " ") + owners[i].process + " (pid " + std::to_string(owners[i].pid) + ") in " +
              std::to_string(owners[i].packets) + " packets";
    m_out.stats.conflicts.push_back(text + "; " + chosen.process + " is kept");
  }

  CommentTruth& m_out;
  const std::vector<HostNetwork>& m_hostNetworks;
  std::unordered_map<std::uint64_t, Owners> m_owners;  // by session id, while open
};

}  // namespace

nlohmann::json CommentTruthJson(const CommentTruthStats& stats) {
  return {{"sessions", stats.sessions},
          {"sessions_with_owner", stats.sessions_with_owner},
          {"conflicting_sessions", stats.conflicting_sessions},
          {"packets_with_owner", stats.packets_with_owner},
          {"conflicts", stats.conflicts}};
}

CommentTruth ExtractCommentTruth(const std::vector<std::string>& inputs, const CommentTruthOptions& options) {
  CaptureOptions capture = options.capture;
  capture.read_comments = true;
  PcapPacketSource source(CapturePlan::FromInputs(inputs), capture);
  CommentTruth truth;
  CommentTruthObserver observer(truth, options.host_networks);
  Sessionizer sessionizer(options.sessions, observer);
  sessionizer.SetKnownHosts(options.known_hosts);
  sessionizer.SetHostNetworks(options.host_networks);
  source.Run(sessionizer);
  sessionizer.OnGroupFinished();
  truth.stats.capture = source.Stats();
  std::stable_sort(truth.rows.begin(), truth.rows.end(), [](const TruthRow& a, const TruthRow& b) {
    if (a.open_ts != b.open_ts) return a.open_ts < b.open_ts;
    if (a.local_ip != b.local_ip) return a.local_ip < b.local_ip;
    return a.local_port < b.local_port;
  });
  return truth;
}

}  // namespace ntlab
