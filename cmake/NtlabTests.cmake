# Tests selected by labels. Each Catch2 test case is one ctest test, labelled with the selection
# tags it carries (NTLAB_TEST_LABELS): `ctest -L analysis` runs what needs no ns-3, `ctest -L sim`
# what simulates, `-L e2e` the end-to-end runs through the real `ntlab`, `-LE slow` skips the
# long ones. Every test case carries exactly one of [analysis] and [sim]; the build fails
# otherwise, since such a test would run in neither CI configuration.
set(NTLAB_TEST_LABELS analysis sim e2e slow regression)

# ntlab_catch_tests(<target> [WORKING_DIRECTORY dir]): like Catch2's catch_discover_tests, the
# test cases are listed from the built binary after each build (no reconfigure when tests
# change), but each test gets all its labels from one listing per tag.
function(ntlab_catch_tests target)
  cmake_parse_arguments(ARG "" "WORKING_DIRECTORY" "" ${ARGN})
  if(NOT ARG_WORKING_DIRECTORY)
    set(ARG_WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set(tests_file "${CMAKE_CURRENT_BINARY_DIR}/${target}-tests.cmake")
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${target}-include.cmake")
  add_custom_command(TARGET ${target} POST_BUILD
    BYPRODUCTS ${tests_file}
    COMMAND ${CMAKE_COMMAND} -D "TEST_EXECUTABLE=$<TARGET_FILE:${target}>"
            -D "TEST_WORKING_DIR=${ARG_WORKING_DIRECTORY}" -D "TESTS_FILE=${tests_file}"
            -D "LABEL_TAGS=${NTLAB_TEST_LABELS}" -P ${PROJECT_SOURCE_DIR}/cmake/NtlabCatchAddTests.cmake
    VERBATIM)
  file(WRITE ${include_file}
    "if(EXISTS \"${tests_file}\")\n"
    "  include(\"${tests_file}\")\n"
    "else()\n"
    "  add_test(${target}_NOT_BUILT ${target}_NOT_BUILT)\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${include_file})
endfunction()

# ntlab_simulation_test_files(<out-var> <file>...): the files with a test case tagged [sim]. They
# simulate (ns-3) or drive `ntlab run`, so the analysis-only build leaves them out. Decided by the
# tags the file declares, not by its folder.
function(ntlab_simulation_test_files out)
  set(found)
  foreach(file ${ARGN})
    file(READ ${file} text)
    if(text MATCHES "\"(\\[[a-z0-9-]+\\])*\\[sim\\]")
      list(APPEND found ${file})
    endif()
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# How test files are compiled (docs/ci.md). What the tests check is the libraries' and ntlab's
# code, compiled as the build type says; the test files' own code (fixtures, Catch2's expression
# templates) only has to be compiled, and at -O3 it cost CI about a third more compiler time.
#  - Optimising builds: -O1, which still feeds gcc's flow warnings (-Wmaybe-uninitialized).
#  - The fuzzing build (.ci/sanitize's ASan + UBSan run): -O0, the level at which ASan misses the
#    fewest accesses, and no libFuzzer coverage hooks, which only the harnesses use.
#  - NTLAB_PRECOMPILED_HEADERS: what nearly every test file includes (the standard library,
#    nlohmann/json, Catch2) is parsed once per build instead of once per file (a third of clang's
#    time on a test file). Off by default when ccache is the compiler launcher: ccache caches such
#    objects only with CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime,
#    and without a precompiled header each test object is the same in every checkout, so the
#    worktrees share it. A fresh CI machine has no ccache, so CI gets the header.
if("${CMAKE_CXX_COMPILER_LAUNCHER};$ENV{CMAKE_CXX_COMPILER_LAUNCHER}" MATCHES "ccache")
  set(_ntlab_pch_default OFF)
else()
  set(_ntlab_pch_default ON)
endif()
option(NTLAB_PRECOMPILED_HEADERS "Precompile the headers every test file includes (default: ON unless ccache is the launcher)"
       ${_ntlab_pch_default})

function(ntlab_test_compile_options target)
  if(NTLAB_FUZZ)
    target_compile_options(${target} PRIVATE -O0 -fno-sanitize=fuzzer-no-link)
  else()
    target_compile_options(${target} PRIVATE $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:-O1>)
  endif()
  if(NTLAB_PRECOMPILED_HEADERS)
    target_precompile_headers(${target} PRIVATE
      <algorithm> <cstdint> <filesystem> <fstream> <map> <set> <sstream> <string> <vector>
      <nlohmann/json.hpp> <catch2/catch.hpp>)
  endif()
endfunction()
