// The published QUIC client Initials (RFC 9001 Appendix A.2 for v1, RFC 9369 Appendix A.2 for v2),
// kept as hex under tests/data/quic/, and the plaintext they carry.
#pragma once

#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>
#include "tests/support/build-paths.h"

namespace ntlab::fixtures {

inline std::vector<std::uint8_t> FromHex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(std::uint8_t(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return out;
}

/// The bytes of tests/data/quic/<name>.hex ('#' lines are comments).
inline std::vector<std::uint8_t> QuicVector(const std::string& name) {
  std::ifstream in(std::string(NTLAB_SOURCE_DIR) + "/tests/data/quic/" + name + ".hex");
  if (!in) throw std::runtime_error("missing tests/data/quic/" + name + ".hex");
  std::string line, hex;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') hex += line;
  return FromHex(hex);
}

/// RFC 9001 A.2's CRYPTO frame (the same in RFC 9369): offset 0, 241 bytes of ClientHello for
/// example.com; the rest of the 1162-byte payload is PADDING.
inline std::vector<std::uint8_t> RfcCryptoFrame() {
  return FromHex(
      "060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868"
      "04fe3a47f06a2b69484c000004130113" "02010000c000000010000e00000b6578"
      "616d706c652e636f6dff01000100000a" "00080006001d00170018001000070005"
      "04616c706e0005000501000000000033" "00260024001d00209370b2c9caa47fba"
      "baf4559fedba753de171fa71f50f1ce1" "5d43e994ec74d748002b000302030400"
      "0d0010000e0403050306030203080408" "050806002d00020101001c0002400100"
      "3900320408ffffffffffffffff050480" "00ffff07048000ffff08011001048000"
      "75300901100f088394c8f03e51570806" "048000ffff");
}

inline const std::vector<std::uint8_t> kRfcDcid{0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08};

}  // namespace ntlab::fixtures
