#include "analyzers/domains/view-merge.h"

#include <tuple>

namespace ntlab {
namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;
constexpr std::uint32_t kSeveralFlows = ~std::uint32_t(0);

void Mix(std::uint64_t& hash, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) {
    hash ^= (value >> (8 * i)) & 0xff;
    hash *= kFnvPrime;
  }
}

/// Which endpoint is the monitored host's: the capture's host hint when it has one, else the side
/// with the ephemeral (larger) port, as a client's usually is.
bool SourceIsHost(const DecodedPacket& p) {
  if (!p.host_hint.IsUnspecified()) return p.src.ip == p.host_hint;
  return p.src.port >= p.dst.port;
}

ViewFlow FlowOf(const DecodedPacket& p, bool sourceIsHost) {
  return sourceIsHost ? ViewFlow{p.proto, p.src, p.dst} : ViewFlow{p.proto, p.dst, p.src};
}

/// Device view: fingerprint -> the device flow it was seen in (kSeveralFlows: more than one).
class DeviceIndex : public PacketSink {
 public:
  void OnPacket(const DecodedPacket& p) override {
    ++packets;
    ViewFlow flow = FlowOf(p, SourceIsHost(p));
    auto [at, added] = flowIds.emplace(flow, static_cast<std::uint32_t>(flows.size()));
    if (added) flows.push_back(flow);
    const std::uint32_t id = at->second;
    auto [entry, fresh] = byFingerprint.emplace(PacketFingerprint(p), Seen{id, p.src == flow.host});
    if (!fresh && entry->second.flow != id && entry->second.flow != kSeveralFlows) {
      entry->second.flow = kSeveralFlows;
      ++collisions;
    }
  }
  void OnGroupFinished() override {}

  struct Seen {
    std::uint32_t flow;
    bool fromHost;  // the device packet left the host: the network packet's source is the host's
  };
  std::map<ViewFlow, std::uint32_t> flowIds;
  std::vector<ViewFlow> flows;
  std::unordered_map<std::uint64_t, Seen> byFingerprint;
  std::uint64_t packets = 0;
  std::uint64_t collisions = 0;
};

/// Network view: each packet votes for the device flow its fingerprint names.
class NetworkVotes : public PacketSink {
 public:
  explicit NetworkVotes(const DeviceIndex& index) : m_index(index) {}

  void OnPacket(const DecodedPacket& p) override {
    ++packets;
    auto seen = m_index.byFingerprint.find(PacketFingerprint(p));
    // The matched device packet says which side is the host; unmatched packets follow the flow's
    // first orientation, or the port rule.
    bool sourceIsHost = seen != m_index.byFingerprint.end() ? seen->second.fromHost : SourceIsHost(p);
    ViewFlow key = FlowOf(p, sourceIsHost);
    auto reversed = flows.find(FlowOf(p, !sourceIsHost));
    Tally& tally = reversed != flows.end() && flows.find(key) == flows.end() ? reversed->second : flows[key];
    if (tally.packets++ == 0) tally.first_ts = p.ts;
    tally.last_ts = p.ts;
    if (seen == m_index.byFingerprint.end()) return;
    if (seen->second.flow == kSeveralFlows) {
      ++tally.colliding;
      return;
    }
    ++tally.matched;
    ++tally.votes[seen->second.flow];
  }
  void OnGroupFinished() override {}

  struct Tally {
    TimeUs first_ts = 0, last_ts = 0;
    std::uint64_t packets = 0, matched = 0, colliding = 0;
    std::map<std::uint32_t, std::uint64_t> votes;
  };
  std::map<ViewFlow, Tally> flows;
  std::uint64_t packets = 0;

 private:
  const DeviceIndex& m_index;
};

MergedViewFlow Decide(const ViewFlow& key, const NetworkVotes::Tally& t, const DeviceIndex& index) {
  MergedViewFlow m;
  m.network = key;
  m.first_ts = t.first_ts;
  m.last_ts = t.last_ts;
  m.packets = t.packets;
  m.matched = t.matched;
  m.colliding = t.colliding;
  std::uint64_t best = 0, second = 0;
  std::uint32_t winner = 0;
  for (const auto& [flow, votes] : t.votes) {
    if (votes > best) {
      second = best;
      best = votes;
      winner = flow;
    } else if (votes > second) {
      second = votes;
    }
  }
  // A tie leaves the flow unmerged: two device flows are equally likely, and a guess would put
  // one host's process and user on another's traffic.
  if (best > second) {
    m.merged = true;
    m.device = index.flows[winner];
    m.votes = best;
  }
  return m;
}

}  // namespace

bool ViewFlow::operator<(const ViewFlow& o) const {
  return std::tie(proto, host, remote) < std::tie(o.proto, o.host, o.remote);
}

std::uint64_t PacketFingerprint(const DecodedPacket& p) {
  std::uint64_t hash = kFnvOffset;
  Mix(hash, static_cast<std::uint8_t>(p.proto), 1);
  Mix(hash, p.ip_id, 2);
  Mix(hash, p.ip_length, 2);
  Mix(hash, p.tcp_seq, 4);
  Mix(hash, p.tcp_ack, 4);
  Mix(hash, p.tcp_flags, 1);
  for (std::uint32_t i = 0; i < p.payload_length; ++i) Mix(hash, p.payload[i], 1);
  return hash;
}

ViewMergeResult MergeViews(PacketSource& device, PacketSource& network) {
  DeviceIndex index;
  device.Run(index);
  NetworkVotes votes(index);
  network.Run(votes);
  ViewMergeResult result;
  result.device_packets = index.packets;
  result.device_flows = index.flows.size();
  result.network_packets = votes.packets;
  result.fingerprint_collisions = index.collisions;
  for (const auto& [key, tally] : votes.flows) result.flows.push_back(Decide(key, tally, index));
  return result;
}

}  // namespace ntlab
