// The run folder of one `ntlab run` (docs/formats.md): which files a run writes, which of them are
// bulky, and how a run replaces an earlier one without ever destroying it first.
//
// A run writes into a staging folder beside --out, "<out>.partial-<pid>", and only a run that
// succeeded takes the place of --out (Promote). A failed, crashed or interrupted run leaves the
// earlier run untouched and its own partial folder under that name. Promotion, when --out holds an
// earlier run, is one atomic exchange of the two folders (renameat2 RENAME_EXCHANGE); where the
// file system cannot exchange, the earlier run is first renamed to "<out>.replaced-<pid>", so that a
// crash between the two renames leaves both runs on disk, and the next run into --out puts the
// earlier one back. Every staging folder is locked (flock) by the process writing it, so leftovers
// of dead processes are told from folders another run is writing right now.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ntlab {

/// The captures and logs of a run: large, and not needed once metrics.json and report.md exist.
const std::vector<std::string>& BulkyRunOutputs();

/// A run being written, in its staging folder, until Promote() puts it in place of --out.
class StagedRunFolder {
 public:
  /// One line about what an earlier run into the same --out left behind and what was done with it.
  using NoteFunction = std::function<void(const std::string& note)>;

  /// Checks --out (an earlier run, an empty folder or nothing: anything else is an InputError),
  /// tidies up after earlier runs into it that died (NoteFunction says what it did), and creates
  /// the staging folder, locked by this process until it is promoted or the process ends.
  StagedRunFolder(const std::string& out, const NoteFunction& note);
  StagedRunFolder(const StagedRunFolder&) = delete;
  StagedRunFolder& operator=(const StagedRunFolder&) = delete;
  /// Leaves an unpromoted staging folder on disk: it is the failed run's evidence.
  ~StagedRunFolder();

  const std::string& Out() const { return m_out; }
  /// Where the run's steps write: the staging folder.
  const std::string& Staging() const { return m_staging; }
  bool Promoted() const { return m_promoted; }
  /// Replaces --out by the staging folder: the earlier run there, if any, is removed completely.
  void Promote();

 private:
  std::string m_out;
  std::string m_staging;
  int m_stagingLock = -1;
  bool m_promoted = false;
};

}  // namespace ntlab
