#include "models/agents/poll-schedule.h"

#include <algorithm>
#include <cmath>

namespace ntlab {

void VisibleRowCounter::Add(TimeUs open, TimeUs close) {
  m_opens.push_back(open);
  m_closes.push_back(close);
}

void VisibleRowCounter::Seal() {
  std::sort(m_opens.begin(), m_opens.end());
  std::sort(m_closes.begin(), m_closes.end());
}

std::uint64_t VisibleRowCounter::At(TimeUs t) {
  while (m_opened < m_opens.size() && m_opens[m_opened] <= t) ++m_opened;
  while (m_closed < m_closes.size() && m_closes[m_closed] <= t) ++m_closed;
  return m_opened >= m_closed ? m_opened - m_closed : 0;
}

namespace {
TimeUs JitterOf(const PollTiming& timing, std::size_t hostIndex, std::uint64_t tick) {
  if (timing.jitter_us <= 0) return 0;
  // Never a whole period: the reads stay in tick order.
  const TimeUs span = std::min(timing.jitter_us, timing.interval_us - 1);
  return TimeUs(MixBits(MixBits(timing.seed * 31 + hostIndex) ^ tick) % std::uint64_t(span + 1));
}
}  // namespace

HostPolls PlanHostPolls(const HostClock& clock, TimeUs firstTickUs, TimeUs endUs, const PollTiming& timing,
                        std::size_t hostIndex, VisibleRowCounter& rows) {
  HostPolls polls;
  polls.first_tick_us = firstTickUs;
  const TimeUs interval = timing.interval_us;
  const TimeUs endHost = clock.ToHost(endUs);
  const std::int64_t ticks = firstTickUs < endHost ? (endHost - firstTickUs + interval - 1) / interval : 0;
  TimeUs busyUntil = firstTickUs;  // host time the previous poll finished
  for (std::int64_t k = 0; k < ticks; ++k) {
    TimeUs now = std::max(firstTickUs + k * interval, busyUntil);
    const std::int64_t current = (now - firstTickUs) / interval;
    if (current > k) {  // the previous poll ended after this tick's successor was due
      ++polls.late_polls;
      polls.missed_slots += std::uint64_t(std::min(current, ticks) - k);
      k = current;
      if (k >= ticks) break;
    }
    const TimeUs read = now + JitterOf(timing, hostIndex, std::uint64_t(k));
    const TimeUs readCapture = clock.ToCapture(read);
    polls.read_us.push_back(readCapture);
    polls.tick.push_back(std::uint32_t(k));
    if (timing.late_polls) {
      const double costMs = timing.cost.base_ms + timing.cost.per_row_ms * double(rows.At(readCapture));
      busyUntil = read + TimeUs(std::llround(costMs * 1000));
    }
  }
  return polls;
}

std::vector<PollRunRow> PollRuns(const std::string& host, const HostPolls& polls, TimeUs intervalUs) {
  std::vector<PollRunRow> runs;
  for (std::size_t j = 0; j < polls.tick.size(); ++j) {
    const TimeUs stamp = polls.first_tick_us + TimeUs(polls.tick[j]) * intervalUs;
    if (j > 0 && polls.tick[j] == polls.tick[j - 1] + 1) {
      PollRunRow& run = runs.back();
      run.interval_us = intervalUs;
      ++run.polls;
      continue;
    }
    runs.push_back(PollRunRow{host, stamp, 0, 1});
  }
  return runs;
}

}  // namespace ntlab
