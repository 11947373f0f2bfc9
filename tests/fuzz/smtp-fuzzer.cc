// SMTP parsing (models/payload): replies (ParseSmtpReply), command lines and DATA sections, and
// both dialogues fed the input as what the peer sent: the server dialogue as client commands, the
// client dialogue as server replies. Besides not crashing: lengths stay inside the input, a
// parsed reply parses back the same once rebuilt, the dialogues consume only complete units and
// answer the client with whole replies.
#include "models/payload/smtp-client-dialogue.h"
#include "models/payload/smtp-payload.h"
#include "models/payload/smtp-server-dialogue.h"
#include "tests/fuzz/fuzz-support.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab::payload;
  const Bytes input(data, data + size);  // exact size: overreads show in ASan
  if (auto reply = ParseSmtpReply(input.data(), input.size())) {
    NTLAB_FUZZ_CHECK(reply->length <= input.size() && reply->code >= 100 && reply->code <= 599);
    NTLAB_FUZZ_CHECK(!reply->lines.empty());
    Bytes rebuilt = BuildSmtpReply(reply->code, reply->lines);
    auto again = ParseSmtpReply(rebuilt.data(), rebuilt.size());
    NTLAB_FUZZ_CHECK(again && again->code == reply->code && again->lines == reply->lines);
  }
  if (auto line = SmtpLineLength(input.data(), input.size())) NTLAB_FUZZ_CHECK(*line >= 2 && *line <= input.size());
  if (auto section = SmtpDataLength(input.data(), input.size()))
    NTLAB_FUZZ_CHECK(*section >= 3 && *section <= input.size());

  SmtpServerDialogue server("mx.example.com");
  Bytes commands = input;
  Bytes answers = server.Feed(commands);
  NTLAB_FUZZ_CHECK(commands.size() <= input.size());
  for (std::size_t at = 0; at < answers.size();) {  // the server's output is whole replies
    auto reply = ParseSmtpReply(answers.data() + at, answers.size() - at);
    NTLAB_FUZZ_CHECK(reply.has_value());
    at += reply->length;
  }

  SmtpClientDialogue client("bot.example.org", "a@example.org", {"b@example.com"},
                            BuildSmtpMessage("a@example.org", "b@example.com", "hi", 64, 1));
  Bytes replies = input;
  Bytes sent = client.Feed(replies);
  NTLAB_FUZZ_CHECK(replies.size() <= input.size());
  NTLAB_FUZZ_CHECK(client.LastCode() >= 0 && client.LastCode() <= 999);
  NTLAB_FUZZ_CHECK(!client.Delivered() || !sent.empty());
  return 0;
}
