// The interval-form socket log (docs/formats.md) written as it grows, for a live logger: a poll's
// rows are collected in memory and handed to the kernel in one write by Flush(), so that the file
// survives the logger's own crash up to its last flushed poll and never ends in half a line. Unlike the atomic writers, the file exists (header first) from the
// start: a live log is meant to be read while it grows.
#pragma once

#include "analyzers/formats/csv-io.h"
#include "analyzers/formats/records.h"

#include <fstream>
#include <sstream>
#include <string>

namespace ntlab {

/// The interval form's header, and one row of it on any stream (defined in records.cc beside
/// SocketIntervalWriter, which writes the same bytes: socket-log-appender-test checks it).
extern const std::array<const char*, 11> kSocketIntervalColumns;
void WriteSocketIntervalRow(CsvStreamWriter& csv, const SocketIntervalRow& row);

class SocketIntervalAppender {
 public:
  /// Creates (or empties) `path` and writes the header. Throws InputError when it cannot.
  explicit SocketIntervalAppender(const std::string& path);
  void Write(const SocketIntervalRow& row) { WriteSocketIntervalRow(m_csv, row); }
  /// Hands the written rows to the kernel; throws InputError on a write error (disk full).
  void Flush();
  std::size_t Rows() const { return m_csv.Rows(); }

 private:
  std::string m_path;
  std::ofstream m_out;
  std::ostringstream m_pending;   // rows not yet flushed
  CsvStreamWriter m_csv;
};

}  // namespace ntlab
