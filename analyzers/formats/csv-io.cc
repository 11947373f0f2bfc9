#include "analyzers/formats/csv-io.h"

namespace ntlab {

CsvStreamWriter::CsvStreamWriter(std::ostream& out, const char* const* header, const char* const* headerEnd)
    : m_out(out) {
  for (const char* const* name = header; name != headerEnd; ++name) {
    if (name != header) m_out << ',';
    m_out << *name;
  }
  m_out << '\n';
}

void CsvStreamWriter::WriteField(const std::string& value, bool first) {
  if (!first) m_out << ',';
  if (value.find_first_of(",\"\n\r") == std::string::npos) {
    m_out << value;
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
