// Runs a shell command from a test and returns its exit code and output: the end-to-end tests drive
// the real `ntlab` (and the regression runner) as a user would.
#pragma once

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>
#include "tests/support/build-paths.h"

namespace ntlab::test_support {

struct Outcome {
  int exit_code = -1;  // -1: killed by a signal (a crash)
  std::string output;  // what the command printed (stdout, and stderr where it redirects it)
};

inline Outcome RunShell(const std::string& command) {
  Outcome out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

#ifdef NTLAB_BINARY_DIR
/// `ntlab ARGS` from the build folder, stdout and stderr together.
inline Outcome Ntlab(const std::string& args) {
  return RunShell(std::string(NTLAB_BINARY_DIR) + "/ntlab " + args + " 2>&1");
}
#endif

}  // namespace ntlab::test_support
