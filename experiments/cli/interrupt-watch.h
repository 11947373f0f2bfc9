// Ctrl-C (SIGINT) and SIGTERM, handled in ordinary code: the signal handler only writes the
// signal's number to a pipe; a watcher thread reads it and calls the command's reaction, which may
// then take locks, print and clean up. The default reaction takes back what the command wrote
// (OutputTransaction) and ends the process with the conventional 128 + signal number: 130 for
// SIGINT, 143 for SIGTERM. `run` says where its partial run is; an experiment passes the signal on
// to its runs and lets them finish first. A crash is not handled, only explained (SetCrashNote).
#pragma once

#include <functional>
#include <string>

namespace ntlab {

/// What to do when SIGINT or SIGTERM arrives. A reaction that returns lets the process go on.
using InterruptReaction = std::function<void(int signal)>;

/// Starts watching for SIGINT and SIGTERM (once per process) with the default reaction.
void WatchInterrupts();

/// Replaces the reaction; an empty one restores the default.
void SetInterruptReaction(InterruptReaction reaction);

/// Sets a reaction for as long as it lives, and the default again when it goes, also when the
/// command throws: a reaction must not outlive what it refers to.
class ScopedInterruptReaction {
 public:
  explicit ScopedInterruptReaction(InterruptReaction reaction) { SetInterruptReaction(std::move(reaction)); }
  ~ScopedInterruptReaction() { SetInterruptReaction(nullptr); }
  ScopedInterruptReaction(const ScopedInterruptReaction&) = delete;
  ScopedInterruptReaction& operator=(const ScopedInterruptReaction&) = delete;
};

/// Takes back the command's outputs, prints "ntlab: interrupted by SIGINT: <what>" (by default,
/// whether files were taken back) and ends the process with InterruptExitCode(signal).
[[noreturn]] void EndInterrupted(int signal, const std::string& what);

/// One line for stderr should the process crash (SIGSEGV, SIGFPE, SIGBUS, SIGABRT), after
/// "ntlab: internal error: crashed with SIGFPE; ": a run that crashes still says where its partial
/// run is and that the earlier one is untouched. The crash itself goes on (core dump, exit status).
void SetCrashNote(const std::string& note);

/// 128 + signal: how shells report a process ended by a signal.
int InterruptExitCode(int signal);

/// "SIGINT", "SIGTERM".
std::string SignalName(int signal);

}  // namespace ntlab
