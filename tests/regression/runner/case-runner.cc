#include "tests/regression/runner/case-runner.h"

#include <openssl/evp.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace ntlab::regression {
namespace {

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot read");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteBytes(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out.flush()) throw std::runtime_error(path.string() + ": cannot write");
}

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

/// Runs `program args…` in `cwd` (stdout into `stdoutFile` when given); the exit status, or
/// 128 + signal, or -1 when it could not start.
int RunProcess(const fs::path& program, const std::vector<std::string>& args, const fs::path& cwd,
               const std::string& stdoutFile) {
  std::vector<std::string> argvText{program.string()};
  argvText.insert(argvText.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argvText) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  pid_t child = ::fork();
  if (child < 0) return -1;
  if (child == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(126);
    if (!stdoutFile.empty()) {
      int fd = ::open(stdoutFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0 || ::dup2(fd, STDOUT_FILENO) < 0) ::_exit(126);
      ::close(fd);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  if (::waitpid(child, &status, 0) < 0) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

/// "line 12: expected '…', got '…'" for the first line where two texts differ.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string el, al;
  for (std::size_t line = 1;; ++line) {
    bool moreE = bool(std::getline(e, el)), moreA = bool(std::getline(a, al));
    if (!moreE && !moreA) return "they differ only in line endings";
    if (!moreE) return "line " + std::to_string(line) + ": the output goes on with '" + al + "'";
    if (!moreA) return "line " + std::to_string(line) + ": the output ends; expected '" + el + "'";
    if (el != al) return "line " + std::to_string(line) + ": expected '" + el + "', got '" + al + "'";
  }
}

void CompareOrUpdate(const RegressionCase& c, const std::string& path, const RunOptions& options, CaseResult& result,
                     std::ostream& log) {
  const fs::path output = options.work / path;
  const fs::path expected = c.dir / "expected" / path;
  if (!fs::is_regular_file(output)) {
    result.failures.push_back("expected/" + path + ": the commands wrote no " + path);
    return;
  }
  std::string actual = ReadBytes(output);
  bool exists = fs::is_regular_file(expected);
  if (options.update) {
    if (exists && ReadBytes(expected) == actual) return;
    WriteBytes(expected, actual);
    result.updated.push_back("expected/" + path);
    log << "updated expected/" << path << "\n";
    return;
  }
  if (!exists) {
    result.failures.push_back("expected/" + path + " is missing (NTLAB_UPDATE_BASELINES=1 writes it)");
    return;
  }
  std::string wanted = ReadBytes(expected);
  if (wanted != actual)
    result.failures.push_back("expected/" + path + " differs from the output: " + FirstDifference(wanted, actual) +
                              " (output kept in " + output.string() + "; NTLAB_UPDATE_BASELINES=1 accepts it)");
}

// Files under expected/ that the case no longer lists would pass unnoticed forever: an update
// removes them (the deletion shows in review), a normal run fails on them.
void CheckUnlisted(const RegressionCase& c, const RunOptions& options, CaseResult& result, std::ostream& log) {
  const fs::path root = c.dir / "expected";
  if (!fs::is_directory(root)) return;
  std::vector<fs::path> unlisted;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string path = entry.path().lexically_relative(root).generic_string();
    if (std::find(c.expected.begin(), c.expected.end(), path) == c.expected.end()) unlisted.push_back(entry.path());
  }
  for (const fs::path& file : unlisted) {
    std::string name = "expected/" + file.lexically_relative(root).generic_string();
    if (options.update) {
      fs::remove(file);
      result.updated.push_back(name);
      log << "removed " << name << " (not listed under expected:)\n";
    } else {
      result.failures.push_back(name +
                                " is not listed under expected: (list it, or NTLAB_UPDATE_BASELINES=1 removes it)");
    }
  }
}

void CompareOutputs(const std::pair<std::string, std::string>& pair, const RunOptions& options, CaseResult& result) {
  const auto& [first, second] = pair;
  for (const std::string& path : {first, second})
    if (!fs::is_regular_file(options.work / path)) {
      result.failures.push_back("identical: the commands wrote no " + path);
      return;
    }
  std::string a = ReadBytes(options.work / first), b = ReadBytes(options.work / second);
  if (a != b)
    result.failures.push_back("identical: " + second + " differs from " + first + ": " + FirstDifference(a, b));
}

}  // namespace

bool UpdateRequested() {
  const char* value = std::getenv("NTLAB_UPDATE_BASELINES");
  return value && *value && std::string(value) != "0";
}

std::string FingerprintText(const fs::path& root, const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    const fs::path full = root / path;
    if (fs::is_regular_file(full)) {
      files.push_back(path);
    } else if (fs::is_directory(full)) {
      for (const auto& entry : fs::recursive_directory_iterator(full))
        if (entry.is_regular_file()) files.push_back(entry.path().lexically_relative(root).generic_string());
    } else {
      throw std::runtime_error("fingerprint: the commands wrote no " + path);
    }
  }
  std::sort(files.begin(), files.end());
  std::string text;
  for (const std::string& file : files) text += Sha256Hex(ReadBytes(root / file)) + "  " + file + "\n";
  return text;
}

CaseResult RunCase(const RegressionCase& c, const RunOptions& options, std::ostream& log) {
  CaseResult result;
  std::error_code ec;
  fs::remove_all(options.work, ec);
  fs::create_directories(options.work);
  for (std::size_t i = 0; i < c.commands.size(); ++i) {
    const Command& command = c.commands[i];
    // The command as run, so that it can be pasted into a shell to reproduce a failure.
    log << "$ cd " << options.work.string() << " && " << options.ntlab.string();
    for (const std::string& arg : command.args) log << " " << arg;
    log << (command.stdout_file.empty() ? "" : " > " + command.stdout_file) << std::endl;
    int status = RunProcess(options.ntlab, command.args, options.work, command.stdout_file);
    if (status != 0) {
      // Later steps would only report the outputs this command did not write.
      result.failures.push_back("command " + std::to_string(i + 1) + " (ntlab " + command.text +
                                ") exited with status " + std::to_string(status));
      return result;
    }
  }
  try {
    if (c.fingerprint)
      WriteBytes(options.work / c.fingerprint->out, FingerprintText(options.work, c.fingerprint->paths));
    for (const std::string& path : c.expected) CompareOrUpdate(c, path, options, result, log);
    CheckUnlisted(c, options, result, log);
    for (const auto& pair : c.identical) CompareOutputs(pair, options, result);
  } catch (const std::exception& e) {
    result.failures.push_back(e.what());
  }
  for (const Check& check : c.checks) {
    std::vector<std::string> failures = check.Evaluate(options.work);
    if (failures.empty()) log << "ok   " << check.Label() << "\n";
    result.failures.insert(result.failures.end(), failures.begin(), failures.end());
  }
  return result;
}

}  // namespace ntlab::regression
