// Declares fetch_with_loops, the event-loop models' fetch (io_multi, io_mpi ranks): loops of sharded multi handles.
#pragma once

#include <cstddef>
#include <vector>

#include "easy_transfer.hpp"
#include "fetch_record.hpp"
#include "progress_line.hpp"
#include "request_feed.hpp"
#include "request_list.hpp"

namespace bb::io {

// --shards' default: one multi handle per this many transfers in flight in a loop (see multi_fetch.cpp).
inline constexpr std::size_t kTransfersPerShard = 100;
// ... and at most this many by default: each multi handle costs libcurl 7.88 ~46 KiB of its own (its socket
// hash and internal handle), which at 10,000 in flight over 100 shards lifted the memory per transfer from
// 12.87 to 13.33 KiB; 16 shards gave 12.99 KiB at the same wall time within the noise (see multi_fetch.cpp).
inline constexpr std::size_t kMostDefaultShards = 16;

// One event loop's share of a process's transfers: easy handles (its transfers in flight at most) and the
// multi handles ("shards") they are spread over.
struct LoopPlan {
  std::size_t handles = 0;
  std::size_t shards = 0;
};

// `workers` transfers in flight over `loops` loops (shares differ by at most one), each loop holding no
// more handles than the `requests` it could ever get; `shards` multi handles per loop (0: one per
// kTransfersPerShard handles, rounded up, at most kMostDefaultShards), never more than the loop's handles.
std::vector<LoopPlan> plan_loops(std::size_t workers, std::size_t requests, int loops, int shards);

// Multi handles over all loops of a plan (the CSV's shards column, summed over ranks by io_mpi).
std::size_t shard_count(const std::vector<LoopPlan>& plan);

// Runs one loop per plan entry, each on its own thread with its own epoll set (the first on the caller's),
// all taking requests from `feed` until it is empty; a finished handle takes the next request at once
// (the seed's asyncio.gather with a connection limit). `expected` is how many requests this process
// expects to make: when it is no more than its handles, each handle makes one transfer, and its
// connection is closed at its end. Returns one record per request taken, in no particular order;
// `progress` may be null.
std::vector<FetchRecord> fetch_with_loops(const RequestList& requests, const TransferSettings& settings,
                                          const std::vector<LoopPlan>& plan, RequestFeed& feed,
                                          std::size_t expected, ProgressLine* progress);

}  // namespace bb::io
