#include "experiments/cli/interrupt-watch.h"

#include "analyzers/formats/atomic-file.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace ntlab {
namespace {

int g_signalPipe[2] = {-1, -1};

std::mutex& ReactionMutex() {
  static std::mutex mutex;
  return mutex;
}
InterruptReaction& Reaction() {
  static InterruptReaction reaction;
  return reaction;
}

extern "C" void OnSignal(int signal) {
  const int saved = errno;
  const unsigned char number = static_cast<unsigned char>(signal);
  // write() is async-signal-safe; a full pipe means a signal is already waiting to be handled.
  [[maybe_unused]] ssize_t written = ::write(g_signalPipe[1], &number, 1);
  errno = saved;
}

// The crash note, written by SetCrashNote before the work it is about and read by OnCrash.
char g_crashNote[4096];
volatile std::sig_atomic_t g_crashNoteLength = 0;

void WriteToStderr(const char* text, std::size_t length) {
  [[maybe_unused]] ssize_t written = ::write(STDERR_FILENO, text, length);
}

extern "C" void OnCrash(int signal) {
  const char* name = signal == SIGSEGV  ? "SIGSEGV"
                     : signal == SIGFPE ? "SIGFPE"
                     : signal == SIGBUS ? "SIGBUS"
                                        : "SIGABRT";
  const char prefix[] = "ntlab: internal error: crashed with ";
  WriteToStderr(prefix, sizeof prefix - 1);
  WriteToStderr(name, std::strlen(name));
  if (g_crashNoteLength > 0) {
    WriteToStderr("; ", 2);
    WriteToStderr(g_crashNote, static_cast<std::size_t>(g_crashNoteLength));
  }
  WriteToStderr("\n", 1);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void Watch() {
  unsigned char number = 0;
  while (::read(g_signalPipe[0], &number, 1) == 1) {
    InterruptReaction reaction;
    {
      std::lock_guard<std::mutex> lock(ReactionMutex());
      reaction = Reaction();
    }
    if (reaction) reaction(number);
    else EndInterrupted(number, "");
  }
}

}  // namespace

void WatchInterrupts() {
  if (g_signalPipe[0] >= 0) return;
  if (::pipe2(g_signalPipe, O_CLOEXEC) != 0) return;  // no watch: the signals keep their default action
  std::thread(Watch).detach();
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  for (int crash : {SIGSEGV, SIGFPE, SIGBUS, SIGABRT}) std::signal(crash, OnCrash);
}

void SetCrashNote(const std::string& note) {
  g_crashNoteLength = 0;
  const std::size_t length = std::min(note.size(), sizeof g_crashNote);
  std::memcpy(g_crashNote, note.data(), length);
  g_crashNoteLength = static_cast<std::sig_atomic_t>(length);
}

void SetInterruptReaction(InterruptReaction reaction) {
  std::lock_guard<std::mutex> lock(ReactionMutex());
  Reaction() = std::move(reaction);
}

void EndInterrupted(int signal, const std::string& what) {
  const bool tookBack = OutputTransaction::RollBackBeforeExit();
  const std::string said = !what.empty() ? what : tookBack ? "the files this command wrote are taken back" : "stopped";
  if (::isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");  // below a progress line or the ^C
  std::fprintf(stderr, "ntlab: interrupted by %s: %s\n", SignalName(signal).c_str(), said.c_str());
  std::fflush(stderr);
  ::_exit(InterruptExitCode(signal));
}

int InterruptExitCode(int signal) { return 128 + signal; }

std::string SignalName(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal " + std::to_string(signal);
  }
}

}  // namespace ntlab
