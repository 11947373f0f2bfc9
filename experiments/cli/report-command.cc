// `ntlab report DIR`: paper 000's web report (issue 13 item 5, docs/domains.md): one self-contained
// HTML page drawn from every stats.sqlite in a run or experiment folder (analyzers/domains/domain-report.h).
#include "analyzers/domains/domain-report.h"
#include "analyzers/formats/atomic-file.h"
#include "experiments/cli/commands.h"

#include <cstdio>
#include <memory>

namespace ntlab {

Subcommand AddReportCommand(CLI::App& app) {
  auto* report = app.add_subcommand("report", "Web report (HTML, self-contained) of the stats.sqlite of a run or experiment");
  struct Options {
    std::string dir, out;
  };
  auto options = std::make_shared<Options>();
  report->add_option("DIR", options->dir, "Run or experiment folder holding stats.sqlite (itself or below)")->required();
  report->add_option("--out", options->out, "Page to write (default: DIR/report.html)");
  return {report, [options] {
            if (!options->out.empty()) CheckOutputFile(options->out);
            OutputTransaction outputs;
            ReportResult r = WriteDomainReport(options->dir, options->out);
            outputs.Keep();
            std::printf("%s: %zu statistics store(s)\n", r.page_path.c_str(), r.runs);
            return 0;
          }};
}

}  // namespace ntlab
