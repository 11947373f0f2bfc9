// ntlab_regression: runs one case of the golden regression corpus (tests/regression/README.md).
//
//   ntlab_regression --ntlab build/ntlab --work DIR tests/regression/<case>
//
// Exit status: 0 when every check holds and every expected/ file matches (or was rewritten, with
// NTLAB_UPDATE_BASELINES=1), 1 when something failed (each failure named on stderr), 2 when the
// case itself is malformed or the arguments are wrong.
#include "tests/regression/runner/case-runner.h"

#include <filesystem>
#include <iostream>
#include <string>

using namespace ntlab::regression;

namespace {

int Usage(const char* message) {
  std::cerr << "ntlab_regression: " << message << "\nusage: ntlab_regression --ntlab NTLAB --work DIR CASE_DIR\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  RunOptions options;
  std::string caseDir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--ntlab" || arg == "--work") && i + 1 < argc)
      (arg == "--ntlab" ? options.ntlab : options.work) = argv[++i];
    else if (!arg.empty() && arg[0] != '-' && caseDir.empty()) caseDir = arg;
    else return Usage(("unexpected argument '" + arg + "'").c_str());
  }
  if (options.ntlab.empty() || options.work.empty() || caseDir.empty()) return Usage("missing argument");
  // Commands run inside the output folder: relative paths from the caller's folder would break there.
  options.ntlab = std::filesystem::absolute(options.ntlab);
  options.work = std::filesystem::absolute(options.work);
  options.update = UpdateRequested();

  RegressionCase regressionCase;
  try {
    regressionCase = RegressionCase::Load(caseDir);
  } catch (const CaseError& e) {
    std::cerr << "ntlab_regression: malformed case: " << e.what() << "\n";
    return 2;
  }
  CaseResult result = RunCase(regressionCase, options, std::cout);
  const std::string name = "regression/" + regressionCase.name;
  for (const std::string& failure : result.failures) std::cerr << "FAIL " << name << ": " << failure << "\n";
  std::cout << name << ": " << (result.Passed() ? "passed" : "FAILED") << " (" << regressionCase.checks.size()
            << " checks, " << regressionCase.expected.size() << " expected files"
            << (options.update ? ", " + std::to_string(result.updated.size()) + " rewritten" : "") << ")\n";
  return result.Passed() ? 0 : 1;
}
