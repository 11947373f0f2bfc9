// The CSV reader under every CsvRowReader: a file read line by line through CheckedCsvFile (the
// input text rule) with a small buffer, each line split into fields where fast-cpp-csv-parser
// (libfccp, the reader before this one) split it, so that every file reads as it did and every
// bad file gets the same error: columns found by name in the header (extra columns ignored),
// blanks and tabs trimmed around a field, a field in double quotes unquoted with "" for a quote,
// empty and blank lines skipped, a UTF-8 byte-order mark at the start skipped, CRLF accepted.
//
// Why not libfccp: its LineReader holds 3 x 16 MB (a fixed block length) for every open file,
// the floor of every command's memory and, with the socket log read beside the capture, a
// second copy of it; and its row went through a reading thread, C strings and a std::string per
// field. Here the buffer is 64 KiB (grown only for a longer line) and a row is handed out as
// string views into it.
#pragma once

#include "analyzers/formats/checked-csv-file.h"

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ntlab {

/// A file that is not CSV of the expected shape, in libfccp's words ("Too few columns in line 3
/// in file \"x.csv\"."); the owner adds the file and what it expected (CsvRowReader).
class CsvShapeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CsvFieldReader {
 public:
  /// The header must name every column of `columns` unless `missingAllowed`; a column it names
  /// twice is refused. Throws InputError when the file cannot be opened or breaks the text rule,
  /// CsvShapeError when its header does not fit.
  CsvFieldReader(const std::string& path, const char* const* columns, std::size_t count,
                 bool missingAllowed = false);

  /// Reads the next row into `fields` (one view per requested column, in the order asked; empty
  /// for a column the header lacks). The views stay valid until the next call. False at the end.
  bool Next(std::string_view* fields);

  /// Line of the row last read (1 is the header).
  unsigned Line() const { return m_line; }
  bool HasColumn(std::size_t column) const { return m_present[column]; }
  /// The buffer's size: 64 KiB, or twice that and so on when a longer line needed it.
  std::size_t BufferBytes() const { return m_capacity; }

  /// The longest line the reader takes, as libfccp: 2^24 - 1 bytes.
  static constexpr std::size_t kMaxLineBytes = (std::size_t(1) << 24) - 1;

 private:
  bool NextLine(char*& begin, char*& end);
  bool Fill();
  void ReadHeader(const char* const* columns, std::size_t count, bool missingAllowed);
  [[noreturn]] void FailLine(const char* what) const;

  std::string m_path;
  CheckedCsvFile m_source;
  std::unique_ptr<char[]> m_buffer;
  std::size_t m_capacity;
  std::size_t m_begin = 0;   // first byte not yet handed out
  std::size_t m_end = 0;     // end of the bytes read
  bool m_eof = false;
  int m_line = 0;
  std::vector<int> m_order;  // per header column: index into the requested columns, or -1
  std::vector<bool> m_present;
  std::vector<std::size_t> m_missing;  // requested columns the header lacks

};

}  // namespace ntlab
