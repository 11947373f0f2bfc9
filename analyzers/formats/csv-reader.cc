#include "analyzers/formats/csv-reader.h"

#include <cstring>

namespace ntlab {
namespace {

constexpr std::size_t kInitialBuffer = std::size_t(64) << 10;  // a few hundred socket-log rows

// libfccp's limits on the names its messages quote, and on a message, kept so that errors read
// as before.
constexpr std::size_t kMaxFileNameInMessage = 255;
constexpr std::size_t kMaxColumnNameInMessage = 63;
constexpr std::size_t kMaxMessage = 511;

struct QuoteNotClosed {};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string Quoted(std::string_view text, std::size_t limit) {
  return "\"" + std::string(text.substr(0, limit)) + "\"";
}

std::string InFile(const std::string& path) { return "in file " + Quoted(path, kMaxFileNameInMessage); }

[[noreturn]] void Throw(const std::string& message) { throw CsvShapeError(message.substr(0, kMaxMessage)); }

// A line of only blanks is a comment (libfccp's empty_line_comment).
bool IsBlankLine(const char* begin, const char* end) {
  while (begin != end && IsBlank(*begin)) ++begin;
  return begin == end;
}

// Where the column starting at `p` ends (a comma or the line end): a quote opens a quoted run up to
// the next quote, and a quote right after a closing one continues it (libfccp's
// double_quote_escape::find_next_column_end).
char* ColumnEnd(char* p, char* end) {
  while (p != end && *p != ',') {
    if (*p != '"') {
      ++p;
      continue;
    }
    do {
      ++p;
      p = static_cast<char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
      if (!p) throw QuoteNotClosed{};
      ++p;
    } while (p != end && *p == '"');
  }
  return p;
}

// Removes the quotes around [begin, end) and turns each doubled quote inside into one, in place.
std::string_view Unquote(char* begin, char* end) {
  ++begin;
  --end;
  char* out = begin;
  for (char* in = begin; in != end; ++in) {
    if (*in == '"' && in + 1 != end && in[1] == '"') ++in;
    *out++ = *in;
  }
  return {begin, static_cast<std::size_t>(out - begin)};
}

// Trims blanks, then unquotes a field that starts and ends with a quote (libfccp: trim, then
// unescape). Inline: it runs for every field.
inline std::string_view Clean(char* begin, char* end) {
  while (begin != end && IsBlank(*begin)) ++begin;
  while (begin != end && IsBlank(end[-1])) --end;
  if (end - begin >= 2 && *begin == '"' && end[-1] == '"') return Unquote(begin, end);
  return {begin, static_cast<std::size_t>(end - begin)};
}

}  // namespace

CsvFieldReader::CsvFieldReader(const std::string& path, const char* const* columns, std::size_t count,
                               bool missingAllowed)
    : m_path(path), m_source(path), m_buffer(new char[kInitialBuffer]), m_capacity(kInitialBuffer) {
  Fill();
  if (m_end >= 3 && std::memcmp(m_buffer.get(), "\xEF\xBB\xBF", 3) == 0) m_begin = 3;  // a UTF-8 BOM
  ReadHeader(columns, count, missingAllowed);
}

// Moves the unread bytes to the front, grows the buffer when a line fills it, and reads more.
// False once the file has ended.
bool CsvFieldReader::Fill() {
  if (m_eof) return false;
  char* buffer = m_buffer.get();
  if (m_begin > 0) {
    std::memmove(buffer, buffer + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
  }
  if (m_end == m_capacity) {
    std::unique_ptr<char[]> larger(new char[2 * m_capacity]);
    std::memcpy(larger.get(), buffer, m_end);
    m_buffer = std::move(larger);
    m_capacity *= 2;
  }
  const std::size_t wanted = m_capacity - m_end;
  const int got = m_source.read(m_buffer.get() + m_end, static_cast<int>(wanted));
  m_end += static_cast<std::size_t>(got);
  if (static_cast<std::size_t>(got) < wanted) m_eof = true;  // CheckedCsvFile reads short only at the end
  return true;
}

bool CsvFieldReader::NextLine(char*& begin, char*& end) {
  std::size_t searched = 0;  // bytes after m_begin known to hold no line end
  char* newline = nullptr;
  for (;;) {
    char* from = m_buffer.get() + m_begin + searched;
    newline = static_cast<char*>(std::memchr(from, '\n', m_end - m_begin - searched));
    if (newline) break;
    searched = m_end - m_begin;
    if (searched > kMaxLineBytes) {
      ++m_line;
      FailLine(nullptr);
    }
    if (!Fill()) break;
  }
  if (!newline && m_begin == m_end) return false;
  ++m_line;
  begin = m_buffer.get() + m_begin;
  end = newline ? newline : m_buffer.get() + m_end;  // a last line without its line end
  if (static_cast<std::size_t>(end - begin) > kMaxLineBytes) FailLine(nullptr);
  m_begin = static_cast<std::size_t>(end - m_buffer.get()) + (newline ? 1 : 0);
  if (end != begin && end[-1] == '\r') --end;
  return true;
}

void CsvFieldReader::ReadHeader(const char* const* columns, std::size_t count, bool missingAllowed) {
  char* begin = nullptr;
  char* end = nullptr;
  do {
    if (!NextLine(begin, end)) Throw("Header missing " + InFile(m_path) + ".");
  } while (IsBlankLine(begin, end));
  m_present.assign(count, false);
  for (char* p = begin;;) {
    char* columnEnd = nullptr;
    try {
      columnEnd = ColumnEnd(p, end);
    } catch (const QuoteNotClosed&) {
      Throw("Escaped string was not closed in line -1 " + InFile(m_path) + ".");  // libfccp's line in a header
    }
    std::string_view name = Clean(p, columnEnd);
    int index = -1;
    for (std::size_t i = 0; i < count && index < 0; ++i) {
      if (name != columns[i]) continue;
      if (m_present[i])
        Throw("Duplicated column " + Quoted(name, kMaxColumnNameInMessage) + " in header of file " +
              Quoted(m_path, kMaxFileNameInMessage) + ".");
      m_present[i] = true;
      index = static_cast<int>(i);
    }
    m_order.push_back(index);
    if (columnEnd == end) break;
    p = columnEnd + 1;
  }
  for (std::size_t i = 0; i < count; ++i)
    if (!m_present[i]) m_missing.push_back(i);
  for (std::size_t i = 0; i < count && !missingAllowed; ++i)
    if (!m_present[i])
      Throw("Missing column " + Quoted(columns[i], kMaxColumnNameInMessage) + " in header of file " +
            Quoted(m_path, kMaxFileNameInMessage) + ".");
}

bool CsvFieldReader::Next(std::string_view* fields) {
  char* begin = nullptr;
  char* end = nullptr;
  do {
    if (!NextLine(begin, end)) return false;
  } while (IsBlankLine(begin, end));
  for (std::size_t missing : m_missing) fields[missing] = {};
  // Most lines hold no quote: their columns end at the next comma, which memchr finds.
  const bool quoted = std::memchr(begin, '"', static_cast<std::size_t>(end - begin)) != nullptr;
  char* p = begin;
  bool more = true;
  for (int index : m_order) {
    if (!more) FailLine("Too few columns");
    char* columnEnd = nullptr;
    if (!quoted) {
      columnEnd = static_cast<char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
      if (!columnEnd) columnEnd = end;
    } else {
      try {
        columnEnd = ColumnEnd(p, end);
      } catch (const QuoteNotClosed&) {
        FailLine("Escaped string was not closed");
      }
    }
    if (index >= 0) fields[index] = Clean(p, columnEnd);
    more = columnEnd != end;
    p = columnEnd + 1;
  }
  if (more) FailLine("Too many columns");
  return true;
}

// `what` in line N, or (null) the line is too long, as libfccp words it.
void CsvFieldReader::FailLine(const char* what) const {
  if (!what)
    Throw("Line number " + std::to_string(m_line) + " " + InFile(m_path) + " exceeds the maximum length of 2^24-1.");
  Throw(std::string(what) + " in line " + std::to_string(m_line) + " " + InFile(m_path) + ".");
}

}  // namespace ntlab
