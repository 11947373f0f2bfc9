// The bytes of a CSV input file as CsvFieldReader reads them, checked on the way through
// against the input text rule (text-rules.h): UTF-8, no control characters but the line ends (LF
// or CRLF), no field longer than kMaxFieldBytes. The parser itself works on C strings, so a NUL
// would silently cut a field short, and it would pass a raw carriage return or escape sequence
// on to every output and error line; here each is refused with "file:line: column 'name': ...",
// the column named from the header. Every CsvRowReader reads through it, so the rule holds for
// every CSV input alike.
//
// A file whose last line has no line end is given one, so that every line the parser sees is
// closed (fast-cpp-csv-parser, the parser before CsvFieldReader, read past its buffer on an open
// last line: a SEGV the hosts fuzz campaign found).
#pragma once

#include "analyzers/formats/text-rules.h"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace ntlab {

class CheckedCsvFile {
 public:
  /// Opens `path`; throws InputError when it cannot.
  explicit CheckedCsvFile(const std::string& path);
  /// Fills `buffer` like fread (fewer bytes only at the end of the file); throws InputError at
  /// the first byte that breaks the rule.
  int read(char* buffer, int size);

 private:
  void Check(const unsigned char* bytes, std::size_t n);
  std::size_t SkipPlainLines(const unsigned char* bytes, std::size_t i, std::size_t n);
  void CheckSlow(unsigned char byte);
  void EndField();
  void EndLine();
  [[noreturn]] void Fail(const std::string& problem) const;

  std::string m_path;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file;
  TextRuleScanner m_scanner;
  unsigned m_line = 1;
  std::size_t m_column = 0;  // fields before this one on the line
  std::size_t m_fieldBytes = 0;
  bool m_inQuotes = false;
  bool m_carriageReturn = false;  // the previous byte was CR: only LF may follow
  bool m_lineOpen = false;        // bytes were read since the last LF
  bool m_ended = false;           // the end of the file was delivered
  std::string m_headerField;      // line 1, to name columns in errors
  std::vector<std::string> m_header;
};

}  // namespace ntlab
