#include "analyzers/formats/pid-history-files.h"

#include "analyzers/formats/csv-fields.h"
#include "analyzers/formats/csv-io.h"

#include <algorithm>
#include <array>

namespace ntlab {

using namespace csv_fields;

namespace {
const std::array<const char*, 5> kColumns{"host", "ts", "pid", "event", "process"};
}

void WritePidHistoryCsv(const std::string& path, const std::vector<PidHistoryRow>& rows) {
  CsvWriter csv(path, kColumns);
  for (const auto& r : rows)
    csv.Row(r.host, FormatTs(r.ts), std::to_string(r.pid), r.event == PidEvent::Exit ? "exit" : "reuse", r.process);
  csv.Commit();
}

std::vector<PidHistoryRow> ReadPidHistoryCsv(const std::string& path) {
  CsvRowReader<5> csv(path, kColumns);
  CsvRowReader<5>::Row f;
  std::vector<PidHistoryRow> rows;
  while (csv.Next(f)) {
    PidHistoryRow r;
    RequireText(csv, 0, f[0]);
    if (f[0].empty()) csv.Fail(0, "is empty");
    r.host = f[0];
    r.ts = RequireTs(csv, 1, f[1]);
    r.pid = RequirePid(csv, 2, f[2]);
    if (f[3] == "exit") r.event = PidEvent::Exit;
    else if (f[3] == "reuse") r.event = PidEvent::Reuse;
    else csv.Fail(3, QuoteForMessage(f[3]) + " is not exit or reuse");
    RequireText(csv, 4, f[4]);
    if (f[4].empty()) csv.Fail(4, "is empty");
    r.process = f[4];
    rows.push_back(std::move(r));
  }
  return rows;
}

PidNameTimeline::PidNameTimeline(const std::vector<PidHistoryRow>& rows) {
  for (const auto& r : rows)
    m_changes[{r.host, r.pid}].emplace_back(r.ts, r.event == PidEvent::Exit ? std::string() : r.process);
  // Stable: two changes at one instant keep the file's (event) order.
  for (auto& [key, changes] : m_changes)
    std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::string PidNameTimeline::NameAt(const std::string& host, std::uint32_t pid, TimeUs ts,
                                    const std::string& owner) const {
  auto it = m_changes.find({host, pid});
  if (it == m_changes.end()) return owner;
  const auto& changes = it->second;
  auto after = std::upper_bound(changes.begin(), changes.end(), ts,
                                [](TimeUs t, const auto& change) { return t < change.first; });
  return after == changes.begin() ? owner : std::prev(after)->second;
}

std::vector<TimeUs> PidNameTimeline::ChangesIn(const std::string& host, std::uint32_t pid, TimeUs after,
                                               TimeUs upto) const {
  std::vector<TimeUs> times;
  auto it = m_changes.find({host, pid});
  if (it == m_changes.end()) return times;
  for (const auto& [ts, name] : it->second)
    if (ts > after && ts <= upto && (times.empty() || times.back() != ts)) times.push_back(ts);
  return times;
}

}  // namespace ntlab
