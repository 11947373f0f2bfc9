// The ground truth (truth.csv): TruthReader (analyzers/formats/records.h) and the join that grades
// labels with it (TruthJoin, analyzers/labeling), asked for a session made from each of the first
// rows. The input is truth.csv; the socket log that maps host names to IPs is fixed. Besides not
// crashing, an accepted file reads back the same once written, and a session made from a row
// finds a truth row.
#include "analyzers/labeling/socket-index.h"
#include "analyzers/labeling/truth-join.h"
#include "tests/fuzz/csv-round-trip.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

namespace {

const ntlab::SocketIndex& FixedIndex() {
  static const ntlab::SocketIndex index = ntlab::SocketIndex::Load(ntlab::fuzz::Scratch::Write(
      "socketlog.csv",
      "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n"
      "1741597200.000000,pc01,tcp,10.0.0.11,50001,198.51.100.10,443,ESTABLISHED,6576,chrome.exe\n"
      "1741597200.050000,pc02,tcp,10.0.0.12,50002,198.51.100.11,80,ESTABLISHED,812,Code.exe\n"));
  return index;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  const SocketIndex& index = FixedIndex();
  const auto read = fuzz::ReadAndRoundTrip(
      "truth.csv", data, size, [](const std::string& p) { return ReadAll<TruthReader>(p); },
      [](const std::string& p, const std::vector<TruthRow>& r) { WriteAll<TruthWriter>(p, r); });
  if (!read) return 0;
  const std::vector<TruthRow>& rows = *read;
  TruthJoin join = TruthJoin::FromRows(rows, index);
  NTLAB_FUZZ_CHECK(join.Rows() == rows.size());
  for (std::size_t i = 0; i < rows.size() && i < 32; ++i) {
    const TruthRow& row = rows[i];
    if (row.local_ip.IsUnspecified()) continue;  // a wildcard row is found through its host's IPs only
    Session session;
    session.key = SessionKey{row.proto, Endpoint{row.local_ip, row.local_port}, row.remote.value_or(Endpoint{})};
    session.first_ts = row.open_ts;
    session.last_ts = row.close_ts.value_or(row.open_ts);
    NTLAB_FUZZ_CHECK(join.Find(session) != nullptr);
  }
  return 0;
}
