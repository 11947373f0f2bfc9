// ETW-like events (events.csv): EventReader (analyzers/formats/records.h) and the `events` stage
// that loads them against a socket log (EventMatch, analyzers/labeling), then matches a session
// made from each of the first events. The input is events.csv; the socket log is fixed (two
// hosts, pc01 10.0.0.11 and pc02 10.0.0.12). Besides not crashing, an accepted file reads back
// the same once written (csv-round-trip.h), and a match names a process.
#include "analyzers/labeling/event-match.h"
#include "analyzers/labeling/socket-index.h"
#include "tests/fuzz/csv-round-trip.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

namespace {

const ntlab::SocketIndex& FixedIndex() {
  static const ntlab::SocketIndex index = ntlab::SocketIndex::Load(ntlab::fuzz::Scratch::Write(
      "socketlog.csv",
      "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n"
      "1741597200.000000,pc01,tcp,10.0.0.11,50001,198.51.100.10,443,ESTABLISHED,6576,chrome.exe\n"
      "1741597200.000000,pc02,udp,0.0.0.0,5353,,,-,1020,svchost.exe\n"
      "1741597200.050000,pc01,tcp,10.0.0.11,50001,198.51.100.10,443,TIME_WAIT,0,\n"
      "1741597200.050000,pc02,tcp,10.0.0.12,50002,198.51.100.11,80,ESTABLISHED,812,Code.exe\n"));
  return index;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  const SocketIndex& index = FixedIndex();
  const auto read = fuzz::ReadAndRoundTrip(
      "events.csv", data, size, [](const std::string& p) { return ReadAll<EventReader>(p); },
      [](const std::string& p, const std::vector<EventRow>& r) { WriteAll<EventWriter>(p, r); });
  if (!read) return 0;
  const std::vector<EventRow>& rows = *read;
  EventMatch match = EventMatch::FromRows(rows, index);
  NTLAB_FUZZ_CHECK(match.Stats().events == rows.size());
  for (std::size_t i = 0; i < rows.size() && i < 32; ++i) {
    const EventRow& row = rows[i];
    const HostId host = index.FindHost(row.host);
    if (host == kNoHost) continue;
    Session session;
    session.key = SessionKey{row.proto, Endpoint{index.HostIps(host).empty() ? row.local_ip : index.HostIps(host)[0],
                                                 row.local_port},
                             row.remote.value_or(Endpoint{})};
    session.first_ts = session.last_ts = row.ts;
    const MatchQuery query{session, row.ts, host, index.NearestSnapshot(host, row.ts)};
    if (auto result = match.TryMatch(query)) NTLAB_FUZZ_CHECK(!result->process.empty());
  }
  return 0;
}
