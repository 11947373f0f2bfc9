#include "experiments/pipeline/report-step.h"

#include "analyzers/formats/atomic-file.h"
#include "experiments/report/domain-report.h"
#include "experiments/report/kraken-report.h"
#include "experiments/report/run-report.h"
#include "experiments/report/zeus-report.h"
#include "experiments/report/isolation-report.h"

#include <filesystem>

namespace ntlab {
namespace fs = std::filesystem;

void WriteRunReportStep(const RunReportRequest& request) {
  const RunMetrics& metrics = *request.metrics;
  RunReportInput report{request.scenario_name, request.scenario_path, metrics.json, metrics.breakdown,
                        request.references_path,
                        WriteRunFigures(request.out_dir, metrics.json, metrics.breakdown),
                        request.settings};
  std::string text = RenderRunReport(report);
  if (request.zeus)
    text += RenderZeusSection(request.zeus->metrics, request.zeus->scatter_drawn ? "zeus/scatter.svg" : "");
  if (request.isolation)
    text += RenderIsolationSection(request.isolation->metrics, request.isolation->figure_drawn ? "isolation/episodes.svg" : "");
  if (request.kraken)
    text += RenderKrakenSection(request.kraken->metrics, request.kraken->hosts_csv,
                                request.kraken->timeseries_drawn ? "kraken/timeseries.svg" : "");
  if (request.domains)
    text += RenderDomainSection(request.domains->metrics, request.domains->outside_metrics, request.domains->merge_metrics);
  WriteFileAtomically(request.out_dir + "/report.md", text);
}

void WriteRunMetadata(const std::string& out_dir, const RunMetadata& metadata) {
  nlohmann::json overrides = nlohmann::json::object();
  for (const auto& o : metadata.overrides) overrides[o.key] = o.value;
  nlohmann::json run = {{"ntlab_version", metadata.ntlab_version},
                        {"code_version", metadata.code_version},
                        {"scenario", fs::absolute(metadata.scenario_path).string()},
                        {"overrides", overrides},
                        {"events_used", metadata.events_used},
                        {"simulation_folder", fs::absolute(metadata.simulation_dir).string()},
                        {"seed", metadata.seed},
                        {"poll_interval_s", metadata.poll_interval_s},
                        {"duration_s", metadata.duration_s},
                        {"simulation_wall_s", metadata.simulation_wall_s}};
  WriteFileAtomically(out_dir + "/run.json", run.dump(2) + "\n");
}

}  // namespace ntlab
