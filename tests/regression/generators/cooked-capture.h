// Rewrites an Ethernet capture as `tcpdump -i any` on the monitored host would have written it:
// Linux cooked headers instead of Ethernet (SLL v1, 16 bytes; SLL2, 20 bytes), with the packet
// direction (sent by the host / to the host) that a cooked header carries. Timestamps and IP
// packets stay as they are, so labels of the cooked capture must equal those of the original.
// editcap can change a file's format and link-type field but cannot rewrite the link headers.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <filesystem>

namespace ntlab::regression {

enum class CookedHeader { Sll, Sll2 };

/// Throws std::runtime_error when `ethernet` cannot be read or is not an Ethernet capture.
void WriteCookedCapture(const std::filesystem::path& ethernet, Ipv4 hostIp, CookedHeader header,
                        const std::filesystem::path& out);

}  // namespace ntlab::regression
