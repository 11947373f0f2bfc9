// The rows of an output as text cells found by column name, so that one filter/count/match check
// works on a CSV file (labels.csv, sessions.csv, kraken_hosts.csv …) and on a JSON array of
// objects (metrics.json `wrong_labels`) alike.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ntlab::regression {

struct OutputTable {
  std::string source;  // file name (and JSON path) for messages
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // one cell per column

  /// Index of the column, or -1.
  int Column(const std::string& name) const;
};

/// Reads a CSV output with the project's CSV reader (analyzers/formats/csv-io.h): same quoting,
/// trimming and errors (InputError naming file and line) as ntlab's own readers.
OutputTable ReadCsvTable(const std::string& path);

/// A JSON array of objects as a table: columns are the keys in order of first appearance; a
/// string cell is its text, null is empty, anything else its JSON text (numbers compare as numbers).
OutputTable JsonRowsTable(const nlohmann::json& rows, const std::string& source);

}  // namespace ntlab::regression
