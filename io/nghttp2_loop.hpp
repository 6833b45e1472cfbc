// Declares make_nghttp2_loop: an event loop that speaks h2c through nghttp2 sessions directly (--client nghttp2).
#pragma once

#include <cstddef>
#include <memory>

#include "easy_transfer.hpp"
#include "fetch_loop.hpp"
#include "h2c_targets.hpp"
#include "progress_line.hpp"
#include "request_feed.hpp"

namespace bb::io {

// A loop of `handles` streams in flight at most, spread over `connections` HTTP/2 connections per
// origin (stream slot i uses connection i % connections of its request's origin). Requests come from
// `feed`; `records` is room reserved for the records; `progress` may be null.
std::unique_ptr<FetchLoop> make_nghttp2_loop(const H2cTargets& targets, const TransferSettings& settings,
                                             std::size_t handles, std::size_t connections, RequestFeed& feed,
                                             std::size_t records, ProgressLine* progress);

}  // namespace bb::io
