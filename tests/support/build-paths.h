// Where the source tree and the build tree are, for tests that read committed inputs or write
// scratch files. The two paths are compiled into one file (build-paths.cc) only: a path on every
// test's compile line would make each checkout's test objects differ, and ccache could not share them.
#pragma once

namespace ntlab::test {
const char* SourceDir();
const char* BinaryDir();
}  // namespace ntlab::test

#define NTLAB_SOURCE_DIR (::ntlab::test::SourceDir())
#define NTLAB_BINARY_DIR (::ntlab::test::BinaryDir())
