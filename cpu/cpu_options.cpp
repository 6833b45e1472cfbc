// The CPU suite's own options (--tasks, --schedule, --workers, --gil) and their validation.
#include "cpu_options.hpp"

#include "sizing.hpp"
#include "task_spec.hpp"

namespace bb::cpu {

void add_tasks_option(CLI::App& app, CpuOptions& options) {
  app.add_option("--tasks", options.tasks_spec,
                 "Task list: NUM or NUMxCOUNT items, comma-separated (30x100 = the seed's [30]*100; "
                 "50,63,32 = its uneven list)")
      ->type_name("SPEC")
      ->capture_default_str();
}

void add_schedule_option(CLI::App& app, CpuOptions& options, const std::string& description) {
  app.add_option("--schedule", options.schedule, description)
      ->check(CLI::IsMember({"static", "dynamic"}))
      ->capture_default_str();
}

void add_workers_option(CLI::App& app, CpuOptions& options, const std::string& description) {
  app.add_option("--workers", options.workers, description)->check(CLI::Range(1, 4096))->capture_default_str();
}

void add_gil_option(CLI::App& app, CpuOptions& options) {
  app.add_flag("--gil{5}", options.gil_ms,
               "Emulate CPython's interpreter lock: threads take turns, switching every MS milliseconds "
               "(--gil alone = 5 ms, CPython's default switch interval; write --gil=MS for another)")
      ->type_name("[=MS]")
      ->check(CLI::Range(1, 10000));
}

void finish_cpu_options(CpuOptions& options, int total_workers) {
  options.tasks = parse_task_spec(options.tasks_spec);
  check_task_sizes(options.tasks, total_workers);
}

}  // namespace bb::cpu
