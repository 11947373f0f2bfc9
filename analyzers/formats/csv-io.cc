#include "analyzers/formats/csv-io.h"

namespace ntlab {

CsvWriter::CsvWriter(const std::string& path, std::initializer_list<const char*> header) : m_file(path) {
  bool first = true;
  for (const char* name : header) {
    if (!first) m_file.Stream() << ',';
    m_file.Stream() << name;
    first = false;
  }
  m_file.Stream() << '\n';
}

void CsvWriter::WriteField(const std::string& value, bool first) {
  auto& out = m_file.Stream();
  if (!first) out << ',';
  if (value.find_first_of(",\"\n\r") == std::string::npos) {
    out << value;
    return;
  }
  out << '"';
  for (char c : value) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

}  // namespace ntlab
