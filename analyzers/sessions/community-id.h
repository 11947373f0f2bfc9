// Community ID v1 flow hash (https://github.com/corelight/community-id-spec): a value other tools
// (Zeek, Suricata, Wireshark) compute for the same flow, so labels join with their logs.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <string>

namespace ntlab {

class CommunityId {
 public:
  /// "1:" + base64(sha1(seed, ordered addresses, proto, 0, ordered ports)). Direction-free.
  static std::string Compute(Proto proto, Endpoint a, Endpoint b, std::uint16_t seed = 0);
};

}  // namespace ntlab
