// io_multi's run: the whole request list from one shared counter, fetched by --loops sharded event loops.
#include "loop_group.hpp"

#include "clock.hpp"
#include "multi_fetch.hpp"
#include "run_usage.hpp"

namespace bb::io {

namespace {

class ThisProcess final : public FetchGroup {
 public:
  std::size_t shards(const IoOptions& options) const override { return shard_count(plan(options)); }

  TimedFetch run(const IoOptions& options, ProgressLine* progress) override {
    const std::size_t count = options.request_list.count;
    const auto loops = plan(options);
    const rusage before = own_usage();
    const Stopwatch wall;
    RangeFeed feed(0, count);
    TimedFetch timed;
    timed.records = fetch_with_loops(options.request_list, options.transfer, loops, feed, count, progress);
    timed.wall_s = wall.seconds();
    timed.usage = usage_since(before);
    return timed;
  }

 private:
  static std::vector<LoopPlan> plan(const IoOptions& options) {
    return plan_loops(static_cast<std::size_t>(options.workers), options.request_list.count, options.loops,
                      options.shards);
  }
};

}  // namespace

std::unique_ptr<FetchGroup> join_this_process(int&, char**&) { return std::make_unique<ThisProcess>(); }

}  // namespace bb::io
