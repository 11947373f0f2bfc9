#include "analyzers/sessions/sessions-csv.h"

#include "analyzers/formats/host-networks.h"
#include "analyzers/formats/records.h"
#include "analyzers/sessions/community-id.h"

namespace ntlab {
namespace {

class CsvSessionObserver : public SessionObserver {
 public:
  CsvSessionObserver(std::ostream& out, const std::vector<HostNetwork>& hosts) : m_writer(out), m_hosts(hosts) {}
  void OnSessionPacket(const Session&, const DecodedPacket&) override {}
  void OnSessionFinished(const Session& s) override {
    if (!m_hosts.empty() && !InHostNetworks(m_hosts, s.key.host.ip)) return;
    m_writer.Write(SessionRow{s.key.proto, s.key.host, s.key.remote, s.direction, s.first_ts, s.last_ts, s.packets,
                              s.bytes, s.sni, CommunityId::Compute(s.key.proto, s.key.host, s.key.remote)});
  }

 private:
  SessionWriter m_writer;
  const std::vector<HostNetwork>& m_hosts;
};

}  // namespace

CaptureStats WriteSessionsCsv(const std::vector<std::string>& inputs, std::ostream& out,
                              const SessionizerConfig& config, const CaptureOptions& capture,
                              const std::vector<HostNetwork>& hosts) {
  PcapPacketSource source(CapturePlan::FromInputs(inputs), capture);
  CsvSessionObserver observer(out, hosts);  // writes the header
  Sessionizer sessionizer(config, observer);
  sessionizer.SetHostNetworks(hosts);
  source.Run(sessionizer);
  sessionizer.OnGroupFinished();
  return source.Stats();
}

}  // namespace ntlab
