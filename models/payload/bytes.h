#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_BYTES_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_BYTES_H

// The one byte-buffer type the payload builders hand out. Kept in its own header so ns-3 code and
// analyzer fixtures can name it without pulling in any protocol builder.

#include <cstdint>
#include <vector>

namespace ntlab::payload {

using Bytes = std::vector<uint8_t>;

}  // namespace ntlab::payload

#endif
