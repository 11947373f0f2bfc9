# ntlab_library(<name> DIRS <folder>... [LIBS ...]): a static library made of every .cc directly
# in the given folders, with the repository root on the include path so headers are included as
# "analyzers/formats/records.h". New files are picked up at build time (CONFIGURE_DEPENDS).
# Files ending in -test.cc never belong to a library (tests live under tests/).
function(ntlab_library name)
  cmake_parse_arguments(ARG "" "" "DIRS;LIBS" ${ARGN})
  set(srcs)
  foreach(dir ${ARG_DIRS})
    file(GLOB dir_srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cc)
    list(APPEND srcs ${dir_srcs})
  endforeach()
  list(FILTER srcs EXCLUDE REGEX "-test\\.cc$")
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE -Wall -Wextra -Wno-stringop-truncation)
  target_link_libraries(${name} PUBLIC ${ARG_LIBS})
endfunction()
