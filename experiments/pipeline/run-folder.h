// The run folder of one `ntlab run` (docs/formats.md): which files a run writes, which of them are
// bulky, and when an existing folder may be overwritten. The steps of the run pipeline write into
// it; the experiment runner deletes the bulky ones from finished runs.
#pragma once

#include <string>
#include <vector>

namespace ntlab {

/// Every file and folder a run may write (run.json excepted), so that a new run leaves nothing of
/// an earlier one behind.
const std::vector<std::string>& RunOutputs();

/// The captures and logs of a run: large, and not needed once metrics.json and report.md exist.
const std::vector<std::string>& BulkyRunOutputs();

/// Creates `out`, or empties it of an earlier run's outputs. A folder is ours to overwrite only if
/// an earlier run made it (it has run.json); any other non-empty folder is an InputError.
void PrepareRunFolder(const std::string& out);

}  // namespace ntlab
