// Determinism checks of whole run folders: two runs of one scenario and seed must write the same
// bytes, file for file.
#pragma once

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <cstddef>
#include <filesystem>
#include <string>

namespace ntlab::test_support {

/// Checks that every file of run folder `a` exists in `b` with the same bytes, except run.json
/// (it holds wall time); returns how many files were compared.
inline std::size_t CheckSameRunFiles(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  std::size_t compared = 0;
  for (const auto& entry : fs::recursive_directory_iterator(a)) {
    if (!entry.is_regular_file() || entry.path().filename() == "run.json") continue;
    const fs::path other = fs::path(b) / fs::relative(entry.path(), a);
    INFO(entry.path());
    REQUIRE(fs::exists(other));
    CHECK(ReadText(entry.path().string()) == ReadText(other.string()));
    ++compared;
  }
  return compared;
}

}  // namespace ntlab::test_support
