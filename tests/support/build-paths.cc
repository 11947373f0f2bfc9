#include "tests/support/build-paths.h"

namespace ntlab::test {
const char* SourceDir() { return NTLAB_TEST_SOURCE_DIR; }
const char* BinaryDir() { return NTLAB_TEST_BINARY_DIR; }
}  // namespace ntlab::test
