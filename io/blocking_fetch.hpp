// Declares the blocking fetchers: fetch_sequentially (io_seq) and fetch_with_threads (io_threads).
#pragma once

#include <vector>

#include "easy_transfer.hpp"
#include "fetch_record.hpp"
#include "progress_line.hpp"
#include "request_list.hpp"

namespace bb::io {

// io_seq: one reused handle on the calling thread, requests in order (the seed's Session loop).
std::vector<FetchRecord> fetch_sequentially(const RequestList& requests, const TransferSettings& settings,
                                            ProgressLine& progress);

// io_threads: `workers` threads (no more than there are requests), one handle each, every
// thread taking the next request from a shared queue (the seed's ThreadPoolExecutor).
std::vector<FetchRecord> fetch_with_threads(const RequestList& requests, const TransferSettings& settings,
                                            int workers, ProgressLine& progress);

}  // namespace bb::io
