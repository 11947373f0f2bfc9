#include "analyzers/labeling/process-votes.h"

#include <algorithm>

namespace ntlab {

void ProcessVotes::Add(std::string_view process, std::uint32_t pid, TimeUs ts) {
  ++m_total;
  m_lastTs = std::max(m_lastTs, ts);
  for (Count& c : m_counts) {
    if (c.process == process) {
      ++c.n;
      c.pid = pid;
      return;
    }
  }
  m_counts.push_back(Count{std::string(process), pid, 1});
}

std::optional<MatchResult> ProcessVotes::Dominant(std::uint32_t min_observations, double min_share) const {
  if (m_counts.empty() || m_total < min_observations) return std::nullopt;
  const Count* best = &m_counts.front();
  for (const Count& c : m_counts)
    if (c.n > best->n) best = &c;
  if (double(best->n) < min_share * double(m_total)) return std::nullopt;
  return MatchResult{best->pid, best->process, m_lastTs, "votes", m_total, double(best->n) / double(m_total)};
}

std::uint32_t ProcessVotes::CountOf(std::string_view process) const {
  for (const Count& c : m_counts)
    if (c.process == process) return c.n;
  return 0;
}

double ProcessVotes::ShareOf(std::string_view process) const {
  return m_total == 0 ? 0.0 : double(CountOf(process)) / double(m_total);
}

}  // namespace ntlab
