// The live-process lab (experiments/collection/livelab.py) on the real kernel: a few seconds of
// real curl, Python and DNS clients in a namespace, `ntlab capture` and `ntlab socketlog` beside
// them, labelled and graded. Root only (CI runs as root); the test checks the outputs, that every
// truth socket is in a graded session, that the namespaces and processes are gone after a normal
// end and after SIGTERM, and that without root it stops with exit 2 and says why.
#include "tests/support/command-outcome.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include "tests/support/build-paths.h"

using namespace ntlab::test_support;
namespace fs = std::filesystem;

namespace {

const std::string kScript = std::string(NTLAB_SOURCE_DIR) + "/experiments/collection/livelab.py";
const std::string kNtlab = std::string(NTLAB_BINARY_DIR) + "/ntlab";

/// What the run with this PID may leave behind: its namespaces, and processes whose command line
/// names its scratch folder (the servers are started with it).
int LeftoversOf(pid_t pid) {
  int left = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/run/netns", ec))
    left += entry.path().filename().string().rfind("ntlab-" + std::to_string(pid) + "-", 0) == 0;
  const std::string scratch = "ntlab-livelab-" + std::to_string(pid) + "-";
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    std::ifstream in(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), {});
    left += cmdline.find(scratch) != std::string::npos;
  }
  return left;
}

/// Starts the lab in the background; returns its PID (the namespaces and the scratch folder carry it).
pid_t StartLab(const fs::path& out, const std::string& seconds) {
  const std::string stem = out.string();
  REQUIRE(RunShell("(python3 " + kScript + " " + kNtlab + " --seconds " + seconds + " --intervals 10ms,500ms --out " +
                   stem + " > " + stem + ".log 2>&1 & echo $! > " + stem + ".pid; wait $!; echo $? > " + stem +
                   ".rc) > /dev/null 2>&1 &")
              .exit_code == 0);
  for (int i = 0; i < 50; ++i, std::this_thread::sleep_for(std::chrono::milliseconds(100))) {
    pid_t lab = 0;
    if (std::ifstream(stem + ".pid") >> lab) return lab;
  }
  FAIL("the lab did not start");
  return 0;
}

int WaitForExit(const fs::path& out, int seconds) {
  for (int i = 0; i < seconds * 10; ++i, std::this_thread::sleep_for(std::chrono::milliseconds(100))) {
    std::ifstream rc(out.string() + ".rc");
    int code = -1;
    if (rc >> code) return code;
  }
  return -1;
}

void RemoveRun(const fs::path& out) {
  fs::remove_all(out);
  for (const char* ext : {".pid", ".log", ".rc"}) fs::remove(out.string() + ext);
}

}  // namespace

TEST_CASE("livelab: real clients labelled and graded per poll interval, lab removed", "[analysis][kernel][livelab][e2e][slow]") {
  if (::geteuid() != 0) {
    WARN("skipped: the live-process lab needs root (network namespaces); CI runs as root");
    return;
  }
  const fs::path out = fs::temp_directory_path() / ("ntlab-livelab-test-" + std::to_string(::getpid()));
  RemoveRun(out);
  const pid_t lab = StartLab(out, "2");
  REQUIRE(WaitForExit(out, 120) == 0);
  CHECK(LeftoversOf(lab) == 0);
  const auto metrics = nlohmann::json::parse(std::ifstream(out / "metrics.json"));
  const int truth = metrics["truth_sockets"];
  CHECK(truth >= 10);
  CHECK(metrics["capture"]["kernel_dropped"] == 0);
  for (const char* interval : {"10ms", "500ms"})
    for (const char* engine : {"paper", "ntlab"}) {
      const auto& m = metrics["intervals"][interval]["engines"][engine];
      int graded = 0;
      for (const auto& [owner, counts] : m["by_truth_process"].items())
        if (owner != "(no truth row)") graded += counts["sessions"].get<int>();
      // Every socket the launcher saw opened is in one session of the capture. Two DNS lookups whose
      // ephemeral ports happen to be the same within the UDP idle timeout are one session, so a
      // few truth rows may share one (3 of 495 lookups in 120 s); none is lost.
      CHECK(graded <= truth);
      CHECK(graded * 100 >= truth * 95);
      CHECK(m["matched"].get<int>() <= m["sessions_monitored"].get<int>());
    }
  for (const char* owner : {"curl", "pyweb", "pydns"})
    CHECK(metrics["intervals"]["10ms"]["engines"]["paper"]["by_truth_process"].contains(owner));
  CHECK(fs::exists(out / "report.md"));
  CHECK(fs::exists(out / "truth.csv"));
  RemoveRun(out);
}

TEST_CASE("livelab: SIGTERM mid-run removes the namespaces and the processes", "[analysis][kernel][livelab][e2e]") {
  if (::geteuid() != 0) {
    WARN("skipped: the live-process lab needs root (network namespaces); CI runs as root");
    return;
  }
  const fs::path out = fs::temp_directory_path() / ("ntlab-livelab-term-" + std::to_string(::getpid()));
  RemoveRun(out);
  const pid_t lab = StartLab(out, "30");
  // Until the lab is up: both namespaces and the two servers started with the scratch folder.
  for (int i = 0; i < 100 && LeftoversOf(lab) < 4; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(LeftoversOf(lab) >= 4);  // two namespaces and the servers
  REQUIRE(::kill(lab, SIGTERM) == 0);
  CHECK(WaitForExit(out, 30) == 143);
  CHECK(LeftoversOf(lab) == 0);
  RemoveRun(out);
}

TEST_CASE("livelab: without root it stops at once with exit 2 and says root is needed", "[analysis][livelab]") {
  std::string asOrdinaryUser = "python3";  // a test run by an ordinary user is one already
  if (::geteuid() == 0) {
    if (!fs::exists("/usr/bin/setpriv") || !fs::exists("/usr/bin/python3")) {
      WARN("skipped: as root this needs setpriv and /usr/bin/python3 to run as an ordinary user");
      return;
    }
    asOrdinaryUser = "setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3";
  }
  auto outcome = RunShell(asOrdinaryUser + " " + kScript + " " + kNtlab +
                          " --seconds 1 --out /tmp/ntlab-livelab-nobody 2>&1");
  CHECK(outcome.exit_code == 2);
  CHECK_THAT(outcome.output, Catch::Contains("needs root (network namespaces)"));
  CHECK_FALSE(fs::exists("/tmp/ntlab-livelab-nobody"));
}
