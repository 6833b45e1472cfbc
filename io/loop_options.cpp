// Registers and checks --loops, --shards and --schedule: every loop gets a transfer in flight, every shard one too.
#include "loop_options.hpp"

#include <string>

#include "cli.hpp"
#include "h2c_targets.hpp"
#include "multi_fetch.hpp"
#include "usage_error.hpp"

namespace bb::io {

namespace {

// More threads than this is a typo, not an event-loop design.
constexpr int kMostLoops = 1024;

}  // namespace

void add_loop_options(CLI::App& app, IoOptions& options, Model model) {
  if (!runs_event_loops(model)) return;
  app.add_option("--loops", options.loops,
                 std::string("Event loops, each a thread with its own epoll set and multi handles, all taking "
                             "requests from one shared counter") +
                     (model == Model::mpi ? " (per rank)" : ""))
      ->transform(decimal())
      ->check(CLI::Range(1, kMostLoops))
      ->capture_default_str();
  app.add_option("--shards", options.shards,
                 "libcurl multi handles per loop, sharing its epoll set (default: one per " +
                     std::to_string(kTransfersPerShard) +
                     " transfers in flight in the loop, rounded up, at most " + std::to_string(kMostDefaultShards) +
                     ": libcurl 7.88 scans a multi handle's whole "
                     "connection cache for every request, which at 1,000 connections made each request cost 1.6x, and each "
                     "multi handle holds ~46 KiB of its own)")
      ->transform(decimal())
      ->check(CLI::Range(1, 1'000'000));
  app.add_option("--client", options.client,
                 "HTTP client of the loops: libcurl, or nghttp2 (with --http2, http:// URLs only): HTTP/2 sessions "
                 "driven directly, ~0.6 KiB per stream in flight against libcurl's ~8.8 KiB; --shards is then its "
                 "connections per origin per loop; it follows no redirect (a 3xx is the answer) and ignores proxy "
                 "variables")
      ->check(CLI::IsMember({"libcurl", "nghttp2"}))
      ->capture_default_str();
  if (model == Model::mpi) {
    app.add_option("--schedule", options.schedule,
                   "How requests reach the ranks: static (contiguous blocks, one per rank) or dynamic (batches "
                   "of --workers requests from a counter on rank 0, MPI one-sided)")
        ->check(CLI::IsMember({"static", "dynamic"}))
        ->capture_default_str();
  }
}

void finish_loop_options(IoOptions& options, Model model) {
  if (!runs_event_loops(model)) return;
  if (options.client == "nghttp2") {
    if (!options.transfer.http2) throw UsageError("--client", "nghttp2 speaks HTTP/2 only; add --http2");
    if (options.transfer.fresh_connections) {
      throw UsageError("--client", "nghttp2 keeps its connections; --fresh-connections needs --client libcurl");
    }
    const H2cTargets http_only(options.request_list);  // throws naming a URL that is not http://
    options.transfer.client = Client::nghttp2;
  }
  const char* workers = model == Model::mpi ? "--workers (per rank)" : "--workers";
  if (options.loops > options.workers) {
    throw UsageError("--loops", std::to_string(options.loops) + " loops need at least as many transfers in flight; " +
                                    workers + " is " + std::to_string(options.workers) + "; use --loops " +
                                    std::to_string(options.workers) + " or fewer");
  }
  const int fewest_per_loop = options.workers / options.loops;
  if (options.shards > fewest_per_loop) {
    throw UsageError("--shards", std::to_string(options.shards) + " multi handles per loop need at least as many " +
                                     "transfers in flight in each loop, and " + workers + " " +
                                     std::to_string(options.workers) + " over " + std::to_string(options.loops) +
                                     " loop(s) gives " + std::to_string(fewest_per_loop) + "; use --shards " +
                                     std::to_string(fewest_per_loop) + " or fewer");
  }
}

long loop_descriptors(const IoOptions& options, Model model) {
  if (!runs_event_loops(model)) return 0;
  const auto plan = plan_loops(static_cast<std::size_t>(options.workers), options.request_list.count, options.loops,
                               options.shards);
  return static_cast<long>(plan.size() + 2 * shard_count(plan));
}

}  // namespace bb::io
