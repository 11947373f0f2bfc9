#include "traffic-gen/payload/ssh-payload.h"

#include <catch2/catch.hpp>

#include <string>

using namespace ntlab::payload;

TEST_CASE("SSH banner and binary packet framing", "[analysis][payload][ssh]") {
  Bytes banner = BuildSshBanner("OpenSSH_for_Windows_8.1");
  CHECK(std::string(banner.begin(), banner.end()) == "SSH-2.0-OpenSSH_for_Windows_8.1\r\n");

  for (size_t want : {size_t(1), size_t(36), size_t(100), size_t(1500), size_t(32768)}) {
    Bytes p = BuildSshBinaryPacket(want, want * 7);
    CHECK(p.size() == RoundSshPacketLength(want));
    CHECK(p.size() >= want);
    CHECK(p.size() % 16 == 0);
    uint32_t packet_length = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) |
                             (uint32_t(p[2]) << 8) | p[3];
    CHECK(packet_length + 4 == p.size());
    CHECK(p[4] >= 4);
    CHECK(p[4] < packet_length);
  }
  CHECK(BuildSshBinaryPacket(200, 1) == BuildSshBinaryPacket(200, 1));
  CHECK(BuildSshBinaryPacket(200, 1) != BuildSshBinaryPacket(200, 2));
}
