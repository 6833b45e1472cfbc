// Declares IoProgram, the descriptor of one I/O executable, and run_io_program, the main every I/O executable calls.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "easy_transfer.hpp"
#include "fetch_group.hpp"
#include "fetch_record.hpp"
#include "io_options.hpp"
#include "progress_line.hpp"
#include "request_list.hpp"

namespace bb::io {

using FetchAll = std::function<std::vector<FetchRecord>(const RequestList&, const TransferSettings&, int workers,
                                                        ProgressLine&)>;

struct IoProgram {
  std::string name;         // io_seq, io_threads, io_multi: the program and the impl column
  std::string description;  // first line of --help
  Model model;
  int default_workers;
  FetchAll fetch_all;       // one run over the whole request list, from a fresh client
  // io_multi, io_mpi: the processes their event loops run in (this one, or MPI ranks), which lay the
  // loops out from the options (--loops, --shards); when set it replaces fetch_all.
  JoinFetchGroup join = nullptr;
};

// The whole program: initialises libcurl before any thread, parses and checks the command
// line (exit 2, nothing sent, on bad input), runs warm-up and repeats, prints rows and the
// summary. Returns the exit code: 0 all requests ok, 1 some failed, 2 bad usage.
int run_io_program(int argc, char** argv, const IoProgram& program);

}  // namespace bb::io
