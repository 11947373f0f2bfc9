# Run after each build of a Catch2 test binary (ntlab_catch_tests): writes TESTS_FILE, which adds
# one ctest test per test case, labelled with the LABEL_TAGS it carries.
#   -D TEST_EXECUTABLE=... -D TEST_WORKING_DIR=... -D TESTS_FILE=... -D LABEL_TAGS=a;b;c

# The test case names matching a Catch2 test spec ("" for all).
function(list_test_cases spec out)
  execute_process(COMMAND "${TEST_EXECUTABLE}" ${spec} --list-test-names-only
                  OUTPUT_VARIABLE listing RESULT_VARIABLE result WORKING_DIRECTORY "${TEST_WORKING_DIR}")
  if(NOT result MATCHES "^[0-9]+$")
    message(FATAL_ERROR "${TEST_EXECUTABLE} ${spec} --list-test-names-only failed: ${result}\n${listing}")
  endif()
  # A ';' would split the name in two (CMake lists), and ctest would pass a test that ran nothing.
  if(listing MATCHES ";")
    string(REGEX MATCH "[^\n]*;[^\n]*" offending "${listing}")
    message(FATAL_ERROR "${TEST_EXECUTABLE}: test case '${offending}' has a ';' in its name; ctest cannot run it")
  endif()
  string(REPLACE "\n" ";" lines "${listing}")
  set(names)
  foreach(line ${lines})
    if(NOT line STREQUAL "")
      list(APPEND names "${line}")
    endif()
  endforeach()
  set(${out} "${names}" PARENT_SCOPE)
endfunction()

# A ctest-file argument: bracket-quoted when it holds anything beyond plain characters.
function(quoted value out)
  if(value MATCHES "[^-./:a-zA-Z0-9_]")
    set(${out} "[==[${value}]==]" PARENT_SCOPE)
  else()
    set(${out} "${value}" PARENT_SCOPE)
  endif()
endfunction()

if(NOT EXISTS "${TEST_EXECUTABLE}")
  message(FATAL_ERROR "Test executable '${TEST_EXECUTABLE}' does not exist")
endif()
# Test cases tagged [kernel] build namespaces, veths and nftables tables on the real kernel and
# check the root namespace for leftovers: two at once would see each other's work in progress.
foreach(tag ${LABEL_TAGS} kernel)
  list_test_cases("[${tag}]" tagged)
  foreach(name ${tagged})
    string(MD5 key "${name}")
    list(APPEND labels_${key} ${tag})
  endforeach()
endforeach()

list_test_cases("" all_names)
set(script "")
foreach(name ${all_names})
  string(MD5 key "${name}")
  set(labels "${labels_${key}}")
  set(kinds ${labels})
  list(FILTER kinds INCLUDE REGEX "^(analysis|sim)$")
  list(LENGTH kinds kind_count)
  if(NOT kind_count EQUAL 1)
    message(FATAL_ERROR "${TEST_EXECUTABLE}: test case '${name}' must carry exactly one of the tags "
                        "[analysis] (no ns-3) and [sim] (simulates); it has: ${labels}")
  endif()
  # Catch2 reads commas and brackets in a test spec as syntax.
  set(spec "${name}")
  foreach(char , [ ])
    string(REPLACE "${char}" "\\${char}" spec "${spec}")
  endforeach()
  set(lock "")
  list(FIND labels kernel kernel_at)  # a -P script has no policies set, so no IN_LIST
  if(NOT kernel_at EQUAL -1)
    list(REMOVE_ITEM labels kernel)
    set(lock " RESOURCE_LOCK kernel")
  endif()
  quoted("${name}" name_arg)
  quoted("${spec}" spec_arg)
  string(APPEND script "add_test(${name_arg} \"${TEST_EXECUTABLE}\" ${spec_arg})\n"
         "set_tests_properties(${name_arg} PROPERTIES WORKING_DIRECTORY \"${TEST_WORKING_DIR}\" "
         "LABELS \"${labels}\"${lock})\n")
endforeach()
file(WRITE "${TESTS_FILE}" "${script}")
