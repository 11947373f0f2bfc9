// The header look-up readers use to tell a file's older form from its newer one.
#include "analyzers/formats/csv-header.h"

#include "analyzers/formats/basic-types.h"
#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using test_support::TempPath;
using test_support::WriteText;

TEST_CASE("csv header: a column is found by its whole name, spaces and CR ignored", "[analysis][formats]") {
  const std::string path = TempPath("header.csv");
  WriteText(path, "flow_id, process ,user\r\n1,a,b\r\n");
  CHECK(CsvHeaderHasColumn(path, "user"));
  CHECK(CsvHeaderHasColumn(path, "process"));
  CHECK_FALSE(CsvHeaderHasColumn(path, "use"));
  CHECK_FALSE(CsvHeaderHasColumn(path, "a"));  // a row's value, not the header's
  CHECK_THROWS_AS(CsvHeaderHasColumn(TempPath("no-such-header.csv"), "user"), InputError);
}
