// Declares fetch_with_multi, the event-loop model (io_multi): at most --workers transfers in flight on one thread.
#pragma once

#include <vector>

#include "easy_transfer.hpp"
#include "fetch_record.hpp"
#include "progress_line.hpp"
#include "request_list.hpp"

namespace bb::io {

// At most `workers` transfers in flight; a finished handle takes the next request at once
// (the seed's asyncio.gather with a connection limit).
std::vector<FetchRecord> fetch_with_multi(const RequestList& requests, const TransferSettings& settings,
                                          int workers, ProgressLine& progress);

}  // namespace bb::io
