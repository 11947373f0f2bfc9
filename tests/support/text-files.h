// Small files for the format tests: write a text, read one back, and the InputError a reader raises.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include "tests/support/build-paths.h"

namespace ntlab::test_support {

/// A scratch file of the running test case, in the build folder. ctest runs each case in a process
/// of its own, in parallel: two cases that both chose "hosts.csv" once overwrote each other's file.
inline std::string TempPath(const std::string& name) {
  std::string test = Catch::getResultCapture().getCurrentTestName();
  for (char& c : test)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
  return std::string(NTLAB_BINARY_DIR) + "/test-" + test.substr(0, 80) + "-" + name;
}

inline void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string ReadText(const std::string& path) {
  std::ostringstream text;
  text << std::ifstream(path, std::ios::binary).rdbuf();
  return text.str();
}

/// The message of the InputError `read` raises, or "" when it raises none.
inline std::string InputErrorOf(const std::function<void()>& read) {
  try {
    read();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace ntlab::test_support
