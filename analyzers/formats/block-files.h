// sessions.csv of `ntlab block` (docs/formats.md, docs/blocking.md): one row per session with each
// blocking method's decision and its evidence. Written atomically.
#pragma once

#include "analyzers/formats/csv-io.h"

#include <cstdint>
#include <string>

namespace ntlab {

struct BlockSessionRow {
  std::uint64_t session = 0;
  Proto proto = Proto::Tcp;
  Endpoint host;
  Endpoint remote;
  Direction direction = Direction::Outbound;
  TimeUs first_ts = 0;
  TimeUs last_ts = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::string process;           // the engine's label; empty without a socket log
  std::string truth_process;     // empty without a truth
  std::string protocol;          // messenger protocol recognised; empty: none
  std::string blocked_by;        // methods that drop it, ';'-joined; "-" none
  std::string not_evaluable;     // methods that could not be judged, ';'-joined
  std::string blocked_by_truth;  // as blocked_by, with the truth's owner; empty without a truth
  std::string reason;            // each method's evidence, "method: ...", " | "-joined
};

class BlockSessionWriter {
 public:
  explicit BlockSessionWriter(const std::string& path);
  void Write(const BlockSessionRow& row);
  void Commit() { m_csv.Commit(); }

 private:
  CsvWriter m_csv;
};

}  // namespace ntlab
