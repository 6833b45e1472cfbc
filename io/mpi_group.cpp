// io_mpi's run: barrier, each rank fetches its share with its loops, barrier; records and costs go to rank 0.
#include "mpi_group.hpp"

#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli.hpp"
#include "mpi_counter.hpp"
#include "mpi_session.hpp"
#include "multi_fetch.hpp"
#include "request_feed.hpp"
#include "run_usage.hpp"

namespace bb::io {

namespace {

constexpr int kNameLength = 256;

// The node a rank runs on: Slurm's name for it where set (emulated nodes share a host name), else the host's.
std::string node_name() {
  if (const char* slurm = std::getenv("SLURMD_NODENAME"); slurm && *slurm) return slurm;
  char name[kNameLength] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

// Distinct node names over the ranks, on rank 0 (0 elsewhere). Collective.
int count_nodes(const MpiSession& session) {
  char mine[kNameLength] = {};
  std::strncpy(mine, node_name().c_str(), sizeof mine - 1);
  std::vector<char> all(session.is_root() ? static_cast<std::size_t>(kNameLength * session.size()) : 0);
  MPI_Gather(mine, kNameLength, MPI_CHAR, all.data(), kNameLength, MPI_CHAR, 0, MPI_COMM_WORLD);
  std::set<std::string> names;
  for (int rank = 0; rank < (session.is_root() ? session.size() : 0); ++rank) {
    names.emplace(all.data() + static_cast<std::ptrdiff_t>(rank) * kNameLength);
  }
  return static_cast<int>(names.size());
}

// Rank `rank`'s static block of `count` requests: contiguous, sizes differing by at most one.
std::pair<std::size_t, std::size_t> block_of(std::size_t count, int rank, int ranks) {
  const auto r = static_cast<std::size_t>(rank);
  const auto n = static_cast<std::size_t>(ranks);
  const std::size_t begin = r * (count / n) + std::min(r, count % n);
  return {begin, begin + count / n + (r < count % n ? 1 : 0)};
}

class MpiRanks final : public FetchGroup {
 public:
  MpiRanks(int& argc, char**& argv) : session_(argc, argv, MPI_THREAD_SERIALIZED), nodes_(count_nodes(session_)) {
    MPI_Type_contiguous(static_cast<int>(sizeof(FetchRecord)), MPI_BYTE, &record_type_);
    MPI_Type_commit(&record_type_);
  }
  ~MpiRanks() override { MPI_Type_free(&record_type_); }
  MpiRanks(const MpiRanks&) = delete;
  MpiRanks& operator=(const MpiRanks&) = delete;

  int ranks() const override { return session_.size(); }
  int nodes() const override { return nodes_; }
  bool is_root() const override { return session_.is_root(); }

  std::optional<int> parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) override;
  bool ready(const IoOptions& options, const std::string& program) override {
    return options.schedule != "dynamic" || one_sided_window_available(MPI_COMM_WORLD, program);
  }
  std::size_t shards(const IoOptions& options) const override;
  TimedFetch run(const IoOptions& options, ProgressLine* progress) override;
  void abort_all() override { MPI_Abort(MPI_COMM_WORLD, 1); }

 private:
  // Requests rank `rank` may get: its block (static), or all of them (dynamic).
  std::size_t reach(const IoOptions& options, int rank) const {
    const auto [begin, end] = block_of(options.request_list.count, rank, session_.size());
    return options.schedule == "dynamic" ? options.request_list.count : end - begin;
  }
  std::vector<LoopPlan> plan(const IoOptions& options, int rank) const {
    return plan_loops(static_cast<std::size_t>(options.workers), reach(options, rank), options.loops, options.shards);
  }
  TimedFetch fetch_share(const IoOptions& options);
  std::vector<FetchRecord> gather(const std::vector<FetchRecord>& mine) const;

  MpiSession session_;
  int nodes_;
  MPI_Datatype record_type_ = MPI_DATATYPE_NULL;
};

std::optional<int> MpiRanks::parse(CLI::App& app, int argc, char** argv, const std::function<void()>& validate) {
  // Rank 0 speaks for all; a rank that refuses what rank 0 accepted (a limit of its own host, such as
  // open files) stops them all too, so that no rank goes on alone.
  const std::optional<int> mine = parse_command_line(app, argc, argv, is_root(), validate);
  int verdict = mine.value_or(-1);
  MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (verdict >= 0) return verdict;
  int first_refusing = mine ? session_.rank() : session_.size();
  MPI_Allreduce(MPI_IN_PLACE, &first_refusing, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (first_refusing == session_.size()) return std::nullopt;
  if (is_root()) {
    std::fprintf(stderr,
                 "%s: error: rank %d refused the options that rank 0 accepted (a limit of its host, such as open "
                 "files; run it there alone to see which); nothing was sent\n",
                 app.get_name().c_str(), first_refusing);
  }
  return 2;
}

std::size_t MpiRanks::shards(const IoOptions& options) const {
  std::size_t total = 0;
  for (int rank = 0; rank < session_.size(); ++rank) total += shard_count(plan(options, rank));
  return total;
}

TimedFetch MpiRanks::run(const IoOptions& options, ProgressLine*) {
  try {
    return fetch_share(options);
  } catch (const std::exception& error) {
    throw std::runtime_error("rank " + std::to_string(session_.rank()) + " on " + node_name() + ": " + error.what());
  }
}

TimedFetch MpiRanks::fetch_share(const IoOptions& options) {
  const std::size_t count = options.request_list.count;
  const auto workers = static_cast<std::size_t>(options.workers);
  // Set-up, kept out of the timed region: the counter's window and the rank's block.
  std::unique_ptr<OneSidedCounter> counter;
  std::unique_ptr<RequestFeed> feed;
  std::size_t expected = 0;
  if (options.schedule == "dynamic") {
    counter = std::make_unique<OneSidedCounter>(MPI_COMM_WORLD);
    // One batch is one round of the rank's transfers: a counter access per --workers requests, and at the
    // end a rank runs ahead of the others by at most one round.
    feed = std::make_unique<BatchFeed>([&counter] { return counter->next(); }, workers, count);
    expected = (count + static_cast<std::size_t>(session_.size()) - 1) / static_cast<std::size_t>(session_.size());
  } else {
    const auto [begin, end] = block_of(count, session_.rank(), session_.size());
    feed = std::make_unique<RangeFeed>(begin, end);
    expected = end - begin;
  }
  const auto loops = plan(options, session_.rank());

  MPI_Barrier(MPI_COMM_WORLD);
  const rusage before = own_usage();
  const double start = MPI_Wtime();
  const std::vector<FetchRecord> mine =
      fetch_with_loops(options.request_list, options.transfer, loops, *feed, expected, nullptr);
  // Before the closing barrier, where a rank that finished early may spin.
  RunUsage usage = usage_since(before);
  MPI_Barrier(MPI_COMM_WORLD);
  const double end = MPI_Wtime();
  feed.reset();
  counter.reset();

  TimedFetch timed;
  timed.wall_s = end - start;
  timed.records = gather(mine);
  usage.peak_rss_kib = own_usage().ru_maxrss;  // Linux reports KiB
  const void* send_cpu = is_root() ? MPI_IN_PLACE : &usage.cpu_s;
  MPI_Reduce(send_cpu, &usage.cpu_s, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  long long counts[3] = {usage.voluntary, usage.involuntary, usage.peak_rss_kib};
  MPI_Reduce(is_root() ? MPI_IN_PLACE : counts, counts, 3, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
  usage.voluntary = counts[0];
  usage.involuntary = counts[1];
  usage.peak_rss_kib = counts[2];
  timed.usage = usage;
  return timed;
}

std::vector<FetchRecord> MpiRanks::gather(const std::vector<FetchRecord>& mine) const {
  // Every latency reaches rank 0, so its percentiles are exact over all ranks.
  if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::runtime_error("more than 2^31 requests on one rank cannot be gathered; use more ranks");
  }
  const int count = static_cast<int>(mine.size());
  std::vector<int> counts(is_root() ? static_cast<std::size_t>(session_.size()) : 0);
  MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(counts.size());
  std::size_t total = 0;
  for (std::size_t rank = 0; rank < counts.size(); ++rank) {
    offsets[rank] = static_cast<int>(total);
    total += static_cast<std::size_t>(counts[rank]);
  }
  std::vector<FetchRecord> all(total);
  MPI_Gatherv(mine.data(), count, record_type_, all.data(), counts.data(), offsets.data(), record_type_, 0,
              MPI_COMM_WORLD);
  return all;
}

}  // namespace

std::unique_ptr<FetchGroup> join_mpi_ranks(int& argc, char**& argv) { return std::make_unique<MpiRanks>(argc, argv); }

}  // namespace bb::io
