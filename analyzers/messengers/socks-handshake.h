// The SOCKS handshake that opens a session through an IP relay (paper 004's bypass of the IP
// table): the client's request (SOCKS4, SOCKS4a, or SOCKS5 with its greeting and an optional
// username/password sub-negotiation) and the relay's replies. The recogniser strips both before
// the messenger grammars see the stream, so a relayed login reads like a direct one and the
// session remembers where the relay was asked to go.
//
// Each parse reads a whole prefix from the stream's start (a few hundred bytes at most) and says
// how long it is, that more bytes are needed, that the bytes are no SOCKS at all, or why they are
// a broken handshake.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace ntlab {

enum class SocksStatus : std::uint8_t { NotSocks, NeedMore, Complete, Broken };

struct SocksClientPrefix {
  SocksStatus status = SocksStatus::NotSocks;
  int version = 0;                 // 4 (4a included) or 5
  std::size_t length = 0;          // bytes of the client's handshake
  std::string target;              // "ip:port" or "host:port" (4a and 5 may name a host)
  std::optional<Endpoint> target_ipv4;  // when the request named an IPv4 address
  const char* reason = nullptr;    // when Broken
};

struct SocksServerPrefix {
  SocksStatus status = SocksStatus::NeedMore;
  std::size_t length = 0;    // bytes of the relay's replies
  bool granted = false;      // the relay connected to the target
  const char* reason = nullptr;
};

/// The client's side: NotSocks unless the first byte is 4 or 5 and the second fits the version.
SocksClientPrefix ParseSocksClientPrefix(const std::uint8_t* data, std::size_t size);
/// The relay's side, for the client's `version`.
SocksServerPrefix ParseSocksServerPrefix(int version, const std::uint8_t* data, std::size_t size);

}  // namespace ntlab
