// The rule every CSV layout of analyzers/formats keeps: what a reader accepted, its writer writes
// back in a form the reader reads again, and the second writing is byte-identical to the first.
// A value that survives one direction but not the other (a quote, a carriage return, a NUL) is a
// finding.
#pragma once

#include "tests/fuzz/fuzz-support.h"

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace ntlab::fuzz {

inline std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// `read(path)` returns the rows, `write(path, rows)` writes them; both through the format's pair.
template <typename Read, typename Write>
void CheckRoundTrip(const std::string& name, Read&& read, Write&& write) {
  const std::string first = Scratch::Dir() + "/first-" + name;
  const std::string second = Scratch::Dir() + "/second-" + name;
  write(first, read(Scratch::Dir() + "/" + name));
  bool reread = AcceptsOrRefuses([&] { write(second, read(first)); });
  NTLAB_FUZZ_CHECK(reread);  // the reader refused what its own writer wrote
  NTLAB_FUZZ_CHECK(ReadWhole(first) == ReadWhole(second));
}

/// The input as file `name`, read: nullopt when the reader refused it (InputError), else the rows,
/// once the round trip above held.
template <typename Read, typename Write>
auto ReadAndRoundTrip(const std::string& name, const std::uint8_t* data, std::size_t size, Read&& read, Write&& write)
    -> std::optional<decltype(read(name))> {
  const std::string path = Scratch::Write(name, data, size);
  std::optional<decltype(read(name))> rows;
  if (!AcceptsOrRefuses([&] { rows = read(path); })) return std::nullopt;
  CheckRoundTrip(name, read, write);
  return rows;
}

}  // namespace ntlab::fuzz
