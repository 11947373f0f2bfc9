#include "analyzers/formats/csv-header.h"

#include "analyzers/formats/basic-types.h"

#include <fstream>
#include <sstream>

namespace ntlab {

bool CsvHeaderHasColumn(const std::string& path, const std::string& column) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open file (missing or unreadable)");
  std::string header;
  std::getline(in, header);
  std::istringstream names(header);
  for (std::string name; std::getline(names, name, ',');) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t\r") + 1);
    if (name == column) return true;
  }
  return false;
}

}  // namespace ntlab
