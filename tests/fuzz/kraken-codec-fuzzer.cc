// The Kraken port-447 codec (models/payload/kraken-protocol.h): the message header and its
// encrypted body, and the plain bodies (IP list, key=value fields, module offer, registration),
// each decoder on the input as it comes. Besides not crashing, every exact decoder must give
// back its input when its result is encoded again, and the fields decoder only keys it can write.
#include "models/payload/kraken-protocol.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab::payload;
  const Bytes input(data, data + size);  // exact size: overreads show in ASan
  for (std::uint64_t key : {kKrakenDefaultKey, std::uint64_t(0)}) {
    if (auto message = DecodeKrakenMessage(input.data(), input.size(), key)) {
      NTLAB_FUZZ_CHECK(EncodeKrakenMessage(*message, key) == input);
      NTLAB_FUZZ_CHECK(message->body.size() + kKrakenHeaderLength == input.size());
      if (auto module = KrakenRegistrationModule(message->body)) NTLAB_FUZZ_CHECK(message->body.size() >= 3);
    }
  }
  if (auto peers = DecodeKrakenIpList(input)) NTLAB_FUZZ_CHECK(EncodeKrakenIpList(*peers) == input);
  if (auto offer = DecodeKrakenModuleOffer(input)) NTLAB_FUZZ_CHECK(EncodeKrakenModuleOffer(*offer) == input);
  if (auto fields = DecodeKrakenFields(input)) {
    for (const auto& [k, v] : *fields) {
      NTLAB_FUZZ_CHECK(!k.empty() && k.find_first_of("=\n") == std::string::npos);
      NTLAB_FUZZ_CHECK(v.find('\n') == std::string::npos);
    }
    NTLAB_FUZZ_CHECK(DecodeKrakenFields(EncodeKrakenFields(*fields)) == fields);
  }
  if (auto frame = KrakenBlobFrameLength(input.data(), input.size())) NTLAB_FUZZ_CHECK(*frame >= 4);
  Bytes copy = input;
  KrakenCrypt(copy.data(), copy.size(), kKrakenDefaultKey, 7);
  KrakenCrypt(copy.data(), copy.size(), kKrakenDefaultKey, 7);
  NTLAB_FUZZ_CHECK(copy == input);
  return 0;
}
