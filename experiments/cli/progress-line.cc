#include "experiments/cli/progress-line.h"

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace ntlab {

ProgressLine::ProgressLine() : m_enabled(::isatty(STDERR_FILENO) && std::getenv("CI") == nullptr) {}

void ProgressLine::Show(const std::string& text) {
  if (!m_enabled) return;
  std::fprintf(stderr, "\r\033[K%s", text.c_str());
  std::fflush(stderr);
  m_shown = true;
}

void ProgressLine::Done() {
  if (m_shown) std::fprintf(stderr, "\n");
  m_shown = false;
}

std::string FormatClock(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%02ld:%02ld", s / 60, s % 60);
  return buf;
}

}  // namespace ntlab
