# The analysis side never needs ns-3, and this proves it for every build:
#   - configure time: in the analysis-only build (NTLAB_WITH_SIMULATION=OFF) ns-3 is not even
#     looked for, and no target may link an ns3:: target;
#   - test time (ctest -L analysis): no object of a target that does not link ns-3 (in the
#     analysis-only build: no object at all) was compiled with an ns-3 header. Debian installs
#     them in /usr/include/ns3, on the compiler's default path, so an `#include "ns3/..."` would
#     otherwise compile unnoticed; the compiler's dependency lists tell.
# Call ntlab_check_no_ns3() at the end of the top-level CMakeLists.txt, after every target exists.

function(_ntlab_targets_below dir out)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub ${subdirs})
    _ntlab_targets_below(${sub} below)
    list(APPEND targets ${below})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

# Whether `target` links an ns3:: target, directly or through the libraries it links.
function(_ntlab_links_ns3 target out)
  get_property(known GLOBAL PROPERTY _NTLAB_LINKS_NS3_${target} SET)
  if(known)
    get_property(answer GLOBAL PROPERTY _NTLAB_LINKS_NS3_${target})
    set(${out} ${answer} PARENT_SCOPE)
    return()
  endif()
  set_property(GLOBAL PROPERTY _NTLAB_LINKS_NS3_${target} FALSE)  # ends cycles of static libraries
  set(answer FALSE)
  get_target_property(type ${target} TYPE)
  set(libs)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(libs ${target} LINK_LIBRARIES)
  endif()
  get_target_property(interface_libs ${target} INTERFACE_LINK_LIBRARIES)
  foreach(lib ${libs} ${interface_libs})
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" lib "${lib}")
    if(lib MATCHES "^ns3::" OR lib MATCHES "libns3")
      set(answer TRUE)
    elseif(TARGET ${lib})
      _ntlab_links_ns3(${lib} linked)
      if(linked)
        set(answer TRUE)
      endif()
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY _NTLAB_LINKS_NS3_${target} ${answer})
  set(${out} ${answer} PARENT_SCOPE)
endfunction()

function(ntlab_check_no_ns3)
  _ntlab_targets_below(${PROJECT_SOURCE_DIR} targets)
  set(object_dirs)
  foreach(target ${targets})
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$")
      continue()
    endif()
    _ntlab_links_ns3(${target} linked)
    if(linked AND NOT NTLAB_WITH_SIMULATION)
      message(FATAL_ERROR "${target} links ns-3, but this is the analysis-only build (NTLAB_WITH_SIMULATION=OFF)")
    endif()
    if(NOT linked)
      get_target_property(binary_dir ${target} BINARY_DIR)
      list(APPEND object_dirs "${binary_dir}/CMakeFiles/${target}.dir")
    endif()
  endforeach()
  add_test(NAME "build: no ns-3 header in any object that does not link ns-3"
           COMMAND ${CMAKE_COMMAND} "-DOBJECT_DIRS=${object_dirs}" "-DGENERATOR=${CMAKE_GENERATOR}"
                   "-DBUILD_DIR=${PROJECT_BINARY_DIR}" -P ${PROJECT_SOURCE_DIR}/cmake/NtlabCheckNoNs3Includes.cmake)
  set_tests_properties("build: no ns-3 header in any object that does not link ns-3" PROPERTIES LABELS analysis)
endfunction()
