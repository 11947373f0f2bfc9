#include "analyzers/capture/pcap-file-writer.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>
#include <pcap/pcap.h>

#include <unistd.h>
#include <filesystem>

using namespace ntlab;
namespace fs = std::filesystem;

TEST_CASE("PcapFileWriter: records read back, the file appears only on Commit", "[analysis][capture]") {
  const fs::path dir = fs::temp_directory_path() / ("ntlab-pcap-file-writer-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "out.pcap").string();
  const std::uint8_t frame[4] = {1, 2, 3, 4};
  {
    PcapFileWriter abandoned(path, DLT_EN10MB, 65535);
    abandoned.Write(1741597200123456, 60, frame, 4);
  }
  CHECK(fs::is_empty(dir));  // neither the file nor its temporary
  {
    PcapFileWriter writer(path, DLT_LINUX_SLL, 262144);
    writer.Write(1741597200123456, 60, frame, 4);
    writer.Write(0, 4, frame, 4);
    CHECK_FALSE(fs::exists(path));
    writer.Commit();
  }
  char error[PCAP_ERRBUF_SIZE];
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> p(pcap_open_offline(path.c_str(), error), &pcap_close);
  REQUIRE(p);
  CHECK(pcap_datalink(p.get()) == DLT_LINUX_SLL);
  CHECK(pcap_snapshot(p.get()) == 262144);
  pcap_pkthdr* h;
  const u_char* d;
  REQUIRE(pcap_next_ex(p.get(), &h, &d) == 1);
  CHECK(h->ts.tv_sec == 1741597200);
  CHECK(h->ts.tv_usec == 123456);
  CHECK(h->len == 60);
  CHECK(h->caplen == 4);
  CHECK(d[3] == 4);
  REQUIRE(pcap_next_ex(p.get(), &h, &d) == 1);
  CHECK(h->ts.tv_sec == 0);
  CHECK(pcap_next_ex(p.get(), &h, &d) == PCAP_ERROR_BREAK);
  CHECK(ntlab::test_support::InputErrorOf([&] { PcapFileWriter(dir.string() + "/no/such/dir/x.pcap", DLT_EN10MB, 65535); })
            .find("cannot create file") != std::string::npos);
  fs::remove_all(dir);
}
