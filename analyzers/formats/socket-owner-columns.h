// The socket log's optional owner columns (docs/formats.md, "Socket log"): `user` (the account
// the owning process runs as) and paper 004's window identity, `window_class` and `control_text`.
// The labeling engine's readers ignore them; ProcessIdentities (process-identity.h) reads them.
// This writer is the interval form with the three columns after `process`.
#pragma once

#include "analyzers/formats/csv-io.h"
#include "analyzers/formats/records.h"

#include <array>
#include <string>
#include <vector>

namespace ntlab {

struct SocketOwnerColumns {
  std::string user;          // empty: not known
  std::string window_class;  // empty: no window, or not a process with one
  std::string control_text;
};

extern const std::array<const char*, 14> kSocketIntervalOwnerColumns;

class SocketIntervalOwnerWriter {
 public:
  explicit SocketIntervalOwnerWriter(const std::string& path);
  void Write(const SocketIntervalRow& row, const SocketOwnerColumns& owner);
  void Commit() { m_csv.Commit(); }

 private:
  CsvWriter m_csv;
};

/// One row of process-owners.csv, the truth of who owns each simulated process (image) of a host.
struct ProcessOwnerRow {
  std::string host;
  std::string process;
  SocketOwnerColumns owner;
};

void WriteProcessOwnersCsv(const std::string& path, const std::vector<ProcessOwnerRow>& rows);
/// Throws InputError naming file, line and column (host and process must not be empty).
std::vector<ProcessOwnerRow> ReadProcessOwnersCsv(const std::string& path);

}  // namespace ntlab
