#include "analyzers/formats/checked-csv-file.h"

#include "analyzers/formats/basic-types.h"

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace ntlab {
namespace {

// A header name as the parser compares it: blanks and quotes around it removed.
std::string HeaderName(const std::string& field) {
  std::size_t begin = field.find_first_not_of(" \t\"");
  if (begin == std::string::npos) return {};
  return field.substr(begin, field.find_last_not_of(" \t\"") - begin + 1);
}

}  // namespace

CheckedCsvFile::CheckedCsvFile(const std::string& path)
    : m_path(path), m_file(std::fopen(path.c_str(), "rb"), &std::fclose) {
  if (!m_file) throw InputError(path + ": cannot open file (missing or unreadable)");
}

int CheckedCsvFile::read(char* buffer, int size) {
  if (m_ended || size <= 0) return 0;
  std::size_t n = std::fread(buffer, 1, static_cast<std::size_t>(size), m_file.get());
  if (n < static_cast<std::size_t>(size) && std::ferror(m_file.get()))
    throw InputError(m_path + ": cannot read: " + std::strerror(errno));
  Check(reinterpret_cast<const unsigned char*>(buffer), n);
  if (n > 0) m_lineOpen = buffer[n - 1] != '\n';
  if (n < static_cast<std::size_t>(size)) {
    std::string problem = m_scanner.End();  // the file ends here
    if (!problem.empty()) Fail(problem);
    m_ended = true;
    if (m_lineOpen) buffer[n++] = '\n';  // see the header: the parser must not meet an open last line
  }
  return static_cast<int>(n);
}

namespace {

// Whether any of the 8 bytes in `word` lies outside printable ASCII (0x20-0x7e): a byte below 0x20
// borrows into its top bit when 0x20 is taken away, a byte from 0x7f up has or gets it when 1 is
// added. Carries between bytes only start at a byte that is itself outside.
bool HasNonPrintable(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  return (((word - 0x20 * kOnes) & ~word) | word | (word + kOnes)) & kHigh;
}

}  // namespace

// Whole data lines of printable ASCII no longer than a field may be cannot break the rule: they are
// passed over 8 bytes at a time. Returns where the first line that needs a closer look starts.
std::size_t CheckedCsvFile::SkipPlainLines(const unsigned char* bytes, std::size_t i, std::size_t n) {
  while (m_line > 1 && m_column == 0 && m_fieldBytes == 0 && !m_inQuotes && !m_carriageReturn &&
         !m_scanner.MidCharacter()) {
    std::size_t j = i;
    for (std::uint64_t word; j + 8 <= n; j += 8) {
      std::memcpy(&word, bytes + j, 8);
      if (HasNonPrintable(word)) break;
    }
    while (j < n && bytes[j] >= 0x20 && bytes[j] < 0x7f) ++j;
    if (j == n || bytes[j] != '\n' || j - i > kMaxFieldBytes) break;
    ++m_line;
    i = j + 1;
  }
  return i;
}

// Every byte goes through CheckSlow, except plain lines (SkipPlainLines) and runs of printable
// ASCII inside the other data lines, which a tight loop over locals takes: socket logs run to
// hundreds of megabytes.
void CheckedCsvFile::Check(const unsigned char* bytes, std::size_t n) {
  std::size_t i = SkipPlainLines(bytes, 0, n);
  while (i < n) {
    if (m_line == 1 || m_carriageReturn || m_scanner.MidCharacter()) {
      CheckSlow(bytes[i++]);
      continue;
    }
    std::size_t fieldBytes = m_fieldBytes;
    bool inQuotes = m_inQuotes;
    for (; i < n; ++i) {
      const unsigned char byte = bytes[i];
      if (byte < 0x20 || byte >= 0x7f) break;
      if (byte == ',' && !inQuotes) {
        ++m_column;
        fieldBytes = 0;
        continue;
      }
      if (byte == '"') inQuotes = !inQuotes;
      if (++fieldBytes > kMaxFieldBytes) break;
    }
    m_fieldBytes = fieldBytes;
    m_inQuotes = inQuotes;
    if (m_fieldBytes > kMaxFieldBytes) Fail("is longer than " + std::to_string(kMaxFieldBytes) + " bytes");
    if (i < n) CheckSlow(bytes[i++]);
    if (i > 0 && bytes[i - 1] == '\n') i = SkipPlainLines(bytes, i, n);
  }
}

void CheckedCsvFile::CheckSlow(unsigned char byte) {
  if (m_carriageReturn) {
    // CRLF ends a line (the parser drops the CR); a CR anywhere else would reach the outputs.
    if (byte != '\n') Fail("has the control character \\x0d (a carriage return inside a line)");
    m_carriageReturn = false;
    EndLine();
    return;
  }
  if (!m_scanner.MidCharacter()) {
    if (byte == '\n') return EndLine();
    if (byte == '\r') {
      m_carriageReturn = true;
      return;
    }
    if (byte == ',' && !m_inQuotes) return EndField();
    if (byte == '"') m_inQuotes = !m_inQuotes;
  }
  std::string problem = m_scanner.Feed(byte);
  if (!problem.empty()) Fail(problem);
  if (++m_fieldBytes > kMaxFieldBytes) Fail("is longer than " + std::to_string(kMaxFieldBytes) + " bytes");
  if (m_line == 1) m_headerField += static_cast<char>(byte);
}

void CheckedCsvFile::EndField() {
  if (m_line == 1) {
    m_header.push_back(HeaderName(m_headerField));
    m_headerField.clear();
  }
  ++m_column;
  m_fieldBytes = 0;
}

void CheckedCsvFile::EndLine() {
  EndField();
  ++m_line;
  m_column = 0;
  m_inQuotes = false;
}

void CheckedCsvFile::Fail(const std::string& problem) const {
  std::string where = m_path + ":" + std::to_string(m_line) + ": ";
  if (m_line == 1) throw InputError(where + "header " + problem);
  if (m_column < m_header.size() && !m_header[m_column].empty())
    throw InputError(where + "column '" + m_header[m_column] + "': " + problem);
  throw InputError(where + "column " + std::to_string(m_column + 1) + ": " + problem);
}

}  // namespace ntlab
