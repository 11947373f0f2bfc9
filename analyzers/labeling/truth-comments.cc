#include "analyzers/labeling/truth-comments.h"

#include "analyzers/capture/capture-plan.h"
#include "analyzers/capture/packet-decoder.h"
#include "analyzers/capture/pcapng-file-writer.h"
#include "analyzers/formats/process-comment.h"

#include <pcap/pcap.h>

#include <filesystem>
#include <map>
#include <memory>

namespace ntlab {
namespace {

// Each host's address, from its rows bound to one (a simulated host has one address).
std::map<std::string, IpAddress> HostAddresses(const std::vector<TruthRow>& rows) {
  std::map<std::string, std::map<IpAddress, std::uint64_t>> seen;
  for (const auto& r : rows)
    if (!r.local_ip.IsUnspecified()) ++seen[r.host][r.local_ip];
  std::map<std::string, IpAddress> addresses;
  for (const auto& [host, counts] : seen) {
    auto most = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it)
      if (it->second > most->second) most = it;
    addresses[host] = most->first;
  }
  return addresses;
}

std::string PcapngName(const std::string& path) {
  return std::filesystem::path(path).replace_extension(".pcapng").filename().string();
}

void WriteCommentedCapture(const std::string& path, const IpAddress& hostHint, const TruthOwners& owners,
                           const std::string& outPath, TruthCommentStats& stats) {
  char error[PCAP_ERRBUF_SIZE] = {};
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> capture(pcap_open_offline(path.c_str(), error), &pcap_close);
  if (!capture) throw InputError(path + ": not a readable pcap/pcapng capture: " + error);
  const int linkType = pcap_datalink(capture.get());
  PcapngFileWriter writer(outPath, linkType, static_cast<std::uint32_t>(pcap_snapshot(capture.get())));
  const PacketDecoder decoder(linkType);
  DecodedPacket packet;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc;
  while ((rc = pcap_next_ex(capture.get(), &header, &data)) == 1) {
    ++stats.frames;
    const TimeUs ts = TimeUs(header->ts.tv_sec) * kUsPerSecond + header->ts.tv_usec;
    std::string comment;
    if (decoder.Decode(data, header->caplen, packet) == DecodeResult::Ok) {
      const bool hostIsDestination = !hostHint.IsUnspecified() && packet.dst.ip == hostHint;
      const TruthRow* owner = hostIsDestination ? nullptr : owners.Find(packet.proto, packet.src, packet.dst, ts);
      if (!owner && (hostHint.IsUnspecified() || hostIsDestination)) owner = owners.Find(packet.proto, packet.dst, packet.src, ts);
      if (owner) {
        ++stats.frames_with_owner;
        comment = FormatProcessComment({owner->pid, owner->process, owner->process});
      }
    }
    writer.Write(ts, header->len, data, header->caplen, comment);
  }
  if (rc != PCAP_ERROR_BREAK) throw InputError(path + ": read error: " + pcap_geterr(capture.get()));
  writer.Commit();
  ++stats.files;
}

}  // namespace

TruthOwners::TruthOwners(std::vector<TruthRow> rows, TimeUs slack) : m_rows(std::move(rows)), m_slack(slack) {
  const std::map<std::string, IpAddress> addresses = HostAddresses(m_rows);
  for (std::uint32_t i = 0; i < m_rows.size(); ++i) {
    const TruthRow& r = m_rows[i];
    IpAddress ip = r.local_ip;
    if (ip.IsUnspecified()) {
      auto it = addresses.find(r.host);
      if (it == addresses.end()) continue;
      ip = it->second;
    }
    m_byLocal[Key(ip, r.proto, r.local_port)].push_back(i);
  }
}

const TruthRow* TruthOwners::Find(Proto proto, Endpoint local, Endpoint remote, TimeUs ts) const {
  auto it = m_byLocal.find(Key(local.ip, proto, local.port));
  if (it == m_byLocal.end()) return nullptr;
  const TruthRow* best = nullptr;
  for (std::uint32_t i : it->second) {
    const TruthRow& r = m_rows[i];
    if (r.remote && *r.remote != remote) continue;
    if (r.open_ts > ts + m_slack || (r.close_ts && *r.close_ts < ts - m_slack)) continue;
    // A connected row names the connection itself; a listener only the port.
    const bool better = !best || (r.remote.has_value() != best->remote.has_value() ? r.remote.has_value()
                                                                                  : r.open_ts > best->open_ts);
    if (better) best = &r;
  }
  return best;
}

TruthCommentStats WriteTruthCommentedCaptures(const std::vector<std::string>& inputs, const TruthOwners& owners,
                                              const std::string& outDir) {
  TruthCommentStats stats;
  const CapturePlan plan = CapturePlan::FromInputs(inputs);  // kept: Groups() refers into it
  for (const auto& group : plan.Groups())
    for (const auto& file : group.files)
      WriteCommentedCapture(file, group.host_hint, owners, outDir + "/" + PcapngName(file), stats);
  return stats;
}

}  // namespace ntlab
