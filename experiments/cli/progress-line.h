// One self-rewriting status line on a terminal; silent when stderr is not a terminal or CI is set,
// so logs and CI output stay clean.
#pragma once

#include <string>

namespace ntlab {

class ProgressLine {
 public:
  ProgressLine();
  bool Enabled() const { return m_enabled; }
  void Show(const std::string& text);
  /// Ends the line (if anything was shown).
  void Done();

 private:
  bool m_enabled;
  bool m_shown = false;
};

std::string FormatClock(double seconds);  // "01:02:03" / "02:03"

}  // namespace ntlab
