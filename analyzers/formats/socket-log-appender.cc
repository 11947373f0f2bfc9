#include "analyzers/formats/socket-log-appender.h"

namespace ntlab {

SocketIntervalAppender::SocketIntervalAppender(const std::string& path)
    : m_path(path), m_out(path, std::ios::binary | std::ios::trunc), m_csv(m_pending, kSocketIntervalColumns) {
  if (!m_out) throw InputError(path + ": cannot create the socket log");
  Flush();
}

void SocketIntervalAppender::Flush() {
  const std::string rows = m_pending.str();
  m_out.write(rows.data(), std::streamsize(rows.size()));
  m_out.flush();
  m_pending.str(std::string());
  if (!m_out) throw InputError(m_path + ": writing the socket log failed");
}

}  // namespace ntlab
