#include "analyzers/botnet/dns-name-check.h"

#include <optional>

namespace ntlab {
namespace {

constexpr std::size_t kHeaderBytes = 12;
constexpr int kMaxPointerJumps = 64;  // a real name needs a handful; a loop needs them all
constexpr std::uint16_t kTypeA = 1, kTypeNs = 2, kTypeCname = 5, kTypeSoa = 6, kTypePtr = 12, kTypeMx = 15,
                        kTypeAaaa = 28, kTypeDname = 39;

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

// Thrown where libtins would throw malformed_packet: it reads no further names then.
struct LibtinsRefuses {};
// Thrown where libtins would loop or read past the end.
struct LibtinsLoops {};

// The records after the header, walked as libtins 4.0 walks them (Tins::DNS and its
// InputMemoryStream): positions are offsets into this area.
class Records {
 public:
  Records(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}

  // A cursor over [at, end), with InputMemoryStream's checks.
  struct Cursor {
    const Records& records;
    std::size_t at;
    std::size_t end;
    bool More() const { return at < end; }
    void Skip(std::size_t n) {
      if (n > end - at) throw LibtinsRefuses{};
      at += n;
    }
    std::uint16_t Read16() {
      if (end - at < 2) throw LibtinsRefuses{};
      at += 2;
      return Be16(records.m_data + at - 2);
    }
    // skip_to_dname_end: never follows a pointer.
    void SkipName() {
      while (More()) {
        const std::uint8_t value = records.m_data[at++];
        if (value == 0) return;
        Skip((value & 0xc0) ? 1 : value);
        if (value & 0xc0) return;
      }
    }
    // stream.skip(compose_name(stream.pointer(), ...)).
    void SkipComposedName() { Skip(records.ComposeName(at) - at); }
  };

  Cursor At(std::size_t at, std::size_t end) const { return Cursor{*this, at, end}; }
  std::size_t Size() const { return m_size; }

  // compose_name from `at`: where the name ends in place (after its first pointer, or after its
  // terminating zero).
  std::size_t ComposeName(std::size_t at) const {
    std::optional<std::size_t> after;
    std::size_t text = 0;
    for (int jumps = 0;;) {
      if (at >= m_size) throw LibtinsLoops{};  // it reads the byte at the end
      const std::uint8_t byte = m_data[at];
      if (byte == 0) return after ? *after : at + 1;
      if (byte & 0xc0) {
        if (at + 2 > m_size) throw LibtinsRefuses{};
        const std::size_t index = Be16(m_data + at) & 0x3fff;
        if (index < kHeaderBytes || index - kHeaderBytes >= m_size) throw LibtinsRefuses{};
        if (++jumps > kMaxPointerJumps) throw LibtinsLoops{};
        if (!after) after = at + 2;
        at = index - kHeaderBytes;
      } else {
        at += 1;
        if (at + byte > m_size || text + byte + 1 > 255) throw LibtinsRefuses{};
        text += (text > 0 ? 1u : 0u) + byte;  // the dot before every label but the first
        at += byte;
      }
    }
  }

 private:
  const std::uint8_t* m_data;
  std::size_t m_size;
};

// One answer record as DNS::convert_records reads it.
void ReadRecord(Records::Cursor& c, const Records& records) {
  c.SkipComposedName();
  const std::uint16_t type = c.Read16();
  c.Skip(6);  // class, TTL
  std::uint16_t length = c.Read16();
  if (type == kTypeMx) {
    c.Read16();  // preference
    length = static_cast<std::uint16_t>(length - 2);
  }
  if (length > c.end - c.at) throw LibtinsRefuses{};
  switch (type) {
    case kTypeAaaa: c.Skip(16); break;  // whatever the length says
    case kTypeA: c.Skip(4); break;
    case kTypeNs: case kTypeCname: case kTypeDname: case kTypePtr: case kTypeMx:
      records.ComposeName(c.at);
      c.Skip(length);
      break;
    case kTypeSoa:
      c.SkipComposedName();
      c.SkipComposedName();
      c.Skip(20);
      break;
    default: c.Skip(length); break;
  }
}

}  // namespace

bool DnsNamesEnd(const std::uint8_t* message, std::size_t size) {
  if (size <= kHeaderBytes) return true;  // no names: libtins parses or refuses the header alone
  const Records records(message + kHeaderBytes, size - kHeaderBytes);
  std::size_t answersStart = 0, answersEnd = 0;
  try {  // the section bounds, as the constructor finds them
    auto c = records.At(0, records.Size());
    for (std::uint16_t i = Be16(message + 4); i > 0; --i) {
      c.SkipName();
      c.Skip(4);
    }
    answersStart = c.at;
    for (std::uint16_t i = Be16(message + 6); i > 0; --i) {
      c.SkipName();
      c.Skip(8);
      c.Skip(c.Read16());
    }
    answersEnd = c.at;
  } catch (const LibtinsRefuses&) {
    return true;  // the constructor throws: no name is ever composed
  }
  try {  // queries()
    for (auto c = records.At(0, answersStart); c.More();) {
      c.SkipComposedName();
      c.Skip(4);
    }
  } catch (const LibtinsRefuses&) {
  } catch (const LibtinsLoops&) {
    return false;
  }
  try {  // answers()
    for (auto c = records.At(answersStart, answersEnd); c.More();) ReadRecord(c, records);
  } catch (const LibtinsRefuses&) {
  } catch (const LibtinsLoops&) {
    return false;
  }
  return true;
}

}  // namespace ntlab
