#include "experiments/report/related-experiment.h"

#include "analyzers/formats/text-rules.h"
#include "experiments/report/experiment-report.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace ntlab {
namespace fs = std::filesystem;
namespace {

/// The related experiment's figures (its plots/*.svg), as links from this report's folder.
std::string FigureLinks(const fs::path& relatedOut, const std::string& relativeOut) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(relatedOut / "plots", ec))
    if (entry.path().extension() == ".svg") names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());  // directory order is the file system's, not ours
  std::ostringstream md;
  for (const auto& name : names) md << "![" << name << "](" << relativeOut << "/plots/" << name << ")\n\n";
  return md.str();
}

std::string MissingRuns(const ExperimentConfig& config, const std::string& relatedOut) {
  return "Not run yet (no finished run in `" + relatedOut + "`); it is its own experiment:\n\n"
         "```sh\nbuild/ntlab run " + config.source + " --out " + relatedOut + " --jobs 2\n```\n\n"
         "then run this experiment again: its finished runs are reused and only the report is redone.\n\n";
}

}  // namespace

std::vector<RunOutcome> FinishedRunsIn(const ExperimentConfig& config, const std::string& dir) {
  std::vector<RunOutcome> found;
  for (const RunSpec& spec : config.Runs()) {
    RunOutcome run;
    run.spec = spec;
    run.dir = (fs::path(dir) / "runs" / RunFolderName(spec.id)).string();
    std::ifstream in(fs::path(run.dir) / "metrics.json");
    if (!in) continue;
    run.metrics = nlohmann::json::parse(in, nullptr, false);
    if (run.metrics.is_discarded() || !run.metrics.is_object()) continue;
    run.ok = run.reused = true;
    found.push_back(std::move(run));
  }
  return found;
}

std::string RenderRelatedExperiment(const RelatedExperiment& related, const std::string& out_dir) {
  std::ostringstream md;
  ExperimentConfig config;
  try {
    config = LoadExperiment(related.experiment);
  } catch (const InputError& e) {
    return "## Related experiment `" + related.experiment + "`\n\nIt could not be loaded: " + e.what() + "\n\n";
  }
  const std::string relatedOut = (fs::path(out_dir) / related.out).lexically_normal().string();
  md << "## Related experiment: " << config.name << "\n\n";
  if (!config.description.empty()) md << config.description << "\n\n";
  const std::vector<RunOutcome> runs = FinishedRunsIn(config, relatedOut);
  if (runs.empty()) return md.str() + MissingRuns(config, relatedOut);
  md << "From `" << related.out << "` (relative to this report): " << runs.size() << " of "
     << config.Runs().size() << " runs finished, read as they are (this report does not run them). "
     << "Mean over seeds with the range in brackets; its figures beside the paper's, marked, are in its own "
     << "[report](" << related.out << "/report.md).\n\n";
  // Its sections sit under this one's heading: one level down.
  md << std::regex_replace(RenderResultTables(config, runs, Recommend(config, runs)), std::regex("(^|\n)## "), "$1### ")
     << FigureLinks(relatedOut, related.out);
  return md.str();
}

}  // namespace ntlab
