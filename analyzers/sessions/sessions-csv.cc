#include "analyzers/sessions/sessions-csv.h"

#include "analyzers/formats/records.h"
#include "analyzers/sessions/community-id.h"

namespace ntlab {
namespace {

class CsvSessionObserver : public SessionObserver {
 public:
  explicit CsvSessionObserver(std::ostream& out) : m_writer(out) {}
  void OnSessionPacket(const Session&, const DecodedPacket&) override {}
  void OnSessionFinished(const Session& s) override {
    m_writer.Write(SessionRow{s.key.proto, s.key.host, s.key.remote, s.direction, s.first_ts, s.last_ts, s.packets,
                              s.bytes, s.sni, CommunityId::Compute(s.key.proto, s.key.host, s.key.remote)});
  }

 private:
  SessionWriter m_writer;
};

}  // namespace

CaptureStats WriteSessionsCsv(const std::vector<std::string>& inputs, std::ostream& out,
                              const SessionizerConfig& config, const CaptureOptions& capture) {
  PcapPacketSource source(CapturePlan::FromInputs(inputs), capture);
  CsvSessionObserver observer(out);  // writes the header
  Sessionizer sessionizer(config, observer);
  source.Run(sessionizer);
  sessionizer.OnGroupFinished();
  return source.Stats();
}

}  // namespace ntlab
