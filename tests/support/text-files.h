// Small files for the format tests: write a text, read one back, and the InputError a reader raises.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace ntlab::test_support {

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
