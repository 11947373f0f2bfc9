// A CSV file's header line, read before its rows: a file that gained a column later is read with
// the old or the new column list (CsvRowReader checks the rest).
#pragma once

#include <string>

namespace ntlab {

/// Whether the header line of `path` names `column`; throws InputError when the file cannot be opened.
bool CsvHeaderHasColumn(const std::string& path, const std::string& column);

}  // namespace ntlab
