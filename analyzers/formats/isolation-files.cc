#include "analyzers/formats/isolation-files.h"

#include "analyzers/formats/atomic-file.h"

namespace ntlab {

void WriteIsolationOutputs(const std::string& dir, const IsolationOutputs& outputs) {
  WriteFileAtomically(dir + "/rules.nft", outputs.rules_nft);
  WriteFileAtomically(dir + "/gateway-after.nft", outputs.gateway_after_nft);
  WriteFileAtomically(dir + "/metrics.json", outputs.metrics.dump(2) + "\n");
  WriteFileAtomically(dir + "/report.md", outputs.report_md);
  WriteFileAtomically(dir + "/run.json", outputs.run.dump(2) + "\n");
}

}  // namespace ntlab
