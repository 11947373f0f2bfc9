#include "analyzers/sessions/sessions-csv.h"

#include "analyzers/sessions/community-id.h"

namespace ntlab {
namespace {

void WriteField(std::ostream& out, const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    out << value;
    return;
  }
  out << '"';
  for (char c : value) out << (c == '"' ? "\"\"" : std::string(1, c));
  out << '"';
}

class CsvSessionObserver : public SessionObserver {
 public:
  explicit CsvSessionObserver(std::ostream& out) : m_out(out) {}
  void OnSessionPacket(const Session&, const DecodedPacket&) override {}
  void OnSessionFinished(const Session& s) override {
    m_out << ToString(s.key.proto) << ',' << FormatIpv4(s.key.host.ip) << ',' << s.key.host.port << ','
          << FormatIpv4(s.key.remote.ip) << ',' << s.key.remote.port << ',' << ToString(s.direction) << ','
          << FormatTs(s.first_ts) << ',' << FormatTs(s.last_ts) << ',' << s.packets << ',' << s.bytes << ',';
    WriteField(m_out, s.sni);
    m_out << ',' << CommunityId::Compute(s.key.proto, s.key.host, s.key.remote) << '\n';
  }

 private:
  std::ostream& m_out;
};

}  // namespace

CaptureStats WriteSessionsCsv(const std::vector<std::string>& inputs, std::ostream& out,
                              const SessionizerConfig& config, const CaptureOptions& capture) {
  PcapPacketSource source(CapturePlan::FromInputs(inputs), capture);
  CsvSessionObserver observer(out);
  Sessionizer sessionizer(config, observer);
  out << "proto,host_ip,host_port,remote_ip,remote_port,direction,first_ts,last_ts,packets,bytes,sni,"
         "community_id\n";
  source.Run(sessionizer);
  sessionizer.OnGroupFinished();
  return source.Stats();
}

}  // namespace ntlab
