// run_io_program: libcurl global init, parse and check the options, then time fetch_all over warm-ups and repeats.
#include "io_program.hpp"

#include <curl/curl.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>

#include "cli.hpp"
#include "clock.hpp"
#include "exit_codes.hpp"
#include "io_report.hpp"
#include "model_description.hpp"
#include "output_check.hpp"
#include "repeat_driver.hpp"
#include "run_usage.hpp"

namespace bb::io {

namespace {

// libcurl's global state must be set up once, before any thread exists.
class CurlGlobal {
 public:
  CurlGlobal() : code_(curl_global_init(CURL_GLOBAL_DEFAULT)) {}
  ~CurlGlobal() {
    if (code_ == CURLE_OK) curl_global_cleanup();
  }
  CURLcode code() const { return code_; }

 private:
  CURLcode code_;
};

const char* kind_of(Model model) {
  switch (model) {
    case Model::threads: return "threads";
    case Model::multi: return "event-loop";
    case Model::mpi: return "processes";
    case Model::seq: break;
  }
  return "sequential";
}

// The row's `schedule`: how the requests reach the workers. io_threads' threads and io_multi's
// handles each take the next request when they are free (dynamic); io_mpi's ranks split them as
// --schedule says; io_seq has one worker.
const char* schedule_name(Model model, const IoOptions& io) {
  switch (model) {
    case Model::threads:
    case Model::multi: return "dynamic";
    case Model::mpi: return io.schedule == "dynamic" ? "dynamic" : "static";
    case Model::seq: break;
  }
  return "none";
}

ModelDescription description_of(const IoProgram& program, const CLI::App& app) {
  return {.name = program.name,
          .suite = "io",
          .kind = kind_of(program.model),
          // io_mpi's item RxW: R ranks (mpirun -np R) with --workers W transfers in flight each.
          .launch = program.model == Model::mpi ? "mpi+workers" : "none",
          .sequential = program.model == Model::seq,
          .default_workers = program.default_workers,
          .workers = app.get_option("--workers")->get_description(),
          .description = program.description};
}

int run(int argc, char** argv, const IoProgram& program) {
  CLI::App app{program.description, program.name};
  CommonOptions common;
  IoOptions io;
  io.workers = program.default_workers;
  add_common_options(app, common);
  add_io_options(app, io, program.model);
  if (describe_requested(argc, argv)) {
    std::cout << describe_json(description_of(program, app), app, io_columns()) << '\n';
    return kExitOk;
  }
  const CurlGlobal curl;
  if (curl.code() != CURLE_OK) {
    std::fprintf(stderr, "%s: error: curl_global_init: %s\n", program.name.c_str(), curl_easy_strerror(curl.code()));
    return kExitFailed;
  }
  // io_multi and io_mpi: the processes their event loops run in (MPI starts here for io_mpi).
  std::unique_ptr<FetchGroup> group;
  if (program.join) group = program.join(argc, argv);
  const auto parse = [&](const std::function<void()>& validate) {
    return group ? group->parse(app, argc, argv, validate) : parse_command_line(app, argc, argv, true, validate);
  };
  if (auto code = parse([&] {
        // --csv-header runs nothing, so it needs no URL (sweep tools ask for the header alone);
        // a URL given with it is checked all the same, so a sweep refuses a bad one before any run.
        const bool names_requests = !io.url.empty() || !io.urls_file.empty();
        if (!common.header_only || names_requests) finish_io_options(io, program.model);
        validate_params(common.params, io_columns());
      })) {
    return *code;
  }
  if (group && !group->ready(io, program.name)) return kExitFailed;

  const int ranks = group ? group->ranks() : 1;
  const bool root = !group || group->is_root();
  IoReporter reporter({.impl = program.name,
                       .workers = io.workers * ranks,
                       .ranks = ranks,
                       .threads = program.model == Model::threads ? io.workers : io.loops,
                       .target = io.request_list.target,
                       .loops = io.loops,
                       .shards = group ? static_cast<int>(group->shards(io)) : 0,
                       .http_version = io.transfer.http2 ? "2" : "1.1",
                       .nodes = group ? group->nodes() : 1,
                       .schedule = schedule_name(program.model, io),
                       .client = io.client,
                       .refused_hint = local_target_hint(io.request_list).value_or("")});
  try {
    const int code = run_repeats(common, {reporter.label(), &io_columns(), root}, [&](int repeat, bool) {
      if (group) {
        // Only a single process sees every request end; under MPI each rank would report a share.
        std::optional<ProgressLine> progress;
        if (ranks == 1) progress.emplace(reporter.label(), io.request_list.count, "requests");
        const TimedFetch timed = group->run(io, progress ? &*progress : nullptr);
        if (!root) return Measurement{CsvRow(io_columns()), timed.wall_s, true};
        return reporter.measure(repeat, timed.wall_s, timed.usage, timed.records);
      }
      std::vector<FetchRecord> records;
      {
        ProgressLine progress(reporter.label(), io.request_list.count, "requests");
        const rusage before = own_usage();
        const Stopwatch wall;
        records = program.fetch_all(io.request_list, io.transfer, io.workers, progress);
        const double wall_s = wall.seconds();
        return reporter.measure(repeat, wall_s, usage_since(before), records);
      }
    });
    if (root) reporter.print_summary();
    return code;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: error: %s\n", program.name.c_str(), error.what());
    if (group) group->abort_all();
    return kExitFailed;
  }
}

}  // namespace

int run_io_program(int argc, char** argv, const IoProgram& program) {
  if (!stdout_is_open(program.name)) return kExitFailed;
  return finish_output(program.name, run(argc, argv, program));
}

}  // namespace bb::io
