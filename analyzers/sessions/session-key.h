// Identity of a session seen from the monitored host: protocol, the host's endpoint and the remote
// endpoint. Plain data with a hash so session tables need no string keys.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace ntlab {

struct SessionKey {
  Proto proto = Proto::Tcp;
  Endpoint host;
  Endpoint remote;

  bool operator==(const SessionKey& o) const {
    return proto == o.proto && host == o.host && remote == o.remote;
  }
  bool operator!=(const SessionKey& o) const { return !(*this == o); }
  bool operator<(const SessionKey& o) const {
    if (proto != o.proto) return proto < o.proto;
    if (host != o.host) return host < o.host;
    return remote < o.remote;
  }
};

/// An address with 32 bits of packed context (port, protocol, host id): the key of the tables
/// that used to pack an IPv4 address and its context into one 64-bit integer. Its hash is that
/// integer (IPv6 addresses folded), so IPv4 tables keep their layout.
struct AddressKey {
  IpAddress ip;
  std::uint32_t context = 0;
  bool operator==(const AddressKey& o) const { return ip == o.ip && context == o.context; }
  bool operator!=(const AddressKey& o) const { return !(*this == o); }
};

struct AddressKeyHash {
  std::size_t operator()(const AddressKey& k) const {
    return std::hash<std::uint64_t>()(std::uint64_t(k.ip.Fold32()) << 32 | k.context);
  }
};

struct SessionKeyHash {
  std::size_t operator()(const SessionKey& k) const {
    // splitmix64 over the packed fields: cheap and well mixed. IPv4 addresses enter as
    // themselves, IPv6 ones folded to 32 bits.
    std::uint64_t a = std::uint64_t(k.host.ip.Fold32()) << 32 | k.remote.ip.Fold32();
    std::uint64_t b = std::uint64_t(k.host.port) << 24 | std::uint64_t(k.remote.port) << 8 |
                      static_cast<std::uint8_t>(k.proto);
    std::uint64_t x = a ^ (b * 0x9e3779b97f4a7c15ULL);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<std::size_t>(x ^ (x >> 31));
  }
};

}  // namespace ntlab
