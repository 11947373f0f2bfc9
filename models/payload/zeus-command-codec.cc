#include "models/payload/zeus-command-codec.h"

#include "models/payload/split-mix64.h"

#include <algorithm>

namespace ns3
{

namespace
{
constexpr size_t kSaltLength = 20;
// Plaintext: magic (2), behaviour (1), episode (4, little-endian), then padding.
constexpr uint8_t kMagic0 = 'Z';
constexpr uint8_t kMagic1 = 'S';
constexpr size_t kPlainHeader = 7;

uint64_t
KeyHash(const std::string& key)
{
    // FNV-1a: only needs to turn the key string into a keystream seed.
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : key)
    {
        h = (h ^ c) * 1099511628211ULL;
    }
    return h;
}

uint64_t
SaltSeed(const uint8_t* salt)
{
    uint64_t s = 0;
    for (size_t i = 0; i < 8; ++i)
    {
        s = (s << 8) | salt[i];
    }
    return s;
}

void
ApplyKeystream(uint8_t* data, size_t n, const std::string& key, const uint8_t* salt)
{
    // A per-message salt makes equal commands encrypt to different bytes, as RC4 with a fresh
    // storage header does on the wire.
    std::vector<uint8_t> stream(n);
    ntlab::payload::SplitMix64(ntlab::payload::DeriveSeed(KeyHash(key), SaltSeed(salt)))
        .Fill(stream.data(), n);
    for (size_t i = 0; i < n; ++i)
    {
        data[i] ^= stream[i];
    }
}
} // namespace

const char*
ToString(ZeusBehaviour behaviour)
{
    switch (behaviour)
    {
    case ZeusBehaviour::CookieTheft:
        return "cookie_theft";
    case ZeusBehaviour::HomepageSet:
        return "homepage_set";
    case ZeusBehaviour::OsShutdown:
        return "os_shutdown";
    case ZeusBehaviour::FormGrab:
        return "form_grab";
    case ZeusBehaviour::Screenshot:
        return "screenshot";
    case ZeusBehaviour::FileDownload:
        return "file_download";
    case ZeusBehaviour::None:
        break;
    }
    return "none";
}

std::vector<uint8_t>
ZeusCommandCodec::Encode(const ZeusCommand& command,
                         size_t bodyLength,
                         const std::string& key,
                         uint64_t seed)
{
    size_t n = std::max(bodyLength, kMinBodyLength);
    std::vector<uint8_t> body(n);
    ntlab::payload::SplitMix64(seed).Fill(body.data(), n);
    uint8_t* plain = body.data() + kSaltLength;
    plain[0] = kMagic0;
    plain[1] = kMagic1;
    plain[2] = static_cast<uint8_t>(command.behaviour);
    for (int i = 0; i < 4; ++i)
    {
        plain[3 + i] = static_cast<uint8_t>(command.episode >> (8 * i));
    }
    ApplyKeystream(plain, n - kSaltLength, key, body.data());
    return body;
}

std::optional<ZeusCommand>
ZeusCommandCodec::Decode(const uint8_t* body, size_t size, const std::string& key)
{
    if (size < kMinBodyLength)
    {
        return std::nullopt;
    }
    uint8_t plain[kPlainHeader];
    std::copy(body + kSaltLength, body + kSaltLength + kPlainHeader, plain);
    ApplyKeystream(plain, kPlainHeader, key, body);
    if (plain[0] != kMagic0 || plain[1] != kMagic1 || plain[2] > uint8_t(ZeusBehaviour::FileDownload))
    {
        return std::nullopt;
    }
    ZeusCommand command;
    command.behaviour = static_cast<ZeusBehaviour>(plain[2]);
    for (int i = 0; i < 4; ++i)
    {
        command.episode |= uint32_t(plain[3 + i]) << (8 * i);
    }
    return command;
}

} // namespace ns3
