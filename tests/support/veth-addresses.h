// Addresses for a test's veth pair. Each test process gets its own /30 (from its PID), so two
// checkouts' test runs on one machine (a build and a sanitizer build, say) never put the same
// prefix on two interfaces, where the kernel would route one test's packets into the other's veth.
#pragma once

#include <unistd.h>

#include <array>
#include <cstdint>
#include <string>

namespace ntlab::test_support {

struct VethAddresses {
  std::array<std::uint8_t, 4> near;
  std::array<std::uint8_t, 4> far;
  std::string Near() const { return Text(near); }
  std::string Far() const { return Text(far); }

  static std::string Text(const std::array<std::uint8_t, 4>& a) {
    return std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." + std::to_string(a[3]);
  }
};

/// 10.<second>.x.y/30 with x.y from this process's PID (16,384 subnets before two PIDs share one).
inline VethAddresses VethAddressesFor(std::uint8_t secondOctet) {
  const auto pid = static_cast<std::uint32_t>(::getpid());
  const auto third = static_cast<std::uint8_t>((pid >> 6) & 0xff);
  const auto base = static_cast<std::uint8_t>((pid & 0x3f) << 2);
  return {{10, secondOctet, third, static_cast<std::uint8_t>(base + 1)},
          {10, secondOctet, third, static_cast<std::uint8_t>(base + 2)}};
}

}  // namespace ntlab::test_support
