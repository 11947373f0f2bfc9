// The output transaction of one command (atomic files themselves: records-test): a command that
// fails late leaves every output as it was before the call.
#include "analyzers/formats/atomic-file.h"

#include "analyzers/formats/basic-types.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
namespace fs = std::filesystem;

namespace {

std::string Folder(const std::string& name) {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-formats/" + name;
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

std::size_t Entries(const std::string& dir) {
  return std::distance(fs::directory_iterator(dir), fs::directory_iterator());
}

}  // namespace

TEST_CASE("output transaction: a command that fails late takes back what it wrote", "[analysis]") {
  const std::string dir = Folder("output-transaction");
  WriteFileAtomically(dir + "/labels.csv", "earlier labels\n");

  SECTION("rolled back: replaced files put back, new files and folders removed") {
    {
      OutputTransaction outputs;
      WriteFileAtomically(dir + "/labels.csv", "new labels\n");
      WriteFileAtomically(dir + "/labels.csv", "newer labels\n");  // twice in one call
      WriteFileAtomically(dir + "/metrics.json", "{}\n");
      outputs.CreateFolders(dir + "/zeus/deeper");
      WriteFileAtomically(dir + "/zeus/deeper/episodes.csv", "x\n");
      CHECK(ReadFile(dir + "/labels.csv") == "newer labels\n");
    }  // no Keep(): the command failed
    CHECK(ReadFile(dir + "/labels.csv") == "earlier labels\n");
    CHECK_FALSE(fs::exists(dir + "/metrics.json"));
    CHECK_FALSE(fs::exists(dir + "/zeus"));
    CHECK(Entries(dir) == 1);
  }

  SECTION("kept: the new files stay, nothing kept aside is left over") {
    OutputTransaction outputs;
    WriteFileAtomically(dir + "/labels.csv", "new labels\n");
    WriteFileAtomically(dir + "/metrics.json", "{}\n");
    outputs.Keep();
    CHECK(ReadFile(dir + "/labels.csv") == "new labels\n");
    CHECK(Entries(dir) == 2);
  }

  SECTION("one transaction at a time") {
    OutputTransaction outputs;
    CHECK_THROWS(OutputTransaction());
  }
}

TEST_CASE("output paths are checked before any work", "[analysis]") {
  const std::string dir = Folder("check-output");
  CHECK_NOTHROW(CheckOutputFile(dir + "/labels.csv"));
  CHECK_THROWS_WITH(CheckOutputFile(dir + "/missing/metrics.json"),
                    Catch::Contains("metrics.json: cannot write: folder") && Catch::Contains("does not exist"));
  CHECK_THROWS_WITH(CheckOutputFile(dir), Catch::Contains("is a folder"));
  std::ofstream(dir + "/file") << "x";
  CHECK_THROWS_WITH(CheckOutputFile(dir + "/file/m.json"), Catch::Contains("is not a folder"));
}
