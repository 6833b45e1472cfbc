// Declares IoOptions, add_io_options (--url/--urls, --requests, --workers, timeouts) and finish_io_options.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "easy_transfer.hpp"
#include "request_list.hpp"

namespace bb::io {

enum class Model { seq, threads, multi, mpi };

struct IoOptions {
  std::string url;
  std::string urls_file;
  long long requests = 0;  // 0: not given (100 with --url, the file's count with --urls)
  int workers = 1;
  TransferSettings transfer;
  int loops = 1;                 // io_multi, io_mpi: event loops (threads) per process
  int shards = 0;                // io_multi, io_mpi: multi handles per loop; 0: one per 100 transfers in flight
  std::string schedule = "static";  // io_mpi: how requests reach the ranks, static or dynamic
  std::string client = "libcurl";   // io_multi, io_mpi: libcurl or nghttp2 (sets transfer.client)
  RequestList request_list;  // filled by finish_io_options
  long open_file_limit = 0;  // filled by finish_io_options
};

void add_io_options(CLI::App& app, IoOptions& options, Model model);

// Builds the request list and checks the worker count against the open-file limit
// (raised to the hard limit first). Throws UsageError; sends nothing.
void finish_io_options(IoOptions& options, Model model);

}  // namespace bb::io
