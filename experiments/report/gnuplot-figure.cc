#include "experiments/report/gnuplot-figure.h"

#include "analyzers/formats/atomic-file.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace ntlab {

bool GnuplotFigure::Available() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

bool GnuplotFigure::Render() const {
  if (!Available()) return false;
  namespace fs = std::filesystem;
  const fs::path stem(m_stem);
  const std::string name = stem.filename().string();
  const std::string dir = stem.has_parent_path() ? stem.parent_path().string() : std::string(".");
  std::ostringstream data;
  for (const auto& row : m_rows) {
    for (std::size_t i = 0; i < row.size(); ++i) data << (i ? "\t" : "") << '"' << row[i] << '"';
    data << '\n';
  }
  WriteFileAtomically(m_stem + ".dat", data.str());

  // The saved script names its files relative to its own folder, so it can be edited and re-run.
  auto scriptFor = [&](const std::string& output) {
    std::string body = m_script;
    const std::string placeholder = "@DATA@";
    for (auto pos = body.find(placeholder); pos != std::string::npos; pos = body.find(placeholder, pos))
      body.replace(pos, placeholder.size(), "'" + name + ".dat'");
    std::ostringstream script;
    script << "set terminal svg size " << m_width << "," << m_height << " dynamic font 'Helvetica,12' background '#ffffff'\n"
           << "set output '" << output << "'\n"
           << "set termoption noenhanced\n"  // names like full_scan are not subscripts
           << "set datafile separator '\\t'\n"
           << "set key autotitle columnhead\n"
           << body << "\nunset output\n";
    return script.str();
  };
  WriteFileAtomically(m_stem + ".gp", scriptFor(name + ".svg"));
  const std::string partial = name + ".svg.part";
  FILE* gnuplot = ::popen(("cd '" + dir + "' && gnuplot >/dev/null 2>&1").c_str(), "w");
  if (!gnuplot) return false;
  std::string script = scriptFor(partial);
  std::fwrite(script.data(), 1, script.size(), gnuplot);
  bool ok = ::pclose(gnuplot) == 0;
  std::string partialPath = dir + "/" + partial;
  if (ok) {
    CommitFile(partialPath, SvgPath());
    return true;
  }
  std::remove(partialPath.c_str());
  return false;
}

}  // namespace ntlab
