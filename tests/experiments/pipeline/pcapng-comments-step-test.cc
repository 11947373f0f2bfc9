#include "experiments/pipeline/pcapng-comments-step.h"

#include "analyzers/labeling/comment-truth.h"
#include "analyzers/labeling/socket-index.h"
#include "analyzers/labeling/truth-join.h"
#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include "tests/support/build-paths.h"

using namespace ntlab;
namespace fs = std::filesystem;

// The round trip of `ntlab run --pcapng-comments`, on the regression corpus's simulated run
// (its pcap/ and truth.csv are what the simulator wrote): truth -> comments -> `ntlab truth` gives
// each session the owner that the labelling's own truth join finds in truth.csv.
TEST_CASE("simulated captures written with their owners give back the run's truth", "[analysis][pcapng][truth]") {
  const std::string run = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s";
  const std::string out = test_support::TempPath("pcapng-comments-step");
  fs::remove_all(out);
  fs::create_directories(out);
  PcapngCommentsStepResult step = PcapngCommentsStep(run, out);
  CHECK(step.stats.files == 4);
  CHECK(step.stats.frames_with_owner > 0);
  CHECK(step.stats.frames_with_owner <= step.stats.frames);
  for (const auto& entry : fs::directory_iterator(step.dir)) CHECK(entry.path().extension() == ".pcapng");

  const SocketIndex index = SocketIndex::Load(run + "/socketlog.csv", {}, "");
  CommentTruth truth = ExtractCommentTruth({step.dir}, CommentTruthOptions{index.AllHostIps(), {}, {}, {}});
  REQUIRE(truth.rows.size() > 50);
  CHECK(truth.stats.conflicting_sessions == 0);
  const TruthJoin join = TruthJoin::Load(run + "/truth.csv", index);
  std::size_t agree = 0;
  for (const TruthRow& row : truth.rows) {
    Session session;
    session.key = SessionKey{row.proto, Endpoint{row.local_ip, row.local_port}, *row.remote};
    session.first_ts = row.open_ts;
    session.last_ts = *row.close_ts;
    const TruthRow* expected = join.Find(session);
    INFO(FormatIp(row.local_ip) << ":" << row.local_port << " " << row.process);
    REQUIRE(expected);
    CHECK(expected->process == row.process);
    CHECK(expected->pid == row.pid);
    agree += expected->process == row.process && expected->pid == row.pid;
  }
  CHECK(agree == truth.rows.size());
}
