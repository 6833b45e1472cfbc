// run_io_program: libcurl global init, parse and check the options, then time fetch_all over warm-ups and repeats.
#include "io_program.hpp"

#include <curl/curl.h>
#include <sys/resource.h>

#include <cstdio>
#include <exception>
#include <iostream>

#include "cli.hpp"
#include "clock.hpp"
#include "exit_codes.hpp"
#include "io_report.hpp"
#include "model_description.hpp"
#include "output_check.hpp"
#include "repeat_driver.hpp"

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

rusage own_usage() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage;
}

double seconds_of(const timeval& time) { return static_cast<double>(time.tv_sec) + time.tv_usec / 1e6; }

// The whole process over one run: every thread's CPU time and context switches.
RunUsage usage_since(const rusage& before) {
  const rusage after = own_usage();
  return {.cpu_s = seconds_of(after.ru_utime) + seconds_of(after.ru_stime) - seconds_of(before.ru_utime) -
                   seconds_of(before.ru_stime),
          .voluntary = after.ru_nvcsw - before.ru_nvcsw,
          .involuntary = after.ru_nivcsw - before.ru_nivcsw};
}

const char* kind_of(Model model) {
  switch (model) {
    case Model::threads: return "threads";
    case Model::multi: return "event-loop";
    case Model::seq: break;
  }
  return "sequential";
}

ModelDescription description_of(const IoProgram& program, const CLI::App& app) {
  return {.name = program.name,
          .suite = "io",
          .kind = kind_of(program.model),
          .launch = "none",
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
  if (auto code = parse_command_line(app, argc, argv, true, [&] {
        // --csv-header runs nothing, so it needs no URL (sweep tools ask for the header alone);
        // a URL given with it is checked all the same, so a sweep refuses a bad one before any run.
        const bool names_requests = !io.url.empty() || !io.urls_file.empty();
        if (!common.header_only || names_requests) finish_io_options(io, program.model);
        validate_params(common.params, io_columns());
      })) {
    return *code;
  }

  IoReporter reporter({.impl = program.name,
                       .workers = io.workers,
                       .threads = program.model == Model::threads ? io.workers : 1,
                       .target = io.request_list.target,
                       .refused_hint = local_target_hint(io.request_list).value_or("")});
  try {
    const int code = run_repeats(common, {reporter.label(), &io_columns(), true}, [&](int repeat, bool) {
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
    reporter.print_summary();
    return code;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: error: %s\n", program.name.c_str(), error.what());
    return kExitFailed;
  }
}

}  // namespace

int run_io_program(int argc, char** argv, const IoProgram& program) {
  if (!stdout_is_open(program.name)) return kExitFailed;
  return finish_output(program.name, run(argc, argv, program));
}

}  // namespace bb::io
