// Declares the options of the event-loop models: --loops and --shards (io_multi, io_mpi), --schedule (io_mpi).
#pragma once

#include <CLI/CLI.hpp>

#include "io_options.hpp"

namespace bb::io {

// io_multi and io_mpi run event loops of multi handles; io_seq and io_threads block on easy handles.
inline bool runs_event_loops(Model model) { return model == Model::multi || model == Model::mpi; }

// Adds --loops and --shards to an event-loop model, and --schedule to io_mpi.
void add_loop_options(CLI::App& app, IoOptions& options, Model model);

// Checks --loops and --shards against --workers (throws UsageError); the request list must be built.
void finish_loop_options(const IoOptions& options, Model model);

// Descriptors the loops need beyond the connections: an epoll set per loop and libcurl's wake-up
// socket pair per multi handle.
long loop_descriptors(const IoOptions& options, Model model);

}  // namespace bb::io
