# The fuzzing build (-DNTLAB_FUZZ=ON, clang only, analysis side only): every target of the tree is
# compiled with libFuzzer's coverage instrumentation and AddressSanitizer + UndefinedBehaviorSanitizer,
# so a harness finds memory errors and undefined behaviour in ntlab's own parsers, not only crashes.
# Included from the top CMakeLists.txt before any library is defined; tests/fuzz/run-fuzz.sh makes
# this build in a folder of its own.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "NTLAB_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14")
endif()
# The harnesses cover the analysis side; ns-3 would only slow the build.
set(NTLAB_WITH_SIMULATION OFF CACHE BOOL "Build the ns-3 side (scenarios, models, traffic generators)" FORCE)
# A long campaign may leave ASan out (-DNTLAB_FUZZ_SANITIZERS="-fsanitize=undefined;-fno-sanitize-recover=undefined"):
# two to four times the executions a second on the YAML and CSV harnesses; run-fuzz.sh --replay then
# runs every corpus entry it found through the ASan build (docs/robustness.md).
set(NTLAB_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined
    CACHE STRING "Sanitizers of the fuzzing build (a list)")
add_compile_options(-fsanitize=fuzzer-no-link ${NTLAB_FUZZ_SANITIZERS} -fno-omit-frame-pointer -g -O2
                    -fsanitize-ignorelist=${CMAKE_CURRENT_LIST_DIR}/ubsan-ignorelist.txt
                    -Wno-unknown-warning-option)  # the libraries' gcc-only -Wno-stringop-truncation
add_link_options(${NTLAB_FUZZ_SANITIZERS})
# fast-cpp-csv-parser (now only the csv-reader harness's reference) allocates 48 MiB for every file
# it opens (3 blocks of 16 MiB) and reads ahead on a thread of its own. Under ASan both cost
# milliseconds per input (the shadow of the buffer is poisoned on free, a thread's stack shadow is
# cleared), which held the CSV harnesses to about 50 inputs a second. The fuzzing build therefore uses a copy of its header with 64 KiB blocks
# and reads synchronously (CSV_IO_NO_THREAD): the line splitting and field parsing are the same
# code, and the block size only bounds the longest line, far above the 4 KiB inputs fuzzed.
# (The synchronous branch of the header forgets <limits>, which the threaded one brings in.)
find_path(FCCP_INCLUDE_DIR libfccp/csv.h REQUIRED)  # as cmake/NtlabDependencies.cmake, which comes later
file(READ ${FCCP_INCLUDE_DIR}/libfccp/csv.h fccp_header)
string(REPLACE "static const int block_len = 1<<24;" "static const int block_len = 1<<16;" fuzz_fccp_header
       "${fccp_header}")
if(fuzz_fccp_header STREQUAL fccp_header)
  message(FATAL_ERROR "NTLAB_FUZZ: libfccp/csv.h has no 'block_len = 1<<24' to shrink")
endif()
# Written through configure_file so that the header is touched only when its text changes: a fresh
# timestamp on every configure rebuilt the whole fuzzing tree each time run-fuzz.sh was called.
file(WRITE ${PROJECT_BINARY_DIR}/fuzz-fccp/csv.h.new "#include <limits>\n${fuzz_fccp_header}")
configure_file(${PROJECT_BINARY_DIR}/fuzz-fccp/csv.h.new ${PROJECT_BINARY_DIR}/fuzz-fccp/libfccp/csv.h COPYONLY)
include_directories(BEFORE SYSTEM ${PROJECT_BINARY_DIR}/fuzz-fccp)
add_compile_definitions(CSV_IO_NO_THREAD)
add_subdirectory(${CMAKE_CURRENT_LIST_DIR} ${PROJECT_BINARY_DIR}/tests/fuzz)
