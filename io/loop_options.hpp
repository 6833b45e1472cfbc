// Declares the options of the event-loop models: --loops, --shards, --client (io_multi, io_mpi), --schedule (io_mpi).
#pragma once

#include <CLI/CLI.hpp>

#include "io_options.hpp"

namespace bb::io {

// io_multi and io_mpi run event loops of multi handles; io_seq and io_threads block on easy handles.
inline bool runs_event_loops(Model model) { return model == Model::multi || model == Model::mpi; }

// Adds --loops, --shards and --client to an event-loop model, and --schedule to io_mpi.
void add_loop_options(CLI::App& app, IoOptions& options, Model model);

// Checks --loops and --shards against --workers and --client against --http2, --fresh-connections and the
// URLs (throws UsageError), then sets the transfer's client; the request list must be built.
void finish_loop_options(IoOptions& options, Model model);

// Descriptors the loops need beyond the connections: an epoll set per loop and libcurl's wake-up
// socket pair per multi handle.
long loop_descriptors(const IoOptions& options, Model model);

}  // namespace bb::io
