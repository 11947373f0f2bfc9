// The text rules of docs/formats.md ("Text"), one per kind of field, in one place:
//   - text read from input files (CSV fields, model.json labels) must be UTF-8 without control
//     characters and at most kMaxFieldBytes long; anything else is refused with an error naming
//     the file, line and column (TextRuleViolation, and CheckedCsvFile for CSV);
//   - names taken from packets (TLS server names, DNS names, HTTP Host and request targets) are
//     carried through escaped: every byte outside printable ASCII, and the backslash, becomes
//     \xNN (EscapePacketText), so outputs stay ASCII and the original bytes can be recovered;
//   - error and warning lines escape control characters and bytes that are not UTF-8 as \xNN
//     (EscapeForMessage, in basic-types.h: InputError applies it to every message).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ntlab {

/// Longest text field an input may hold, in bytes (a process image name is at most 260).
constexpr std::size_t kMaxFieldBytes = 4096;

/// Decodes UTF-8 one byte at a time (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF), so that a stream can be checked across buffer boundaries.
class Utf8Decoder {
 public:
  enum class Step : std::uint8_t { Incomplete, CodePoint, Invalid };

  /// After CodePoint, CodePoint() is the character just completed. After Invalid the decoder has
  /// reset; the byte may start a new character (feed it again to find out).
  Step Feed(unsigned char byte);
  char32_t CodePoint() const { return m_codePoint; }
  bool MidCharacter() const { return m_need > 0; }

 private:
  char32_t m_codePoint = 0;
  std::uint8_t m_need = 0;     // continuation bytes still expected
  unsigned char m_low = 0x80;  // allowed range of the next continuation byte
  unsigned char m_high = 0xbf;
};

/// C0 controls, DEL and the C1 controls (U+0080 to U+009F), which terminals act on.
inline bool IsControlCharacter(char32_t c) { return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0); }

/// Checks the input text rule byte by byte (UTF-8, no control character), for streams and strings
/// alike; the length limit is the caller's, which knows where a field ends.
class TextRuleScanner {
 public:
  /// Empty while the text keeps the rule; else why not ("has a NUL byte (\x00)", "is not UTF-8
  /// (byte \xe9)", "has the control character \x1b").
  std::string Feed(unsigned char byte);
  /// Why the text may not end here (inside a character), or empty.
  std::string End() const;
  bool MidCharacter() const { return m_decoder.MidCharacter(); }

 private:
  Utf8Decoder m_decoder;
  unsigned char m_lead = 0;  // first byte of the character being decoded: the one errors name
};

/// "\x0d": how every rule writes a byte it will not show (lower-case hex).
std::string HexEscape(unsigned char byte);

/// Names from packets: bytes outside 0x20-0x7e and the backslash become \xNN.
std::string EscapePacketText(std::string_view bytes);

/// Why `text` breaks the input text rule ("has a NUL byte (\x00)", "is not UTF-8 (byte \xe9)",
/// "has the control character \x1b", "is longer than 4096 bytes"), or empty when it keeps it.
std::string TextRuleViolation(std::string_view text);

/// A value quoted for an error message: 'text', escaped, and cut after 64 bytes with the length.
std::string QuoteForMessage(std::string_view text);

/// For a value from a scenario or experiment file: empty when `text` keeps the input text rule,
/// else the value quoted and why not ("'chrome\x00.exe' has a NUL byte (\x00) (not allowed)"), the
/// same words a CSV field gets.
std::string TextRuleRefusal(std::string_view text);

}  // namespace ntlab
