#include "experiments/pipeline/pcapng-comments-step.h"

#include <filesystem>
#include <system_error>

namespace ntlab {

nlohmann::json PcapngCommentsStepResult::ToJson() const {
  return {{"files", stats.files}, {"frames", stats.frames}, {"frames_with_owner", stats.frames_with_owner}};
}

PcapngCommentsStepResult PcapngCommentsStep(const std::string& simulation_dir, const std::string& out_dir) {
  PcapngCommentsStepResult result;
  result.dir = out_dir + "/pcapng";
  std::error_code ec;
  std::filesystem::create_directories(result.dir, ec);
  if (ec) throw InputError(result.dir + ": cannot create folder: " + ec.message());
  TruthOwners owners(ReadAll<TruthReader>(simulation_dir + "/truth.csv"));
  result.stats = WriteTruthCommentedCaptures({simulation_dir + "/pcap"}, owners, result.dir);
  return result;
}

}  // namespace ntlab
