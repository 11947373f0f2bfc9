// The command a simulated Zeus C&C hands its bots in the body of the gate.php reply, and the
// bytes it travels in. The body looks like a ZeuS 2.x BinStorage blob on the wire: 20 random
// bytes first (the storage header starts with 20 random bytes, Visgean/Zeus
// source/common/binstorage.h), then uniformly random-looking ciphertext. Real Zeus encrypts with
// RC4; a SplitMix64 keystream stands in for it because the analysis never decrypts and both give
// uniform bytes of the plaintext's length. Plain C++ (no ns-3) so both ends share one codec.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3 {

/// Behaviours a Zeus operator can command (ZeuS 2.x script commands user_cookies_get,
/// user_homepage_set, os_shutdown; see docs/botnets.md). None: the poll carried no command.
/// The last three are not in paper 002 (issue 15): form grabbing (the HTTP form grabber's
/// reports), screenshot upload and file download (a user_execute-style fetch), switched on only
/// by the C&C's FormGrab/Screenshot/FileDownload weights.
enum class ZeusBehaviour : uint8_t
{
    None = 0,
    CookieTheft = 1,
    HomepageSet = 2,
    OsShutdown = 3,
    FormGrab = 4,
    Screenshot = 5,
    FileDownload = 6,
};

/// "none", "cookie_theft", "homepage_set", "os_shutdown", "form_grab", "screenshot",
/// "file_download" (the names in truth files).
const char* ToString(ZeusBehaviour behaviour);

struct ZeusCommand
{
    ZeusBehaviour behaviour = ZeusBehaviour::None;
    uint32_t episode = 0;  ///< the C&C's episode id (0 without a command)
};

class ZeusCommandCodec
{
  public:
    /// Smallest body: the 48-byte BinStorage header size (binstorage.h), which also holds the
    /// salt and the encrypted command.
    static constexpr size_t kMinBodyLength = 48;

    /// A body of max(bodyLength, kMinBodyLength) bytes carrying `command`, encrypted with `key`;
    /// `seed` fixes the salt and padding so runs are reproducible.
    static std::vector<uint8_t> Encode(const ZeusCommand& command,
                                       size_t bodyLength,
                                       const std::string& key,
                                       uint64_t seed);
    /// The command in a body made by Encode with the same key; nullopt for other bytes (wrong
    /// key, truncated body).
    static std::optional<ZeusCommand> Decode(const uint8_t* body, size_t size, const std::string& key);
};

} // namespace ns3
