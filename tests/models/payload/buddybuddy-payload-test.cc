#include "models/payload/buddybuddy-payload.h"

#include <catch2/catch.hpp>

using namespace ntlab::payload;

TEST_CASE("buddybuddy payload: a frame parses back to its type, sequence and fields", "[analysis][payload][buddybuddy]") {
  const Bytes frame = BuildBuddyFrame(BuddyType::Chat, 513, BuddyFields({"dave@buddybuddy.com", "hi there"}));
  REQUIRE(frame.size() == kBuddyHeaderSize + 28);
  CHECK(frame[0] == 0xBB);
  CHECK(frame[1] == 0x42);
  CHECK(frame[5] == 0);
  std::size_t length = 0;
  CHECK_FALSE(ParseBuddyFrame(frame.data(), frame.size() - 1, length));  // the body is not all there
  auto parsed = ParseBuddyFrame(frame.data(), frame.size(), length);
  REQUIRE(parsed);
  CHECK(length == frame.size());
  CHECK(parsed->type == 0x10);
  CHECK(parsed->sequence == 513);
  CHECK(SplitBuddyFields(parsed->body) == std::vector<std::string>{"dave@buddybuddy.com", "hi there"});
  CHECK(std::string(BuddyTypeName(parsed->type)) == "CHAT");
  CHECK(BuddyTypeFromName("FILE_DONE") == BuddyType::FileDone);
  CHECK(BuddyTypeName(0x7f) == nullptr);
}

TEST_CASE("buddybuddy payload: file data carries its transfer id, an oversized length is flagged",
          "[analysis][payload][buddybuddy]") {
  const Bytes data = BuddyFileData(0x01020304, 10);
  REQUIRE(data.size() == 14);
  CHECK(data[0] == 1);
  CHECK(data[3] == 4);
  const Bytes big = {0xBB, 0x42, 0x21, 0, 1, 0, 0xff, 0xff};
  std::size_t length = 0;
  auto parsed = ParseBuddyFrame(big.data(), big.size(), length);
  REQUIRE(parsed);
  CHECK(parsed->type == 0);  // longer than kBuddyMaxBody: no frame the models write
}
