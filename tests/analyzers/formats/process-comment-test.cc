#include "analyzers/formats/process-comment.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("ptcpdump's owner comment gives pid, command, arguments and the process name", "[analysis][pcapng]") {
  auto owner = ParseProcessComment("PID: 4321\nCmd: /usr/bin/curl\nArgs: curl -s http://10.0.0.2/");
  REQUIRE(owner);
  CHECK(owner->pid == 4321);
  CHECK(owner->command == "/usr/bin/curl");
  CHECK(owner->arguments == "curl -s http://10.0.0.2/");
  CHECK(owner->ProcessName() == "curl");
  auto windowsImage = ParseProcessComment("PID: 812\r\nCmd: chrome.exe\r\nArgs: ");
  REQUIRE(windowsImage);
  CHECK(windowsImage->ProcessName() == "chrome.exe");
  CHECK(windowsImage->arguments.empty());
}

TEST_CASE("comments that are not an owner comment are refused", "[analysis][pcapng]") {
  CHECK_FALSE(ParseProcessComment("ParentPID: 1\nParentCmd: /sbin/init\nParentArgs: init"));
  CHECK_FALSE(ParseProcessComment("ThreadId: 7\nThreadName: worker"));
  CHECK_FALSE(ParseProcessComment("PID: 0\nCmd: /bin/sh"));
  CHECK_FALSE(ParseProcessComment("PID: 4294967296\nCmd: /bin/sh"));
  CHECK_FALSE(ParseProcessComment("PID: 12x\nCmd: /bin/sh"));
  CHECK_FALSE(ParseProcessComment("PID: 12\nArgs: sh"));
  CHECK_FALSE(ParseProcessComment("PID: 12\nCmd: /usr/bin/"));
  CHECK_FALSE(ParseProcessComment("captured on the uplink"));
}

TEST_CASE("the first owner comment of a packet wins, after the others", "[analysis][pcapng]") {
  std::vector<std::string> comments{"ParentPID: 1\nParentCmd: /sbin/init\nParentArgs: init",
                                    "PID: 99\nCmd: /usr/bin/python3\nArgs: python3 loop.py", "PID: 5\nCmd: /bin/x"};
  auto owner = FindProcessComment(comments);
  REQUIRE(owner);
  CHECK(owner->pid == 99);
  CHECK(owner->ProcessName() == "python3");
  CHECK_FALSE(FindProcessComment({}));
}

TEST_CASE("a formatted owner comment reads back", "[analysis][pcapng]") {
  ProcessComment owner{812, "chrome.exe", "chrome.exe --type=renderer"};
  const std::string text = FormatProcessComment(owner);
  CHECK(text == "PID: 812\nCmd: chrome.exe\nArgs: chrome.exe --type=renderer");
  auto back = ParseProcessComment(text);
  REQUIRE(back);
  CHECK(back->pid == 812);
  CHECK(back->command == owner.command);
  CHECK(back->arguments == owner.arguments);
}
