#include "analyzers/formats/text-rules.h"

#include "analyzers/formats/basic-types.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("EscapeForMessage escapes control characters and bytes that are not UTF-8, once", "[analysis][formats]") {
  CHECK(EscapeForMessage("socketlog.csv:3: column 'process': 'a\rb'") ==
        "socketlog.csv:3: column 'process': 'a\\x0db'");
  CHECK(EscapeForMessage(std::string("nul\0here", 8)) == "nul\\x00here");
  CHECK(EscapeForMessage("tab\tbell\a del\x7f esc\x1b[2J") == "tab\\x09bell\\x07 del\\x7f esc\\x1b[2J");
  CHECK(EscapeForMessage("caf\xc3\xa9 \xe2\x82\xac") == "caf\xc3\xa9 \xe2\x82\xac");  // UTF-8 stays
  CHECK(EscapeForMessage("C1 \xc2\x9b") == "C1 \\xc2\\x9b");                          // CSI, a C1 control
  CHECK(EscapeForMessage("latin1 caf\xe9!") == "latin1 caf\\xe9!");                   // not UTF-8
  CHECK(EscapeForMessage("cut \xe2\x82") == "cut \\xe2\\x82");                        // ends inside a character
  CHECK(EscapeForMessage("cut \xe2\x82x") == "cut \\xe2\\x82x");                      // ... then goes on
  CHECK(EscapeForMessage("overlong \xc0\xaf surrogate \xed\xa0\x80") ==
        "overlong \\xc0\\xaf surrogate \\xed\\xa0\\x80");
  CHECK(EscapeForMessage("back\\slash") == "back\\slash");
  for (std::string text : {std::string("a\r\n\x1b\xff\xc2\x9b\\x0d"), std::string("plain")})
    CHECK(EscapeForMessage(EscapeForMessage(text)) == EscapeForMessage(text));
}

TEST_CASE("every InputError message goes through EscapeForMessage", "[analysis][formats]") {
  InputError error("events.csv:2: column 'process': '\x1b]0;owned\a'");
  CHECK(std::string(error.what()) == "events.csv:2: column 'process': '\\x1b]0;owned\\x07'");
}

TEST_CASE("EscapePacketText keeps printable ASCII only, reversibly", "[analysis][formats]") {
  CHECK(EscapePacketText("www.example.com") == "www.example.com");
  CHECK(EscapePacketText("a b\\c") == "a b\\x5cc");
  CHECK(EscapePacketText(std::string("\0\r\n\x7f\xc3\xa9", 6)) == "\\x00\\x0d\\x0a\\x7f\\xc3\\xa9");
}

TEST_CASE("TextRuleViolation: UTF-8, no control character, not too long", "[analysis][formats]") {
  CHECK(TextRuleViolation("chrome.exe").empty());
  CHECK(TextRuleViolation("Bücher.exe").empty());
  CHECK(TextRuleViolation(std::string("chr\0me.exe", 10)) == "has a NUL byte (\\x00)");
  CHECK(TextRuleViolation("a\rb") == "has the control character \\x0d");
  CHECK(TextRuleViolation("a\tb") == "has the control character \\x09");
  CHECK(TextRuleViolation("a\xc2\x85") == "has the control character U+0085");
  CHECK(TextRuleViolation("caf\xe9!") == "is not UTF-8 (byte \\xe9)");
  CHECK(TextRuleViolation("\xff") == "is not UTF-8 (byte \\xff)");
  CHECK(TextRuleViolation("caf\xc3") == "is not UTF-8 (byte \\xc3 at the end)");
  CHECK(TextRuleViolation(std::string(kMaxFieldBytes, 'a')).empty());
  CHECK(TextRuleViolation(std::string(kMaxFieldBytes + 1, 'a')) == "is longer than 4096 bytes");
}

TEST_CASE("QuoteForMessage quotes, escapes and cuts long values", "[analysis][formats]") {
  CHECK(QuoteForMessage("99999") == "'99999'");
  CHECK(QuoteForMessage("a\rb") == "'a\\x0db'");
  CHECK(QuoteForMessage(std::string(100, 'x')) == "'" + std::string(64, 'x') + "...' (100 bytes)");
}
