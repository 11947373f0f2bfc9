// The staging of a run folder: a run writes beside --out and replaces the earlier run only when
// promoted; what runs that died leave behind is tidied up (or put back) by the next run.
#include "experiments/pipeline/run-folder.h"

#include "analyzers/formats/basic-types.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>
#include "tests/support/build-paths.h"

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

std::string Folder(const std::string& name) {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-pipeline/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A finished run as the pipeline leaves it: some outputs and run.json.
void WriteRun(const fs::path& dir, const std::string& tag) {
  fs::create_directories(dir / "pcap");
  std::ofstream(dir / "labels.csv") << tag << " labels\n";
  std::ofstream(dir / "pcap" / "a.pcap") << tag << " capture\n";
  std::ofstream(dir / "run.json") << "{\"tag\": \"" << tag << "\"}\n";
}

std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("staged run folder: written beside --out, in place only once promoted", "[analysis][experiment]") {
  const std::string dir = Folder("run-folder");
  const std::string out = dir + "/run";
  std::vector<std::string> notes;
  auto note = [&](const std::string& n) { notes.push_back(n); };

  SECTION("a first run appears only when promoted") {
    StagedRunFolder folder(out + "/", note);  // a trailing slash names the same folder
    CHECK(folder.Out() == out);
    CHECK(folder.Staging() == out + ".partial-" + std::to_string(::getpid()));
    CHECK(fs::is_directory(folder.Staging()));
    CHECK_FALSE(fs::exists(out));
    WriteRun(folder.Staging(), "new");
    folder.Promote();
    CHECK(folder.Promoted());
    CHECK(ReadFile(out + "/labels.csv") == "new labels\n");
    CHECK(Entries(dir) == std::vector<std::string>{"run"});
    CHECK(notes.empty());
  }

  SECTION("a promoted run replaces the earlier one completely") {
    WriteRun(out, "old");
    std::ofstream(out + "/zeus_episodes.csv") << "only the old run had this\n";
    StagedRunFolder folder(out, note);
    WriteRun(folder.Staging(), "new");
    CHECK(ReadFile(out + "/labels.csv") == "old labels\n");  // untouched while the new run is written
    folder.Promote();
    CHECK(ReadFile(out + "/labels.csv") == "new labels\n");
    CHECK(ReadFile(out + "/pcap/a.pcap") == "new capture\n");
    CHECK_FALSE(fs::exists(out + "/zeus_episodes.csv"));
    CHECK(Entries(dir) == std::vector<std::string>{"run"});
  }

  SECTION("a run that is not promoted leaves the earlier run and its own partial folder") {
    WriteRun(out, "old");
    std::string staging;
    {
      StagedRunFolder folder(out, note);
      staging = folder.Staging();
      WriteRun(staging, "failed");
    }
    CHECK(ReadFile(out + "/labels.csv") == "old labels\n");
    CHECK(ReadFile(staging + "/labels.csv") == "failed labels\n");

    // The next run into --out removes the dead partial folder, and says so.
    StagedRunFolder next(out, note);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find("removed " + staging) != std::string::npos);
    CHECK(fs::is_directory(next.Staging()));
  }

  SECTION("a partial folder another process is writing is left alone") {
    const std::string busy = out + ".partial-999999";
    fs::create_directories(busy);
    int fd = ::open(busy.c_str(), O_RDONLY | O_DIRECTORY);
    REQUIRE(::flock(fd, LOCK_EX) == 0);
    fs::create_directories(out + ".partial-final");  // another run's folder, not a staging one
    { StagedRunFolder folder(out, note); }
    CHECK(fs::exists(busy));
    CHECK(fs::exists(out + ".partial-final"));
    CHECK(notes.empty());
    ::close(fd);
  }

  SECTION("an earlier run set aside by a promotion that died is put back") {
    WriteRun(out + ".replaced-999999", "old");
    WriteRun(out + ".partial-999999", "new");
    StagedRunFolder folder(out, note);
    CHECK(ReadFile(out + "/labels.csv") == "old labels\n");
    CHECK_FALSE(fs::exists(out + ".replaced-999999"));
    CHECK_FALSE(fs::exists(out + ".partial-999999"));
    CHECK(notes.size() == 2);
  }

  SECTION("an earlier run set aside after the new one took its place is removed") {
    WriteRun(out, "new");
    WriteRun(out + ".replaced-999999", "old");
    StagedRunFolder folder(out, note);
    CHECK(ReadFile(out + "/labels.csv") == "new labels\n");
    CHECK_FALSE(fs::exists(out + ".replaced-999999"));
  }

  SECTION("a folder that is not a run, or no folder at all, is refused before anything is written") {
    fs::create_directories(dir + "/mine");
    std::ofstream(dir + "/mine/notes.txt") << "mine\n";
    CHECK_THROWS_AS(StagedRunFolder(dir + "/mine", note), InputError);
    std::ofstream(dir + "/file") << "x\n";
    CHECK_THROWS_AS(StagedRunFolder(dir + "/file", note), InputError);
    CHECK_THROWS_AS(StagedRunFolder(dir + "/..", note), InputError);
    CHECK(Entries(dir) == (std::vector<std::string>{"file", "mine"}));
  }
}
