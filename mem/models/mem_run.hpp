// The measurement of a memory program: warm-ups and repeats of the chosen kernels over one set of arrays.
#pragma once

#include "cli.hpp"
#include "mem_options.hpp"
#include "mem_program.hpp"
#include "rank_group.hpp"

namespace bb::mem {

// Allocates this rank's arrays, then every run (warm-up or repeat) sets them to their starting values and times
// each kernel once between barriers, verifying its result after the timing. Rows, the summary and the verdict
// come from the root alone; every rank returns the same exit code (kExitFailed when any pass did not verify).
int run_passes(const MemProgram& program, const CommonOptions& common, const MemOptions& options, RankGroup& group);

}  // namespace bb::mem
