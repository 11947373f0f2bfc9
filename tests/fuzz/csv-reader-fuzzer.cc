// The CSV reader under every CSV format (CsvFieldReader, analyzers/formats/csv-reader.h) against
// the parser it replaced, fast-cpp-csv-parser, as the reference: on every input that keeps the
// input text rule, both must give the same fields on the same lines, or the same error. The input
// is a CSV file whose header should name the columns a, b and c.
#include "analyzers/formats/csv-reader.h"
#include "tests/fuzz/fuzz-support.h"

#include <libfccp/csv.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using Outcome = std::vector<std::string>;  // "line:a|b|c" per row, then "error: ..." if one

std::string Joined(unsigned line, const std::string& a, const std::string& b, const std::string& c) {
  return std::to_string(line) + ":" + a + "|" + b + "|" + c;
}

Outcome ReadWithFccp(const std::string& path, std::string bytes) {
  using Reference = io::CSVReader<3, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>,
                                  io::throw_on_overflow, io::empty_line_comment>;
  if (!bytes.empty() && bytes.back() != '\n') bytes += '\n';  // as CheckedCsvFile closes the last line
  Outcome out;
  try {
    Reference reference(path, bytes.data(), bytes.data() + bytes.size());
    reference.read_header(io::ignore_extra_column, "a", "b", "c");
    std::string a, b, c;
    while (reference.read_row(a, b, c)) out.push_back(Joined(reference.get_file_line(), a, b, c));
  } catch (const io::error::base& e) {
    out.push_back(std::string("error: ") + e.what());
  }
  return out;
}

Outcome ReadWithOurs(const std::string& path) {
  static const char* const kColumns[] = {"a", "b", "c"};
  Outcome out;
  try {
    ntlab::CsvFieldReader reader(path, kColumns, 3);
    std::string_view f[3];
    while (reader.Next(f)) out.push_back(Joined(reader.Line(), std::string(f[0]), std::string(f[1]), std::string(f[2])));
  } catch (const ntlab::CsvShapeError& e) {
    out.push_back(std::string("error: ") + e.what());
  }
  return out;
}

// Whether the whole file keeps the input text rule (else CheckedCsvFile refuses it, as it should,
// and there is nothing to compare).
bool KeepsTextRule(const std::string& path) {
  return ntlab::fuzz::AcceptsOrRefuses([&] {
    ntlab::CheckedCsvFile file(path);
    char block[4096];
    while (file.read(block, sizeof block) > 0) {
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = ntlab::fuzz::Scratch::Write("reader.csv", data, size);
  if (!KeepsTextRule(path)) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  NTLAB_FUZZ_CHECK(ReadWithOurs(path) == ReadWithFccp(path, bytes));
  return 0;
}
