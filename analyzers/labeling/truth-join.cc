#include "analyzers/labeling/truth-join.h"

#include <algorithm>
#include <limits>

namespace ntlab {

TruthJoin TruthJoin::Load(const std::string& path, const SocketIndex& index, TimeUs slack) {
  return FromRows(ReadAll<TruthReader>(path), index, slack);
}

TruthJoin TruthJoin::FromRows(std::vector<TruthRow> rows, const SocketIndex& index, TimeUs slack) {
  TruthJoin join;
  join.m_slack = slack;
  join.m_rows = std::move(rows);
  std::vector<IpAddress> ips;
  for (std::uint32_t i = 0; i < join.m_rows.size(); ++i) {
    const TruthRow& r = join.m_rows[i];
    ips.clear();
    if (!r.local_ip.IsUnspecified()) ips.push_back(r.local_ip);
    HostId host = index.FindHost(r.host);
    if (host != kNoHost)
      for (IpAddress ip : index.HostIps(host))
        if (std::find(ips.begin(), ips.end(), ip) == ips.end()) ips.push_back(ip);
    for (IpAddress ip : ips) join.m_byLocal[Key(ip, r.proto, r.local_port)].push_back(i);
  }
  return join;
}

const TruthRow* TruthJoin::Find(const Session& s) const {
  auto it = m_byLocal.find(Key(s.key.host.ip, s.key.proto, s.key.host.port));
  if (it == m_byLocal.end()) return nullptr;
  const TruthRow* best = nullptr;
  TimeUs bestOverlap = std::numeric_limits<TimeUs>::min();
  for (std::uint32_t i : it->second) {
    const TruthRow& r = m_rows[i];
    if (r.remote && *r.remote != s.key.remote) continue;
    if (r.open_ts > s.last_ts + m_slack) continue;
    if (r.close_ts && *r.close_ts < s.first_ts - m_slack) continue;
    TimeUs end = r.close_ts ? std::min(*r.close_ts, s.last_ts) : s.last_ts;
    TimeUs overlap = end - std::max(r.open_ts, s.first_ts);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = &r;
    }
  }
  return best;
}

}  // namespace ntlab
