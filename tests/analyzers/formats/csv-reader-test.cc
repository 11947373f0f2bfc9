// CsvFieldReader against the parser it replaced: fast-cpp-csv-parser (libfccp), configured as
// CsvRowReader configured it, is the reference. Every file below must give the same fields on
// the same lines, or the same error, from both.
#include "analyzers/formats/csv-reader.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

#include <libfccp/csv.h>

#include <string>
#include <vector>

using namespace ntlab;
using test_support::TempPath;
using test_support::WriteText;

namespace {

// What a reader made of a file: "line:field|field|..." per row, or the error.
using Outcome = std::vector<std::string>;

std::string Joined(unsigned line, const std::string_view* fields) {
  std::string row = std::to_string(line) + ":";
  for (int i = 0; i < 3; ++i) row += (i ? "|" : "") + std::string(fields[i]);
  return row;
}

Outcome ReadWithFccp(const std::string& path, const std::string& bytes) {
  using Reference = io::CSVReader<3, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>,
                                  io::throw_on_overflow, io::empty_line_comment>;
  Outcome out;
  try {
    // CheckedCsvFile closes an open last line before the parser sees it; the reference gets the same.
    std::string closed = bytes.empty() || bytes.back() == '\n' ? bytes : bytes + "\n";
    Reference reference(path, closed.data(), closed.data() + closed.size());
    reference.read_header(io::ignore_extra_column, "a", "b", "c");
    std::string a, b, c;
    while (reference.read_row(a, b, c)) {
      std::string_view fields[3] = {a, b, c};
      out.push_back(Joined(reference.get_file_line(), fields));
    }
  } catch (const io::error::base& e) {
    out.push_back(std::string("error: ") + e.what());
  }
  return out;
}

Outcome ReadWithOurs(const std::string& path) {
  static const char* const kColumns[] = {"a", "b", "c"};
  Outcome out;
  try {
    CsvFieldReader reader(path, kColumns, 3);
    std::string_view fields[3];
    while (reader.Next(fields)) out.push_back(Joined(reader.Line(), fields));
  } catch (const CsvShapeError& e) {
    out.push_back(std::string("error: ") + e.what());
  }
  return out;
}

void CheckSameAsFccp(const std::string& bytes) {
  const std::string path = TempPath("same.csv");
  WriteText(path, bytes);
  INFO("file: " << bytes.substr(0, 200));
  CHECK(ReadWithOurs(path) == ReadWithFccp(path, bytes));
}

}  // namespace

TEST_CASE("CSV reader: the fields libfccp found, on the same lines", "[analysis][formats][csv]") {
  const std::vector<std::string> files = {
      "a,b,c\n1,2,3\n",
      "c,extra,a,b\n3,x,1,2\n30,y,10,20\n",                     // any order, extra columns ignored
      "a,b,c\n  1 ,  2  , 3 \n",                                 // blanks trimmed (a tab is a control character)
      "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\n",               // quoted: commas, doubled quotes, empty
      "a,b,c\n  \"q\"  ,\" padded \",\"\"\"\"\n",                // trimmed outside the quotes only
      "a,b,c\nab\"cd,e\"f,g\n",                                  // a quote inside a field opens a run
      "a,b,c\n\"ab\"cd,\"x\"\"\",\"\n\"\n",                      // text after a closing quote; a quoted line end
      "\n  \n \na,b,c\n\n1,2,3\n   \n4,5,6\n\n",                // blank lines skipped, still counted
      "a,b,c\r\n1,2,3\r\n4,5,\r\n",                              // CRLF
      "\xEF\xBB\xBF" "a,b,c\n1,2,3\n",                           // a byte-order mark
      "a,b,c\n1,2,3",                                            // no line end at the end
      "a,b,c\n1,2,3\n4,5\n",                                     // too few columns
      "a,b,c\n1,2,3,4\n",                                        // too many
      "a,b,c\n1,\"2,3\n",                                        // a quote not closed
      "a,\"b,c\n1,2,3\n",                                        // ... in the header
      "a,b\n1,2\n",                                              // a missing column
      "a,b,c,b\n1,2,3,4\n",                                      // a column named twice
      "",                                                        // no header
      "\n \n",                                                   // only blank lines
      "a,b,c\n",                                                 // a header, no rows
      " \"a\" ,b,\"c\"\n1,2,3\n",                                // quoted and padded column names
      "a,b,c\n,,\n\",\",\",\",\",\"\n",                          // empty fields; quoted commas
  };
  for (const std::string& file : files) CheckSameAsFccp(file);
}

TEST_CASE("CSV reader: lines across buffer refills and longer than the buffer", "[analysis][formats][csv]") {
  std::string many = "a,b,c\n";
  for (int i = 0; i < 20000; ++i) many += std::to_string(i) + ",\"row " + std::to_string(i) + "\", x\n";
  CheckSameAsFccp(many);
  // 40 fields of 4,000 bytes: one line of 160 kB, past the reader's first 64 KiB buffer. Checked
  // against the fields written, not libfccp: the fuzzing build's copy of libfccp has 64 KiB blocks
  // (tests/fuzz/FuzzBuild.cmake) and refuses a line that long.
  std::string wide = "a,b,c";
  for (int i = 0; i < 37; ++i) wide += ",pad" + std::to_string(i);
  wide += "\n";
  Outcome expected;
  for (int row = 0; row < 3; ++row) {
    wide += std::to_string(row) + "," + std::string(4000, 'b') + ",c";
    for (int i = 0; i < 37; ++i) wide += "," + std::string(4000, char('d' + row));
    wide += "\n";
    expected.push_back(std::to_string(row + 2) + ":" + std::to_string(row) + "|" + std::string(4000, 'b') + "|c");
  }
  const std::string path = TempPath("wide.csv");
  WriteText(path, wide);
  CHECK(ReadWithOurs(path) == expected);
}

TEST_CASE("CSV reader: memory follows the longest line, not the file", "[analysis][formats][csv]") {
  static const char* const kColumns[] = {"a", "b", "c"};
  const std::string path = TempPath("memory.csv");
  std::string rows = "a,b,c\n";
  for (int i = 0; i < 40000; ++i) rows += "1741597200.000000,pc01,chrome.exe\n";  // 1.4 MB
  WriteText(path, rows);
  std::size_t read = 0;
  {
    CsvFieldReader reader(path, kColumns, 3);
    std::string_view fields[3];
    while (reader.Next(fields)) ++read;
    CHECK(read == 40000);
    CHECK(reader.BufferBytes() == 64 * 1024);
  }
  WriteText(path, "a,b,c\n1,2," + std::string(4000, 'x') + std::string(50, ',') + "\n" + rows);  // a 4 kB line
  CsvFieldReader shortLines(path, kColumns, 3);
  std::string_view fields[3];
  CHECK_THROWS_AS(shortLines.Next(fields), CsvShapeError);  // too many columns, read with the small buffer
  CHECK(shortLines.BufferBytes() == 64 * 1024);
  std::string wide = "a,b,c";
  for (int i = 0; i < 40; ++i) wide += "," + std::string(4000, 'p');  // a 160 kB header line
  WriteText(path, wide + "\n1,2,3" + std::string(40, ',') + "\n");
  CsvFieldReader wideLines(path, kColumns, 3);
  REQUIRE(wideLines.Next(fields));
  CHECK(wideLines.BufferBytes() == 256 * 1024);  // the smallest doubling that holds the line
}

TEST_CASE("CSV reader: columns a header may lack, when the caller allows it", "[analysis][formats][csv]") {
  const std::string path = TempPath("optional.csv");
  WriteText(path, "c,a\n3,1\n");
  static const char* const kColumns[] = {"a", "b", "c"};
  CsvFieldReader reader(path, kColumns, 3, true);
  CHECK(reader.HasColumn(0));
  CHECK_FALSE(reader.HasColumn(1));
  std::string_view fields[3] = {"stale", "stale", "stale"};
  REQUIRE(reader.Next(fields));
  CHECK(fields[0] == "1");
  CHECK(fields[1].empty());  // not left as it was
  CHECK(fields[2] == "3");
  CHECK(reader.Line() == 2);
  CHECK_FALSE(reader.Next(fields));
}
