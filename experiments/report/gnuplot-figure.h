// Figures for reports, drawn by gnuplot (a well-kept plotting tool) into SVG: we write the data
// and a script, gnuplot draws. Without gnuplot on the machine a figure is skipped, not faked.
#pragma once

#include <string>
#include <vector>

namespace ntlab {

class GnuplotFigure {
 public:
  /// `stem` is the output path without extension: writes stem.svg (plus stem.dat, stem.gp, which
  /// keep the figure reproducible and editable).
  explicit GnuplotFigure(std::string stem) : m_stem(std::move(stem)) {}

  /// Tab-separated rows; the first row is the header (column titles).
  void SetData(std::vector<std::vector<std::string>> rows) { m_rows = std::move(rows); }
  /// gnuplot commands after the terminal/output lines; refer to the data as '$DATA' file "<dat>"
  /// through the placeholder @DATA@.
  void SetScript(std::string script) { m_script = std::move(script); }
  void SetSize(int width, int height) { m_width = width; m_height = height; }

  /// Draws; returns false (and leaves no .svg) when gnuplot is missing or fails.
  bool Render() const;
  std::string SvgPath() const { return m_stem + ".svg"; }

  static bool Available();

 private:
  std::string m_stem;
  std::vector<std::vector<std::string>> m_rows;
  std::string m_script;
  int m_width = 720;
  int m_height = 420;
};

}  // namespace ntlab
