// The Kraken detector (analyzers/botnet/kraken-detector.h) end to end on a packet stream
// (fuzz-support.h PacketStream): its own sessions, the 447 header check on every payload, DNS
// through ParseDnsMessage, SMTP sessions, then Finish: verdicts, flows and the per-second series
// of flagged hosts. Besides not crashing or hanging: one verdict per host, every flow's session in
// creation order, and a flagged host's series one row per second between its first and last
// packet.
#include "analyzers/botnet/kraken-detector.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>
#include <map>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  KrakenDetector detector;
  fuzz::PacketStream stream(data, size);
  DecodedPacket packet;
  while (stream.Next(packet)) detector.OnPacket(packet);
  detector.OnGroupFinished();
  const KrakenDetection d = detector.Finish();
  for (std::size_t i = 1; i < d.hosts.size(); ++i) NTLAB_FUZZ_CHECK(d.hosts[i - 1].host < d.hosts[i].host);
  for (std::size_t i = 1; i < d.flows.size(); ++i) NTLAB_FUZZ_CHECK(d.flows[i - 1].session_id < d.flows[i].session_id);
  std::map<IpAddress, std::size_t> rows;
  for (const KrakenSecond& s : d.series) ++rows[s.host];
  for (const auto& h : d.hosts) {
    if (!h.infected) continue;
    NTLAB_FUZZ_CHECK(rows[h.host] == std::size_t(h.last_ts / kUsPerSecond - h.first_ts / kUsPerSecond + 1));
  }
  return 0;
}
