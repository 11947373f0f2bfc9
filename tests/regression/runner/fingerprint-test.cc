// The fingerprint of a case's outputs: sha256sum's format, files found under folders, sorted.
#include "tests/regression/runner/case-runner.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace ntlab::regression;

TEST_CASE("fingerprint: sha256sum lines for files and folders, sorted", "[analysis][regression]") {
  fs::path root = fs::path(NTLAB_REGRESSION_WORK) / "fingerprint";
  fs::remove_all(root);
  fs::create_directories(root / "pcap");
  std::ofstream(root / "pcap" / "b.pcap") << "abc";
  std::ofstream(root / "pcap" / "a.pcap") << "";
  std::ofstream(root / "labels.csv") << "abc";
  const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  const std::string empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  CHECK(FingerprintText(root, {"pcap", "labels.csv"}) ==
        abc + "  labels.csv\n" + empty + "  pcap/a.pcap\n" + abc + "  pcap/b.pcap\n");
  CHECK_THROWS(FingerprintText(root, {"missing"}));
}
