#include "models/payload/buddybuddy-payload.h"

#include <algorithm>
#include <array>
#include <utility>

namespace ntlab::payload {
namespace {

constexpr std::array<std::pair<BuddyType, const char*>, 18> kNames = {{
    {BuddyType::Login, "LOGIN"},         {BuddyType::Alive, "ALIVE"},
    {BuddyType::Buddies, "BUDDIES"},     {BuddyType::Chat, "CHAT"},
    {BuddyType::FileSend, "FILE_SEND"},  {BuddyType::FileData, "FILE_DATA"},
    {BuddyType::FileReceived, "FILE_RECEIVED"},
    {BuddyType::LoginOk, "LOGIN_OK"},    {BuddyType::LoginFail, "LOGIN_FAIL"},
    {BuddyType::AliveOk, "ALIVE_OK"},    {BuddyType::BuddyList, "BUDDY_LIST"},
    {BuddyType::Presence, "PRESENCE"},   {BuddyType::ChatAck, "CHAT_ACK"},
    {BuddyType::ChatFrom, "CHAT_FROM"},  {BuddyType::FileAck, "FILE_ACK"},
    {BuddyType::FileOffer, "FILE_OFFER"}, {BuddyType::FileDataFrom, "FILE_DATA_FROM"},
    {BuddyType::FileDone, "FILE_DONE"},
}};

}  // namespace

const char* BuddyTypeName(std::uint8_t type) {
  for (const auto& [t, name] : kNames)
    if (static_cast<std::uint8_t>(t) == type) return name;
  return nullptr;
}

std::optional<BuddyType> BuddyTypeFromName(const std::string& name) {
  for (const auto& [t, n] : kNames)
    if (name == n) return t;
  return std::nullopt;
}

Bytes BuildBuddyFrame(BuddyType type, std::uint16_t sequence, const Bytes& body) {
  const std::size_t length = std::min(body.size(), kBuddyMaxBody);
  Bytes frame = {kBuddyMagic0,
                 kBuddyMagic1,
                 static_cast<std::uint8_t>(type),
                 std::uint8_t(sequence >> 8),
                 std::uint8_t(sequence & 0xff),
                 0,  // reserved
                 std::uint8_t(length >> 8),
                 std::uint8_t(length & 0xff)};
  frame.insert(frame.end(), body.begin(), body.begin() + std::ptrdiff_t(length));
  return frame;
}

Bytes BuddyFields(const std::vector<std::string>& fields) {
  Bytes body;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) body.push_back(0);
    body.insert(body.end(), fields[i].begin(), fields[i].end());
  }
  return body;
}

std::vector<std::string> SplitBuddyFields(const Bytes& body) {
  std::vector<std::string> fields(1);
  for (std::uint8_t b : body) {
    if (b == 0) fields.emplace_back();
    else fields.back().push_back(char(b));
  }
  return fields;
}

Bytes BuddyFileData(std::uint32_t transferId, std::size_t size) {
  Bytes body = {std::uint8_t(transferId >> 24), std::uint8_t(transferId >> 16), std::uint8_t(transferId >> 8),
                std::uint8_t(transferId)};
  for (std::size_t i = 0; i < size; ++i) body.push_back(std::uint8_t('a' + i % 26));
  return body;
}

std::optional<BuddyFrame> ParseBuddyFrame(const std::uint8_t* data, std::size_t size, std::size_t& length) {
  if (size < kBuddyHeaderSize) return std::nullopt;
  const std::size_t bodyLength = std::size_t(data[6]) << 8 | data[7];
  BuddyFrame frame;
  length = kBuddyHeaderSize + bodyLength;
  if (bodyLength > kBuddyMaxBody) return frame;  // type 0: not a frame the models write
  if (size < length) return std::nullopt;
  frame.type = data[2];
  frame.sequence = std::uint16_t(data[3] << 8 | data[4]);
  frame.body.assign(data + kBuddyHeaderSize, data + length);
  return frame;
}

}  // namespace ntlab::payload
