// The hand-built inputs in the corpus are exactly what ntlab_regression_captures makes: rerun it
// into a scratch folder and compare byte for byte, so the generator stays their true record.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = NTLAB_REGRESSION_DIR;

fs::path Scratch(const std::string& name) {
  fs::path dir = fs::path(NTLAB_REGRESSION_WORK) / "generators" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void Generate(const std::string& args) {
  std::string command = std::string(NTLAB_REGRESSION_CAPTURES) + " " + args;
  REQUIRE(std::system(command.c_str()) == 0);
}

void RequireSameFile(const fs::path& made, const fs::path& committed) {
  INFO(made.string() + " vs " + committed.string());
  REQUIRE(fs::is_regular_file(committed));
  CHECK(ReadBytes(made) == ReadBytes(committed));
}

}  // namespace

TEST_CASE("generators: the trap inputs in the corpus are what the generator makes", "[analysis][regression]") {
  fs::path out = Scratch("traps");
  Generate("traps " + out.string());
  std::size_t files = 0;
  for (const auto& caseDir : fs::directory_iterator(out))
    for (const auto& file : fs::directory_iterator(caseDir.path())) {
      RequireSameFile(file.path(), kCorpus / caseDir.path().filename() / file.path().filename());
      ++files;
    }
  CHECK(files == 8 * 4);  // eight traps, each capture, socket log, events, truth
}

TEST_CASE("generators: the split ClientHello capture is what the generator makes", "[analysis][regression]") {
  fs::path out = Scratch("split");
  Generate("split-client-hello " + (out / "capture.pcap").string());
  RequireSameFile(out / "capture.pcap", kCorpus / "capture-split-client-hello" / "capture.pcap");
}

TEST_CASE("generators: the Linux cooked captures are the simulated capture re-headed", "[analysis][regression]") {
  fs::path out = Scratch("cooked");
  const fs::path cooked = kCorpus / "capture-linux-cooked";
  Generate("cooked " + (kCorpus / "sim-2host-60s" / "pcap" / "10.0.0.12_20250310T090000Z.pcap").string() +
           " 10.0.0.12 " + (out / "capture-sll.pcap").string() + " " + (out / "capture-sll2.pcap").string());
  RequireSameFile(out / "capture-sll.pcap", cooked / "capture-sll.pcap");
  RequireSameFile(out / "capture-sll2.pcap", cooked / "capture-sll2.pcap");
}

TEST_CASE("generators: the bad-packet captures are the corpus's captures with their packets broken",
          "[analysis][regression]") {
  fs::path out = Scratch("bad-packets");
  // The generator reads the originals from a corpus folder and writes beside them: give it the
  // originals it reads in a scratch corpus.
  for (const char* original :
       {"kraken-detection/pcap/10.0.0.11_20250310T090000Z.pcap", "sim-2host-60s/pcap/10.0.0.12_20250310T090000Z.pcap",
        "zeus-clustering/pcap/10.0.0.12_20250310T091000Z.pcap"}) {
    fs::create_directories((out / original).parent_path());
    fs::copy_file(kCorpus / original, out / original);
  }
  Generate("bad-packets " + out.string());
  for (const char* made :
       {"bad-packet-dns-answer/10.0.0.11_20250310T090000Z.pcap", "bad-packet-tls-ip/10.0.0.12_20250310T090000Z.pcap",
        "bad-packet-http-request/10.0.0.12_20250310T091000Z.pcap"})
    RequireSameFile(out / made, kCorpus / made);
}

TEST_CASE("generators: the domains case's capture and truth are what the generator makes", "[analysis][regression]") {
  fs::path out = Scratch("domains");
  Generate("domains " + out.string());
  RequireSameFile(out / "capture.pcap", kCorpus / "domains-cdn" / "capture.pcap");
  RequireSameFile(out / "expected-domains.csv", kCorpus / "domains-cdn" / "expected-domains.csv");
}

TEST_CASE("generators: the fragments capture is what the generator makes", "[analysis][regression]") {
  fs::path out = Scratch("fragments");
  Generate("fragments " + (out / "capture.pcap").string());
  RequireSameFile(out / "capture.pcap", kCorpus / "rewrite-fragments" / "capture.pcap");
}

TEST_CASE("generators: the messengers case's capture and roles are what the generator makes", "[analysis][regression]") {
  fs::path out = Scratch("messengers");
  Generate("messengers " + out.string());
  RequireSameFile(out / "capture.pcap", kCorpus / "messengers-login" / "capture.pcap");
  RequireSameFile(out / "messenger-roles.csv", kCorpus / "messengers-login" / "messenger-roles.csv");
}

TEST_CASE("generators: the IPv6 cases' inputs are what the generator makes", "[analysis][regression]") {
  fs::path out = Scratch("ipv6");
  Generate("ipv6 " + out.string());
  for (const char* file : {"capture.pcap", "socketlog.csv", "events.csv", "truth.csv", "expected-domains.csv"})
    RequireSameFile(out / file, kCorpus / "capture-ipv6" / file);
  Generate("ipv6-fragments " + (kCorpus / "capture-ipv6" / "capture.pcap").string() + " " + (out / "fragments.pcap").string());
  RequireSameFile(out / "fragments.pcap", kCorpus / "capture-ipv6-fragments" / "capture.pcap");
}

TEST_CASE("generators: the blocking case's capture, socket log and truth are what the generator makes", "[analysis][regression]") {
  fs::path out = Scratch("blocking");
  Generate("blocking " + out.string());
  for (const char* file : {"capture.pcap", "socketlog.csv", "events.csv", "truth.csv"})
    RequireSameFile(out / file, kCorpus / "blocking-bypasses" / file);
}

TEST_CASE("generators: the QUIC capture is what the generator makes", "[analysis][regression]") {
  fs::path out = Scratch("quic");
  Generate("quic " + (out / "capture.pcap").string());
  RequireSameFile(out / "capture.pcap", kCorpus / "capture-quic-sni" / "capture.pcap");
}

TEST_CASE("generators: the truncated capture is trap-sni-post's cut short", "[analysis][regression]") {
  fs::path out = Scratch("truncated");
  Generate("truncated " + (kCorpus / "trap-sni-post" / "capture.pcap").string() + " " + (out / "capture.pcap").string() +
           " 20");
  RequireSameFile(out / "capture.pcap", kCorpus / "capture-truncated-tail" / "capture.pcap");
}

TEST_CASE("generators: the PPPoE capture is trap-sni-post's in PPPoE sessions", "[analysis][regression]") {
  fs::path out = Scratch("pppoe");
  Generate("pppoe " + (kCorpus / "trap-sni-post" / "capture.pcap").string() + " " + (out / "capture.pcap").string());
  RequireSameFile(out / "capture.pcap", kCorpus / "capture-pppoe" / "capture.pcap");
}

TEST_CASE("generators: the pcapng comment captures are what the generator makes", "[analysis][regression]") {
  fs::path out = Scratch("comments");
  Generate("comments " + kCorpus.string() + " " + out.string());
  const fs::path committed = kCorpus / "capture-pcapng-comments";
  RequireSameFile(out / "loopback.pcapng", committed / "loopback.pcapng");
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(committed / "pcapng")) {
    RequireSameFile(out / "pcapng" / entry.path().filename(), entry.path());
    ++files;
  }
  CHECK(files == 2);
}
