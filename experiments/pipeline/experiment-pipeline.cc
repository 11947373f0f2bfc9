#include "experiments/pipeline/experiment-pipeline.h"

#include "experiments/pipeline/metrics-step.h"
#include "experiments/pipeline/run-folder.h"
#include "experiments/report/experiment-report.h"

#include <algorithm>
#include <filesystem>

namespace ntlab {

std::size_t ExperimentResult::Failed() const {
  return std::count_if(runs.begin(), runs.end(), [](const RunOutcome& r) { return !r.ok; });
}

ExperimentResult RunExperimentPipeline(const ExperimentRequest& request) {
  ExperimentResult result;
  result.config = LoadExperiment(request.experiment_path);
  std::filesystem::create_directories(request.out_dir);
  RunnerOptions options;
  options.out_dir = request.out_dir;
  options.jobs = request.jobs;
  options.ntlab_exe = request.ntlab_exe;
  options.keep_bulky_files = request.keep_bulky_files;
  options.bulky_files = BulkyRunOutputs();
  options.code_version = request.code_version;
  options.progress = request.progress;
  options.stop = request.stop;
  result.runs = RunExperiment(result.config, options);
  // An interrupted experiment is not summed up: its finished runs wait in runs/ for the resume.
  if (request.stop && request.stop->Signal()) {
    result.interrupted_by = request.stop->Signal();
    return result;
  }

  const std::vector<Recommendation> recommendations = Recommend(result.config, result.runs);
  WriteMetrics(request.out_dir + "/metrics.json", ExperimentMetrics(result.config, result.runs, recommendations));
  WriteExperimentReport(result.config, result.runs, recommendations, request.out_dir);
  return result;
}

}  // namespace ntlab
