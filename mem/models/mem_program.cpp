// run_mem_program: the one error boundary around options, the rank group, the passes and the verdict.
#include "mem_program.hpp"

#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>

#include "cli.hpp"
#include "error_boundary.hpp"
#include "exit_codes.hpp"
#include "mem_options.hpp"
#include "mem_report.hpp"
#include "mem_run.hpp"
#include "model_description.hpp"
#include "output_check.hpp"
#include "rank_group.hpp"

namespace bb::mem {

namespace {

// Repeats the memory suite runs unless told: BabelStream-like, cheap at a few times the cache.
constexpr int kDefaultRepeats = 10;

ModelDescription description_of(const MemProgram& program) {
  return {.name = program.name,
          .suite = "mem",
          .kind = kind_of(program.launch),
          .launch = launch_name(program.launch),
          .sequential = program.launch == Launch::none,
          .default_workers = program.default_workers,
          .workers = program.workers,
          .description = program.description};
}

int run(int argc, char** argv, const MemProgram& program, std::unique_ptr<RankGroup>& group) {
  CLI::App app{program.description, program.name};
  CommonOptions common;
  common.repeats = kDefaultRepeats;
  MemOptions mem;
  add_common_options(app, common);
  add_mem_options(app, mem, program);
  if (describe_requested(argc, argv)) {
    std::cout << describe_json(description_of(program), app, mem_columns()) << '\n';
    return kExitOk;
  }
  group = join_rank_group(program.launch, argc, argv);
  if (auto code = group->parse(app, argc, argv, [&] {
        finish_mem_options(mem, program, group->size(), group->ranks_on_this_node());
        validate_params(common.params, mem_columns());
      })) {
    return *code;
  }
  // Rank 0's checks decided the footprint; a rank on a node with other limits must still hold the same share.
  std::uint64_t decided[3] = {mem.footprint.elements, mem.footprint.index_bytes, mem.llc_bytes};
  group->share_root_values(decided, 3);
  mem.footprint = {decided[0], static_cast<unsigned>(decided[1])};
  mem.llc_bytes = decided[2];
  if (group->is_root() && !mem.size_note.empty() && !common.header_only) {
    std::fprintf(stderr, "%s: %s\n", program.name.c_str(), mem.size_note.c_str());
  }
  return run_passes(program, common, mem, *group);
}

}  // namespace

int run_mem_program(int argc, char** argv, const MemProgram& program) {
  return run_within_error_boundary<RankGroup>(
      program.name, [&](std::unique_ptr<RankGroup>& group) { return run(argc, argv, program, group); });
}

}  // namespace bb::mem
