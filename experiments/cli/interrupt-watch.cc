#include "experiments/cli/interrupt-watch.h"

#include "analyzers/formats/atomic-file.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
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

void Watch() {
  unsigned char number = 0;
  while (::read(g_signalPipe[0], &number, 1) == 1) {
    InterruptReaction reaction;
    {
      std::lock_guard<std::mutex> lock(ReactionMutex());
      reaction = Reaction();
    }
    if (reaction) reaction(number);
    else EndInterrupted(number, "outputs of this command taken back");
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
}

void SetInterruptReaction(InterruptReaction reaction) {
  std::lock_guard<std::mutex> lock(ReactionMutex());
  Reaction() = std::move(reaction);
}

void EndInterrupted(int signal, const std::string& what) {
  OutputTransaction::RollBackBeforeExit();
  if (::isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");  // below a progress line or the ^C
  std::fprintf(stderr, "ntlab: interrupted by %s: %s\n", SignalName(signal).c_str(), what.c_str());
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
