#include "scenarios/config/value-checks.h"

#include <utility>

namespace ntlab {
namespace {

constexpr std::pair<const char*, double> kRateUnits[] = {
    {"bps", 1},         {"b/s", 1},         {"Bps", 8},         {"B/s", 8},
    {"kbps", 1e3},      {"kb/s", 1e3},      {"Kbps", 1e3},      {"Kb/s", 1e3},
    {"kBps", 8e3},      {"kB/s", 8e3},      {"KBps", 8e3},      {"KB/s", 8e3},
    {"Kib/s", 1024.0},  {"KiB/s", 8192.0},  {"Mbps", 1e6},      {"Mb/s", 1e6},
    {"MBps", 8e6},      {"MB/s", 8e6},      {"Mib/s", 1048576.0}, {"MiB/s", 8 * 1048576.0},
    {"Gbps", 1e9},      {"Gb/s", 1e9},      {"GBps", 8e9},      {"GB/s", 8e9},
    {"Gib/s", 1073741824.0}, {"GiB/s", 8 * 1073741824.0},
};

/// Digits with at most one '.', at least one digit; the value in `number`.
bool ParsePlainDecimal(std::string_view text, double& number) {
  double whole = 0, scale = 1;
  bool dot = false, digit = false;
  for (char ch : text) {
    if (ch == '.') {
      if (dot) return false;
      dot = true;
    } else if (ch >= '0' && ch <= '9') {
      digit = true;
      if (dot) scale /= 10;
      whole = whole * 10 + (ch - '0');
    } else {
      return false;
    }
  }
  number = whole * scale;
  return digit;
}

}  // namespace

bool ParseDataRate(std::string_view text, double& bits_per_second) {
  std::size_t unitStart = text.find_first_not_of("0123456789.");
  double number = 0;
  if (!ParsePlainDecimal(text.substr(0, unitStart), number)) return false;
  if (unitStart == std::string_view::npos) {
    // ns-3 reads a bare number as whole bits/s: "1.5" would silently become 1.
    if (text.find('.') != std::string_view::npos) return false;
    bits_per_second = number;
    return true;
  }
  std::string_view unit = text.substr(unitStart);
  for (const auto& [name, scale] : kRateUnits)
    if (unit == name) {
      bits_per_second = number * scale;
      return true;
    }
  return false;
}

}  // namespace ntlab
