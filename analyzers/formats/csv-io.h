// CSV reading (CsvFieldReader: streaming, header by name, extra columns allowed, a small buffer)
// and a small writer. Every error names the file, the line and the column.
#pragma once

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/csv-reader.h"

#include <array>
#include <charconv>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>
#include <utility>

namespace ntlab {

template <unsigned N>
class CsvRowReader {
 public:
  using Row = std::array<std::string, N>;
  /// A row as views into the reader's buffer, valid until the next call: no string per field,
  /// for the readers of long files (the socket log).
  using Views = std::array<std::string_view, N>;

  /// Opens `path` and checks that every column in `columns` is present in the header. The bytes
  /// come through CheckedCsvFile: a field that breaks the input text rule is an InputError.
  CsvRowReader(const std::string& path, const std::array<const char*, N>& columns)
      : m_path(path), m_columns(columns) {
    try {
      m_reader = std::make_unique<CsvFieldReader>(path, columns.data(), N);
    } catch (const CsvShapeError& e) {
      throw InputError(path + ": not a valid CSV of the expected kind: " + e.what());
    }
  }

  /// Reads the next row; false at end of file.
  bool Next(Row& row) {
    if (!Next(m_views)) return false;
    for (unsigned i = 0; i < N; ++i) row[i].assign(m_views[i].data(), m_views[i].size());
    return true;
  }
  bool Next(Views& row) {
    try {
      return m_reader->Next(row.data());
    } catch (const CsvShapeError& e) {
      throw InputError(m_path + ": malformed row: " + e.what());
    }
  }

  unsigned Line() const { return m_reader->Line(); }
  const std::string& Path() const { return m_path; }

  /// Throws "path:line: column 'name': reason".
  [[noreturn]] void Fail(unsigned column, const std::string& reason) const {
    throw InputError(m_path + ":" + std::to_string(Line()) + ": column '" + m_columns[column] +
                     "': " + reason);
  }

 private:
  std::string m_path;
  std::array<const char*, N> m_columns;
  std::unique_ptr<CsvFieldReader> m_reader;
  Views m_views;
};

/// Writes a CSV header and rows to a stream (quoted only where needed).
class CsvStreamWriter {
 public:
  CsvStreamWriter(std::ostream& out, std::initializer_list<const char*> header)
      : CsvStreamWriter(out, header.begin(), header.end()) {}
  template <std::size_t N>
  CsvStreamWriter(std::ostream& out, const std::array<const char*, N>& header)
      : CsvStreamWriter(out, header.data(), header.data() + N) {}
  /// A header whose columns depend on options (labels.csv with or without its confidence).
  CsvStreamWriter(std::ostream& out, const std::vector<const char*>& header)
      : CsvStreamWriter(out, header.data(), header.data() + header.size()) {}
  template <typename... Fields>
  void Row(const Fields&... fields) {
    bool first = true;
    ((WriteField(fields, first), first = false), ...);
    m_out << '\n';
    ++m_rows;
  }
  std::size_t Rows() const { return m_rows; }

 private:
  CsvStreamWriter(std::ostream& out, const char* const* header, const char* const* headerEnd);
  // Fields are written from views, integers through std::to_chars: a labels.csv row used to build
  // a std::string per field (15 a row), a measurable share of a labelling run.
  void WriteText(std::string_view value, bool first);
  void WriteField(const std::string& value, bool first) { WriteText(value, first); }
  void WriteField(const char* value, bool first) { WriteText(value, first); }
  template <typename T>
  void WriteField(const T& value, bool first) {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      char digits[24];
      WriteText(std::string_view(digits, std::size_t(std::to_chars(digits, digits + sizeof digits, value).ptr - digits)),
                first);
    } else {
      WriteText(std::to_string(value), first);
    }
  }
  std::ostream& m_out;
  std::size_t m_rows = 0;
};

/// Writes CSV rows into an AtomicFile.
class CsvWriter {
 public:
  CsvWriter(const std::string& path, std::initializer_list<const char*> header)
      : m_file(path), m_csv(m_file.Stream(), header) {}
  template <std::size_t N>
  CsvWriter(const std::string& path, const std::array<const char*, N>& header)
      : m_file(path), m_csv(m_file.Stream(), header) {}
  CsvWriter(const std::string& path, const std::vector<const char*>& header)
      : m_file(path), m_csv(m_file.Stream(), header) {}
  template <typename... Fields>
  void Row(const Fields&... fields) { m_csv.Row(fields...); }
  /// For a row writer shared with an appending writer (WriteSocketIntervalRow).
  CsvStreamWriter& Stream() { return m_csv; }
  std::size_t Rows() const { return m_csv.Rows(); }
  void Commit() { m_file.Commit(); }

 private:
  AtomicFile m_file;        // declared before m_csv, which writes into it
  CsvStreamWriter m_csv;
};

}  // namespace ntlab
