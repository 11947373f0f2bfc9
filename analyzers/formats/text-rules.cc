#include "analyzers/formats/text-rules.h"

#include "analyzers/formats/basic-types.h"

namespace ntlab {
namespace {

constexpr std::size_t kQuotedBytes = 64;

void AppendEscaped(std::string& out, std::string_view bytes) {
  for (unsigned char b : bytes) out += HexEscape(b);
}

// "\x1b" for a C0 control or DEL, "U+009B" for a C1 control (two bytes in UTF-8).
std::string NameControl(char32_t c) {
  if (c < 0x80) return HexEscape(static_cast<unsigned char>(c));
  static const char* kHex = "0123456789ABCDEF";
  return std::string{'U', '+', '0', '0', kHex[(c >> 4) & 15], kHex[c & 15]};
}

}  // namespace

Utf8Decoder::Step Utf8Decoder::Feed(unsigned char byte) {
  if (m_need > 0) {
    if (byte < m_low || byte > m_high) {
      m_need = 0;
      return Step::Invalid;
    }
    m_codePoint = (m_codePoint << 6) | (byte & 0x3f);
    m_low = 0x80;
    m_high = 0xbf;
    return --m_need == 0 ? Step::CodePoint : Step::Incomplete;
  }
  if (byte < 0x80) {
    m_codePoint = byte;
    return Step::CodePoint;
  }
  // The first continuation byte's range excludes overlong forms (E0, F0), surrogates (ED) and
  // code points above U+10FFFF (F4); C0, C1 and F5..FF never start a character.
  if (byte >= 0xc2 && byte <= 0xdf) {
    m_need = 1;
  } else if (byte >= 0xe0 && byte <= 0xef) {
    m_need = 2;
    if (byte == 0xe0) m_low = 0xa0;
    if (byte == 0xed) m_high = 0x9f;
  } else if (byte >= 0xf0 && byte <= 0xf4) {
    m_need = 3;
    if (byte == 0xf0) m_low = 0x90;
    if (byte == 0xf4) m_high = 0x8f;
  } else {
    return Step::Invalid;
  }
  m_codePoint = byte & (0x3f >> m_need);
  return Step::Incomplete;
}

std::string HexEscape(unsigned char byte) {
  static const char* kHex = "0123456789abcdef";
  return std::string{'\\', 'x', kHex[byte >> 4], kHex[byte & 15]};
}

std::string EscapeForMessage(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  Utf8Decoder decoder;
  std::size_t start = 0;  // first byte of the character being decoded
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool mid = decoder.MidCharacter();
    switch (decoder.Feed(byte)) {
      case Utf8Decoder::Step::Incomplete: break;
      case Utf8Decoder::Step::CodePoint:
        if (IsControlCharacter(decoder.CodePoint())) AppendEscaped(out, text.substr(start, i + 1 - start));
        else out.append(text, start, i + 1 - start);
        start = i + 1;
        break;
      case Utf8Decoder::Step::Invalid:
        if (mid) {
          // A character cut short: its bytes are escaped, and this byte starts afresh.
          AppendEscaped(out, text.substr(start, i - start));
          start = i;
          --i;
        } else {
          out += HexEscape(byte);
          start = i + 1;
        }
        break;
    }
  }
  AppendEscaped(out, text.substr(start));  // a character the text ends inside
  return out;
}

std::string EscapePacketText(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (unsigned char b : bytes) {
    if (b < 0x20 || b > 0x7e || b == '\\') out += HexEscape(b);
    else out += static_cast<char>(b);
  }
  return out;
}

std::string TextRuleScanner::Feed(unsigned char byte) {
  if (!m_decoder.MidCharacter()) m_lead = byte;
  Utf8Decoder::Step step = m_decoder.Feed(byte);
  if (step == Utf8Decoder::Step::Invalid) return "is not UTF-8 (byte " + HexEscape(m_lead) + ")";
  if (step != Utf8Decoder::Step::CodePoint || !IsControlCharacter(m_decoder.CodePoint())) return {};
  if (byte == 0) return "has a NUL byte (\\x00)";
  return "has the control character " + NameControl(m_decoder.CodePoint());
}

std::string TextRuleScanner::End() const {
  return m_decoder.MidCharacter() ? "is not UTF-8 (byte " + HexEscape(m_lead) + " at the end)" : std::string();
}

std::string TextRuleViolation(std::string_view text) {
  if (text.size() > kMaxFieldBytes) return "is longer than " + std::to_string(kMaxFieldBytes) + " bytes";
  TextRuleScanner scanner;
  for (unsigned char byte : text) {
    std::string problem = scanner.Feed(byte);
    if (!problem.empty()) return problem;
  }
  return scanner.End();
}

std::string QuoteForMessage(std::string_view text) {
  if (text.size() <= kQuotedBytes) return "'" + EscapeForMessage(text) + "'";
  return "'" + EscapeForMessage(text.substr(0, kQuotedBytes)) + "...' (" + std::to_string(text.size()) + " bytes)";
}

std::string TextRuleRefusal(std::string_view text) {
  const std::string why = TextRuleViolation(text);
  return why.empty() ? why : QuoteForMessage(text) + " " + why + " (not allowed)";
}

}  // namespace ntlab
