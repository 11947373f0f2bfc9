#include "tests/regression/runner/output-table.h"

#include "analyzers/formats/csv-io.h"

#include <libfccp/csv.h>

#include <algorithm>
#include <utility>

namespace ntlab::regression {
namespace {

// The project's reader knows its columns at compile time; an output's columns are known only from
// its header, so the header picks the reader for that many columns (up to this many).
constexpr unsigned kMaxColumns = 32;

// The quoting and trimming rules of CsvRowReader::Parser, for the header line.
using Quote = io::double_quote_escape<',', '"'>;
using Trim = io::trim_chars<' ', '\t'>;

std::vector<std::string> HeaderColumns(const std::string& path) {
  std::vector<std::string> columns;
  try {
    io::LineReader in(path);
    char* line = in.next_line();
    if (!line) throw InputError(path + ": empty file, no header row");
    while (line) {
      char* begin = nullptr;
      char* end = nullptr;
      io::detail::chop_next_column<Quote>(line, begin, end);
      Trim::trim(begin, end);
      Quote::unescape(begin, end);
      columns.emplace_back(begin, end);
    }
  } catch (const io::error::can_not_open_file&) {
    throw InputError(path + ": cannot open file (missing or unreadable)");
  } catch (const io::error::base& e) {
    throw InputError(path + ": malformed header: " + e.what());
  }
  return columns;
}

template <unsigned N>
void ReadRows(const std::string& path, OutputTable& table) {
  std::array<const char*, N> names;
  for (unsigned i = 0; i < N; ++i) names[i] = table.columns[i].c_str();
  CsvRowReader<N> reader(path, names);
  typename CsvRowReader<N>::Row row;
  while (reader.Next(row)) table.rows.emplace_back(row.begin(), row.end());
}

template <unsigned... I>
void ReadRowsWithColumnCount(const std::string& path, OutputTable& table, std::integer_sequence<unsigned, I...>) {
  const std::size_t n = table.columns.size();
  bool read = ((n == I + 1 ? (ReadRows<I + 1>(path, table), true) : false) || ...);
  if (!read)
    throw InputError(path + ": " + std::to_string(n) + " columns; the regression runner reads at most " +
                     std::to_string(kMaxColumns));
}

}  // namespace

int OutputTable::Column(const std::string& name) const {
  auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? -1 : int(it - columns.begin());
}

OutputTable ReadCsvTable(const std::string& path) {
  OutputTable table;
  table.source = path;
  table.columns = HeaderColumns(path);
  ReadRowsWithColumnCount(path, table, std::make_integer_sequence<unsigned, kMaxColumns>{});
  return table;
}

OutputTable JsonRowsTable(const nlohmann::json& rows, const std::string& source) {
  OutputTable table;
  table.source = source;
  if (!rows.is_array()) throw InputError(source + ": not a JSON array");
  for (const auto& row : rows) {
    if (!row.is_object()) throw InputError(source + ": an element is not a JSON object");
    for (const auto& [key, value] : row.items())
      if (table.Column(key) < 0) table.columns.push_back(key);
  }
  for (const auto& row : rows) {
    std::vector<std::string> cells(table.columns.size());
    for (const auto& [key, value] : row.items()) {
      std::string& cell = cells[std::size_t(table.Column(key))];
      if (value.is_string()) cell = value.get<std::string>();
      else if (!value.is_null()) cell = value.dump();
    }
    table.rows.push_back(std::move(cells));
  }
  return table;
}

}  // namespace ntlab::regression
