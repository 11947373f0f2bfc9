// A file that appears under its final name only when complete: bad input or a crash must never
// leave a half-written output behind. And the files of one command as one transaction: a command
// that fails late takes back what it wrote earlier in the same call.
#pragma once

#include <fstream>
#include <string>
#include <vector>

namespace ntlab {

class AtomicFile {
 public:
  /// Opens "<path>.tmp-<pid>" for writing; throws InputError if that fails.
  explicit AtomicFile(std::string path, bool binary = false);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary file unless Commit() succeeded.
  ~AtomicFile();

  std::ostream& Stream() { return m_out; }
  const std::string& Path() const { return m_path; }
  const std::string& TempPath() const { return m_tempPath; }
  /// Flushes, closes and renames into place (CommitFile); throws InputError on any I/O failure.
  void Commit();

 private:
  std::string m_path;
  std::string m_tempPath;
  std::ofstream m_out;
  bool m_committed = false;
};

/// Writes `content` to `path` atomically.
void WriteFileAtomically(const std::string& path, const std::string& content);

/// Renames the complete file `temp_path` to `path`, noted by the open OutputTransaction if there is
/// one. Every writer's last step (AtomicFile, figures drawn by a child process).
void CommitFile(const std::string& temp_path, const std::string& path);

/// A temporary file written by other means than AtomicFile (a SQLite database) is noted while it
/// is being written, so that an interrupt removes it too (RollBackBeforeExit); CommitFile renames
/// it, DiscardTemporaryFile removes it, and either forgets it.
void NoteTemporaryFile(const std::string& temp_path);
void DiscardTemporaryFile(const std::string& temp_path);

/// Throws InputError naming `path` when a file cannot be written there: its folder is missing, is
/// not a folder or is not writable, or `path` is a folder. Commands check their outputs before
/// doing any work, so that a bad output path does not fail them late.
void CheckOutputFile(const std::string& path);

/// The outputs of one command. While it is open, every file committed (CommitFile) is noted, and a
/// file it replaces is kept aside (hard-linked as "<path>.ntlab-old-<pid>"); so are the folders it
/// creates (CreateFolders). Unless Keep() is called, it rolls back: removes the new files and
/// folders and puts the replaced files back, as they were before the call. One at a time.
class OutputTransaction {
 public:
  OutputTransaction();
  ~OutputTransaction();
  OutputTransaction(const OutputTransaction&) = delete;
  OutputTransaction& operator=(const OutputTransaction&) = delete;

  /// create_directories, noting the outermost folder it made (removed whole on rollback: all of it
  /// was written by this command).
  void CreateFolders(const std::string& dir);
  /// The command succeeded: drops the kept-aside copies and closes the transaction.
  void Keep();

  /// From any thread, for a process about to end (the interrupt watch): rolls back the open
  /// transaction, removes every temporary file being written, and holds every later write until
  /// the process ends. Whether a transaction was open.
  static bool RollBackBeforeExit();

 private:
  friend void CommitFile(const std::string&, const std::string&);
  struct Committed {
    std::string path;
    std::string kept;  // the replaced file, "" if there was none
  };
  void RollBack();
  std::vector<Committed> m_committed;
  std::vector<std::string> m_createdFolders;
  bool m_open = true;
};

}  // namespace ntlab
