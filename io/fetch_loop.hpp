// Declares FetchLoop: one event loop of io_multi or an io_mpi rank, whichever HTTP client drives it.
#pragma once

#include <vector>

#include "fetch_record.hpp"

namespace bb::io {

// Made (every handle and connection table allocated) before any request is sent, then run once on
// its own thread.
class FetchLoop {
 public:
  virtual ~FetchLoop() = default;
  // Fetches until the feed is empty and every transfer has ended; returns their records.
  virtual std::vector<FetchRecord> run() = 0;
};

}  // namespace bb::io
