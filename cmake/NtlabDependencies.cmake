# Every dependency comes from Debian 12 packages; .ci/setup installs them.
find_package(PkgConfig REQUIRED)
pkg_check_modules(TINS REQUIRED IMPORTED_TARGET libtins)
pkg_check_modules(PCAP REQUIRED IMPORTED_TARGET libpcap)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)   # stats.sqlite of `ntlab domains`
find_package(Eigen3 REQUIRED NO_MODULE)
find_package(dlib REQUIRED)
find_package(Boost 1.74 REQUIRED)          # Boost.Graph is header-only for what ntlab uses
find_package(Catch2 2 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)           # SHA-1 and base64 for Community ID
find_package(absl REQUIRED)              # absl::flat_hash_map: the open-addressing session and cache tables
find_path(FCCP_INCLUDE_DIR libfccp/csv.h REQUIRED)   # fast-cpp-csv-parser (libfccp-dev)
add_library(ntlab_fccp INTERFACE)
target_include_directories(ntlab_fccp SYSTEM INTERFACE ${FCCP_INCLUDE_DIR})
target_link_libraries(ntlab_fccp INTERFACE Threads::Threads)
if(NTLAB_WITH_SIMULATION)
  find_package(ns3 3.37 REQUIRED)
endif()
