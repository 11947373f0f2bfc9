#include "analyzers/formats/csv-io.h"

namespace ntlab {
namespace {

bool IsTrimmed(char c) { return c == ' ' || c == '\t'; }

}  // namespace

CsvStreamWriter::CsvStreamWriter(std::ostream& out, const char* const* header, const char* const* headerEnd)
    : m_out(out) {
  for (const char* const* name = header; name != headerEnd; ++name) {
    if (name != header) m_out << ',';
    m_out << *name;
  }
  m_out << '\n';
}

void CsvStreamWriter::WriteText(std::string_view value, bool first) {
  if (!first) m_out.put(',');
  // The reader trims spaces and tabs around an unquoted field, so a value that starts or ends with
  // one is quoted to come back whole.
  const bool padded = !value.empty() && (IsTrimmed(value.front()) || IsTrimmed(value.back()));
  if (!padded && value.find_first_of(",\"\n\r") == std::string_view::npos) {
    m_out.write(value.data(), std::streamsize(value.size()));
    return;
  }
  m_out << '"';
  for (char c : value) {
    if (c == '"') m_out << '"';
    m_out << c;
  }
  m_out << '"';
}

}  // namespace ntlab
